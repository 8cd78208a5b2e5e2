package io.wshub.redis;

/**
 * The Lua scripts the backplane runs on Redis: each is one atomic step, so two nodes never see a
 * half-made change (and only one of them cleans up after a dead node). Every script takes the key
 * prefix as ARGV[1] and the calling node as ARGV[2].
 *
 * <p>Keys, for prefix P: {@code P:node:N} (node N's heartbeat, with a TTL), {@code P:nodes} (the
 * nodes that announced themselves), {@code P:ids:N} (the ids connected to N), {@code P:id:I} (the
 * nodes id I is connected to). Channels: {@code P:to:N} (to node N), {@code P:all} (every node).
 */
final class Scripts {

  private Scripts() {}

  /** ARGV[3] id, ARGV[4] "1" to replace the id's connections elsewhere. */
  static final String CONNECT = """
      local p, node, id = ARGV[1], ARGV[2], ARGV[3]
      local key = p .. ':id:' .. id
      if ARGV[4] == '1' then
        for _, other in ipairs(redis.call('SMEMBERS', key)) do
          if other ~= node then
            redis.call('SREM', key, other)
            redis.call('SREM', p .. ':ids:' .. other, id)
            redis.call('PUBLISH', p .. ':to:' .. other, 'X\\n' .. id)
          end
        end
      end
      redis.call('SADD', key, node)
      redis.call('SADD', p .. ':ids:' .. node, id)
      return 1
      """;

  /** ARGV[3] id. */
  static final String DISCONNECT = """
      local p, node, id = ARGV[1], ARGV[2], ARGV[3]
      redis.call('SREM', p .. ':id:' .. id, node)
      redis.call('SREM', p .. ':ids:' .. node, id)
      return 1
      """;

  /**
   * ARGV[3] id, ARGV[4] the payload: published to every live node the id is on but the caller.
   * Returns how many nodes heard it (a node that died has no subscriber: it does not count).
   */
  static final String SEND = """
      local p, node, id = ARGV[1], ARGV[2], ARGV[3]
      local heard = 0
      for _, other in ipairs(redis.call('SMEMBERS', p .. ':id:' .. id)) do
        if other ~= node and redis.call('EXISTS', p .. ':node:' .. other) == 1 then
          heard = heard + redis.call('PUBLISH', p .. ':to:' .. other, ARGV[4])
        end
      end
      return heard
      """;

  /** ARGV[3] id: 1 if a live node other than the caller has it. */
  static final String ONLINE = """
      local p, node, id = ARGV[1], ARGV[2], ARGV[3]
      for _, other in ipairs(redis.call('SMEMBERS', p .. ':id:' .. id)) do
        if other ~= node and redis.call('EXISTS', p .. ':node:' .. other) == 1 then
          return 1
        end
      end
      return 0
      """;

  /** ARGV[3] the TTL in ms. Returns 1 if the heartbeat key was still there (0: expired, reaped or Redis restarted). */
  static final String HEARTBEAT = """
      local p, node = ARGV[1], ARGV[2]
      local alive = p .. ':node:' .. node
      local existed = redis.call('EXISTS', alive)
      redis.call('SET', alive, '1', 'PX', ARGV[3])
      redis.call('SADD', p .. ':nodes', node)
      return existed
      """;

  /**
   * ARGV[3] the TTL in ms, ARGV[4] "1" to replace the ids' connections elsewhere, ARGV[5..] every
   * id connected to the caller: what Redis holds for the caller is replaced by exactly that.
   */
  static final String ANNOUNCE = """
      local p, node = ARGV[1], ARGV[2]
      local idsKey = p .. ':ids:' .. node
      for _, id in ipairs(redis.call('SMEMBERS', idsKey)) do
        redis.call('SREM', p .. ':id:' .. id, node)
      end
      redis.call('DEL', idsKey)
      for i = 5, #ARGV do
        local key = p .. ':id:' .. ARGV[i]
        if ARGV[4] == '1' then
          for _, other in ipairs(redis.call('SMEMBERS', key)) do
            if other ~= node then
              redis.call('SREM', key, other)
              redis.call('SREM', p .. ':ids:' .. other, ARGV[i])
              redis.call('PUBLISH', p .. ':to:' .. other, 'X\\n' .. ARGV[i])
            end
          end
        end
        redis.call('SADD', key, node)
        redis.call('SADD', idsKey, ARGV[i])
      end
      redis.call('SET', p .. ':node:' .. node, '1', 'PX', ARGV[3])
      redis.call('SADD', p .. ':nodes', node)
      return #ARGV - 4
      """;

  /**
   * Forgets every node whose heartbeat expired: its ids are no longer on it. Atomic, so of the
   * nodes that run it at once one finds the dead node and the others find nothing. Returns the
   * nodes it forgot.
   */
  static final String REAP = """
      local p = ARGV[1]
      local reaped = {}
      for _, n in ipairs(redis.call('SMEMBERS', p .. ':nodes')) do
        if redis.call('EXISTS', p .. ':node:' .. n) == 0 then
          local idsKey = p .. ':ids:' .. n
          for _, id in ipairs(redis.call('SMEMBERS', idsKey)) do
            redis.call('SREM', p .. ':id:' .. id, n)
          end
          redis.call('DEL', idsKey)
          redis.call('SREM', p .. ':nodes', n)
          table.insert(reaped, n)
        end
      end
      return reaped
      """;

  /** The caller leaves: its ids and its heartbeat go. */
  static final String GOODBYE = """
      local p, node = ARGV[1], ARGV[2]
      local idsKey = p .. ':ids:' .. node
      for _, id in ipairs(redis.call('SMEMBERS', idsKey)) do
        redis.call('SREM', p .. ':id:' .. id, node)
      end
      redis.call('DEL', idsKey, p .. ':node:' .. node)
      redis.call('SREM', p .. ':nodes', node)
      return 1
      """;
}

package io.wshub.redis;

/**
 * The Lua scripts the backplane runs on Redis: each is one atomic step, so two nodes never see a
 * half-made change (and only one of them cleans up after a dead node, or announces an id's
 * presence in a room). Every script takes the key prefix as ARGV[1] and the calling node as
 * ARGV[2].
 *
 * <p>Keys, for prefix P: {@code P:node:N} (node N's heartbeat, with a TTL), {@code P:nodes} (the
 * nodes that announced themselves), {@code P:ids:N} (the ids connected to N), {@code P:id:I} (a
 * hash: the nodes id I is connected to, each with its connection's generation), {@code P:gen} (the
 * last generation given), {@code P:rooms:N} (node N's memberships, each {@code "ROOM ID"}: an id
 * in a room through N), {@code P:room:R} (a hash: the ids in room R, each with the number of nodes
 * it is there through), {@code P:rnodes:R} (a hash: the nodes with members in R, each with how many
 * of its ids), {@code P:of:I} (a hash: the rooms of id I, each with its number of nodes) and
 * {@code P:reaped:N} (N was cleaned up after as dead: its members were told they left). Channels:
 * {@code P:to:N} (to node N), {@code P:all} (every node). Room names have no spaces, so a
 * membership splits at its first one.
 *
 * <p>Presence events are published as {@code "E\nROOM\nJ|L\nID"} to every node with members in
 * the room, the caller included, from inside the script that changed the presence: so every node
 * hears them in the one order Redis made them.
 */
final class Scripts {

  private Scripts() {}

  /** What the room scripts share: the caller, and entering, leaving and telling a room. */
  private static final String ROOMS = """
      local p, node = ARGV[1], ARGV[2]
      local function dec(key, field)
        local left = redis.call('HINCRBY', key, field, -1)
        if left <= 0 then
          redis.call('HDEL', key, field)
        end
        return left
      end
      -- Publishes a presence event to every node with members in the room but skip; returns false
      -- if it was published to the caller and nobody there heard it (its subscription is down).
      local function tell(room, id, kind, skip)
        local heard = true
        local event = 'E\\n' .. room .. '\\n' .. kind .. '\\n' .. id
        for _, n in ipairs(redis.call('HKEYS', p .. ':rnodes:' .. room)) do
          if n ~= skip then
            local listeners = redis.call('PUBLISH', p .. ':to:' .. n, event)
            if n == node and listeners == 0 then
              heard = false
            end
          end
        end
        return heard
      end
      -- id is in room through node n now; true when that begins its presence in the room.
      local function enter(n, room, id)
        if redis.call('SADD', p .. ':rooms:' .. n, room .. ' ' .. id) == 0 then
          return false
        end
        redis.call('HINCRBY', p .. ':rnodes:' .. room, n, 1)
        redis.call('HINCRBY', p .. ':of:' .. id, room, 1)
        return redis.call('HINCRBY', p .. ':room:' .. room, id, 1) == 1
      end
      -- id is no longer in room through node n; true when that ends its presence in the room.
      local function exit(n, room, id)
        if redis.call('SREM', p .. ':rooms:' .. n, room .. ' ' .. id) == 0 then
          return false
        end
        dec(p .. ':rnodes:' .. room, n)
        dec(p .. ':of:' .. id, room)
        return dec(p .. ':room:' .. room, id) <= 0
      end
      local function split(membership)
        local at = string.find(membership, ' ', 1, true)
        return string.sub(membership, 1, at - 1), string.sub(membership, at + 1)
      end
      -- Node n is gone: its ids are no longer on it, and its rooms are told who left.
      local function forget(n)
        local idsKey = p .. ':ids:' .. n
        for _, id in ipairs(redis.call('SMEMBERS', idsKey)) do
          redis.call('HDEL', p .. ':id:' .. id, n)
        end
        redis.call('DEL', idsKey)
        for _, membership in ipairs(redis.call('SMEMBERS', p .. ':rooms:' .. n)) do
          local room, id = split(membership)
          if exit(n, room, id) then
            tell(room, id, 'L', n)
          end
        end
        redis.call('DEL', p .. ':rooms:' .. n)
        redis.call('SREM', p .. ':nodes', n)
      end
      """;

  /**
   * ARGV[3] id, ARGV[4] the policy: R (replace the id's connections elsewhere), N (refuse if it has
   * one on a live node) or M. Returns the connection's generation, or 0 if refused.
   */
  static final String CONNECT = """
      local p, node, id, policy = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
      local key = p .. ':id:' .. id
      if policy == 'N' then
        for _, other in ipairs(redis.call('HKEYS', key)) do
          if other ~= node and redis.call('EXISTS', p .. ':node:' .. other) == 1 then
            return 0
          end
        end
      end
      local generation = redis.call('INCR', p .. ':gen')
      if policy == 'R' then
        for _, other in ipairs(redis.call('HKEYS', key)) do
          if other ~= node then
            redis.call('HDEL', key, other)
            redis.call('SREM', p .. ':ids:' .. other, id)
            redis.call('PUBLISH', p .. ':to:' .. other, 'X\\n' .. generation .. '\\n' .. id)
          end
        end
      end
      redis.call('HSET', key, node, generation)
      redis.call('SADD', p .. ':ids:' .. node, id)
      return generation
      """;

  /** ARGV[3] id. */
  static final String DISCONNECT = """
      local p, node, id = ARGV[1], ARGV[2], ARGV[3]
      redis.call('HDEL', p .. ':id:' .. id, node)
      redis.call('SREM', p .. ':ids:' .. node, id)
      return 1
      """;

  /**
   * A batch of what a hub's burst sent, in order. ARGV[3] K, then K pairs of an id and a payload
   * (each framed {@code LENGTH:PAYLOAD}, its length in Java chars), then pairs of a node and a
   * message for it (receipts). Each live node the K ids are on, but the caller, is published one
   * message, {@code Z} and its payloads in order; then the receipts are published. Returns, for each
   * of the K, how many nodes heard it (a node that died has no subscriber: it does not count).
   */
  static final String BATCH = """
      local p, node, k = ARGV[1], ARGV[2], tonumber(ARGV[3])
      local heard, live, out, to, order = {}, {}, {}, {}, {}
      local i = 4
      for n = 1, k do
        heard[n] = 0
        for _, other in ipairs(redis.call('HKEYS', p .. ':id:' .. ARGV[i])) do
          if other ~= node then
            if live[other] == nil then
              live[other] = redis.call('EXISTS', p .. ':node:' .. other) == 1
            end
            if live[other] then
              if out[other] == nil then
                out[other], to[other] = {}, {}
                order[#order + 1] = other
              end
              table.insert(out[other], ARGV[i + 1])
              table.insert(to[other], n)
              heard[n] = heard[n] + 1
            end
          end
        end
        i = i + 2
      end
      for _, other in ipairs(order) do
        if redis.call('PUBLISH', p .. ':to:' .. other, 'Z' .. table.concat(out[other])) == 0 then
          for _, n in ipairs(to[other]) do
            heard[n] = heard[n] - 1
          end
        end
      end
      while i < #ARGV do
        redis.call('PUBLISH', p .. ':to:' .. ARGV[i], ARGV[i + 1])
        i = i + 2
      end
      return heard
      """;

  /** ARGV[3] id: 1 if a live node other than the caller has it. */
  static final String ONLINE = """
      local p, node, id = ARGV[1], ARGV[2], ARGV[3]
      for _, other in ipairs(redis.call('HKEYS', p .. ':id:' .. id)) do
        if other ~= node and redis.call('EXISTS', p .. ':node:' .. other) == 1 then
          return 1
        end
      end
      return 0
      """;

  /**
   * ARGV[3] room, ARGV[4] id: the id's first connection on the caller entered the room. Returns 0
   * if that began no presence, 1 if it did and the event was published, 2 if it was published but
   * the caller's own subscription did not hear it.
   */
  static final String JOINED = ROOMS + """
      if not enter(node, ARGV[3], ARGV[4]) then
        return 0
      end
      return tell(ARGV[3], ARGV[4], 'J', nil) and 1 or 2
      """;

  /** ARGV[3] room, ARGV[4] id: the id's last connection on the caller left the room; returns as JOINED. */
  static final String LEFT = ROOMS + """
      if not exit(node, ARGV[3], ARGV[4]) then
        return 0
      end
      return tell(ARGV[3], ARGV[4], 'L', nil) and 1 or 2
      """;

  /** ARGV[3] room, ARGV[4] the payload: published to every other node with members in the room. */
  static final String TO_ROOM = """
      local p, node, room = ARGV[1], ARGV[2], ARGV[3]
      local nodes = 0
      for _, n in ipairs(redis.call('HKEYS', p .. ':rnodes:' .. room)) do
        if n ~= node then
          redis.call('PUBLISH', p .. ':to:' .. n, ARGV[4])
          nodes = nodes + 1
        end
      end
      return nodes
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
   * What Redis holds for the caller is replaced by exactly what it has: after a start, an outage,
   * or Redis's restart. ARGV[3] the TTL in ms, ARGV[4] the policy (as CONNECT's), ARGV[5] K, then
   * K pairs of an id connected to the caller and its generation (0: the cluster never gave it one),
   * then the caller's memberships.
   *
   * <p>Under R, an id connected elsewhere too keeps the newer connection: an older one elsewhere is
   * told to close ({@code X}), and when the caller's is the older, the caller is told in the reply.
   * Room presence that begins or ends by the change is told to the other nodes' members when
   * Redis held the caller's old state (an outage it lived through) or the caller was cleaned up
   * after as dead (its members were told they left); when Redis had nothing of the caller (it lost
   * its data, or this is a first start) nobody is told, the caller replays what it could not tell.
   *
   * <p>Returns {how: 1 Redis held the caller's state, 2 the caller was reaped, 0 neither}, then for
   * each id in order its generation, or minus the newer connection's when the caller's lost.
   */
  static final String ANNOUNCE = ROOMS + """
      local policy, k = ARGV[4], tonumber(ARGV[5])
      local idsKey, roomsKey = p .. ':ids:' .. node, p .. ':rooms:' .. node
      local how = 0
      if redis.call('EXISTS', idsKey) + redis.call('EXISTS', roomsKey) > 0 then
        how = 1
      elseif redis.call('DEL', p .. ':reaped:' .. node) == 1 then
        how = 2
      end
      local answer = {how}
      for _, id in ipairs(redis.call('SMEMBERS', idsKey)) do
        redis.call('HDEL', p .. ':id:' .. id, node)
      end
      redis.call('DEL', idsKey)
      for i = 0, k - 1 do
        local id, generation = ARGV[6 + 2 * i], tonumber(ARGV[7 + 2 * i])
        local key = p .. ':id:' .. id
        if generation == 0 then
          generation = redis.call('INCR', p .. ':gen')
        end
        local newer = 0
        if policy == 'R' then
          for _, other in ipairs(redis.call('HKEYS', key)) do
            local theirs = tonumber(redis.call('HGET', key, other))
            if redis.call('EXISTS', p .. ':node:' .. other) == 0 then
              -- a dead node's: the next clean-up forgets it
            elseif theirs > generation then
              newer = math.max(newer, theirs)
            else
              redis.call('HDEL', key, other)
              redis.call('SREM', p .. ':ids:' .. other, id)
              redis.call('PUBLISH', p .. ':to:' .. other, 'X\\n' .. generation .. '\\n' .. id)
            end
          end
        end
        if newer > 0 then
          table.insert(answer, -newer)
        else
          redis.call('HSET', key, node, generation)
          redis.call('SADD', idsKey, id)
          table.insert(answer, generation)
        end
      end
      local wanted = {}
      for i = 6 + 2 * k, #ARGV do
        wanted[ARGV[i]] = true
      end
      local had = {}
      for _, membership in ipairs(redis.call('SMEMBERS', roomsKey)) do
        had[membership] = true
        if not wanted[membership] then
          local room, id = split(membership)
          if exit(node, room, id) and how == 1 then
            tell(room, id, 'L', node)
          end
        end
      end
      for i = 6 + 2 * k, #ARGV do
        if not had[ARGV[i]] then
          local room, id = split(ARGV[i])
          if enter(node, room, id) and how ~= 0 then
            tell(room, id, 'J', node)
          end
        end
      end
      redis.call('SET', p .. ':node:' .. node, '1', 'PX', ARGV[3])
      redis.call('SADD', p .. ':nodes', node)
      return answer
      """;

  /**
   * ARGV[3..] memberships whose change the caller could not tell while Redis was away, and that
   * Redis has forgotten since: each room's members on the other nodes are told the id's presence
   * as it is now ("joined" if it is in the room through any node, "left" if through none).
   */
  static final String REPLAY = ROOMS + """
      for i = 3, #ARGV do
        local room, id = split(ARGV[i])
        if redis.call('HEXISTS', p .. ':room:' .. room, id) == 1 then
          tell(room, id, 'J', node)
        else
          tell(room, id, 'L', node)
        end
      end
      return #ARGV - 2
      """;

  /**
   * Forgets every node whose heartbeat expired: its ids are no longer on it, and the rooms its ids
   * were in are told they left (where that ends their presence). Atomic, so of the nodes that run
   * it at once one finds the dead node and the others find nothing. Returns the nodes it forgot.
   */
  static final String REAP = ROOMS + """
      local reaped = {}
      for _, n in ipairs(redis.call('SMEMBERS', p .. ':nodes')) do
        if redis.call('EXISTS', p .. ':node:' .. n) == 0 then
          forget(n)
          redis.call('SET', p .. ':reaped:' .. n, '1', 'EX', 86400)
          table.insert(reaped, n)
        end
      end
      return reaped
      """;

  /** The caller leaves: its ids and its heartbeat go, and the other nodes' rooms are told who left. */
  static final String GOODBYE = ROOMS + """
      forget(node)
      redis.call('DEL', p .. ':node:' .. node)
      return 1
      """;
}

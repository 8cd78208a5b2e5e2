package io.wshub.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.wshub.core.Backplane;
import io.wshub.core.DuplicateIdPolicy;
import io.wshub.core.IdCodec;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Backplane} on Redis: every hub given a backplane on the same Redis (and prefix) is a
 * node of one cluster.
 *
 * <pre>{@code
 * Hub<Long> hub = Hub.builder()
 *     .backplane(RedisBackplane.builder("redis://127.0.0.1:6379").build())
 *     .build();
 * }</pre>
 *
 * <p><b>How.</b> Redis holds which node each id is connected to (sets, changed by Lua scripts so
 * that every change is atomic). A SEND for an id with no connection here runs one script that
 * publishes the frame to the channel of each live node the id is on; that node delivers it and
 * publishes the receipt back. A BROADCAST is published to every node. Everything goes over one
 * command connection and one pub/sub connection, in the order the hub made it, so messages from
 * one sender to one receiver keep their order.
 *
 * <p><b>Liveness.</b> Each node refreshes a heartbeat key every {@link Builder#nodeTtl(Duration)
 * TTL}/3 (default TTL 6 s, so every 2 s). A node whose key expired is not online for anyone: a
 * SEND or presence question skips it at once, and the next survivor to check (every 2 s; one
 * script, so exactly one survivor does it) forgets its ids. So a node that dies without a word
 * stops counting within the TTL, and its ids are gone from Redis within TTL + TTL/3 (8 s by
 * default). A node killed on a machine that stays up is skipped sooner: its pub/sub connection
 * closes with the process, and a SEND that no subscriber hears answers "not online".
 *
 * <p><b>Redis down.</b> Commands are rejected while the connection is down (never queued for
 * later), at most 10,000 wait for replies at once, and each gives up after the command timeout (2
 * s by default). The hub goes on serving its own connections; a SEND that needs Redis gets an
 * error reply, and {@code HubStats.clusterReachable()} turns false within a heartbeat. When Redis
 * answers again (also after a restart that lost every key), the node announces its ids afresh.
 *
 * <p>Not supported: Redis Cluster (the scripts touch keys they compute), and enforcing
 * {@link DuplicateIdPolicy#REJECT_NEW} across nodes (each node enforces it for itself).
 *
 * @param <Id> the id type
 */
public final class RedisBackplane<Id> implements Backplane<Id> {

  private static final System.Logger LOG = System.getLogger(RedisBackplane.class.getName());
  /** Answers for SENDs waiting at most: beyond it a SEND fails at once, rather than memory growing. */
  static final int MAX_WAITING = 100_000;

  private final String prefix;
  private final String nodeId;
  private final long ttlMillis;
  private final Duration commandTimeout;
  private final RedisClient client;
  private final String nodeChannel;
  private final String allChannel;

  private Node<Id> node;
  private IdCodec<Id> ids;
  private boolean replace;
  private StatefulRedisConnection<String, String> connection;
  private RedisAsyncCommands<String, String> redis;
  private StatefulRedisPubSubConnection<String, String> pubsub;
  private ScheduledExecutorService timer;

  /** The ids connected here, as the hub told them; guarded by itself, with the commands that tell Redis. */
  private final Set<String> here = new HashSet<>();
  private final Map<Long, Waiting> waiting = new ConcurrentHashMap<>();
  private final AtomicLong tickets = new AtomicLong();
  private final AtomicBoolean reachable = new AtomicBoolean(true);
  /** Set when Redis may have missed something we told it: announce everything again when it answers. */
  private final AtomicBoolean stale = new AtomicBoolean();
  private final AtomicLong reaped = new AtomicLong();
  private final AtomicBoolean stopped = new AtomicBoolean();

  private RedisBackplane(Builder builder) {
    this.prefix = builder.prefix;
    this.nodeId = builder.nodeId != null ? builder.nodeId
        : ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
    this.ttlMillis = builder.nodeTtl.toMillis();
    this.commandTimeout = builder.commandTimeout;
    this.nodeChannel = prefix + ":to:" + nodeId;
    this.allChannel = prefix + ":all";
    this.client = RedisClient.create(builder.uri);
    client.setOptions(ClientOptions.builder()
        .autoReconnect(true)
        // An outage must never buffer without bound nor block: refuse at once, cap what is in flight.
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .requestQueueSize(10_000)
        .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
        .socketOptions(SocketOptions.builder().connectTimeout(commandTimeout).build())
        .build());
  }

  /**
   * A builder for a backplane on the Redis at {@code uri}.
   *
   * @param uri such as {@code redis://127.0.0.1:6379} (see Lettuce's {@code RedisURI} for passwords,
   *     databases and TLS)
   * @return the builder
   * @throws IllegalArgumentException if {@code uri} is not a Redis URI
   */
  public static Builder builder(String uri) {
    return new Builder(uri);
  }

  /** Builds a {@link RedisBackplane}. Defaults: prefix {@code wshub}, node TTL 6 s, command timeout 2 s. */
  public static final class Builder {

    private final RedisURI uri;
    private String prefix = "wshub";
    private String nodeId;
    private Duration nodeTtl = Duration.ofSeconds(6);
    private Duration commandTimeout = Duration.ofSeconds(2);

    private Builder(String uri) {
      Objects.requireNonNull(uri, "uri");
      try {
        this.uri = RedisURI.create(uri);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("not a Redis URI: \"" + uri + "\" (expected redis://HOST:PORT)", e);
      }
    }

    /**
     * The prefix of every key and channel: hubs with the same Redis and prefix are one cluster.
     *
     * @param prefix letters, digits and {@code _ . -}; default {@code wshub}
     * @return this builder
     */
    public Builder prefix(String prefix) {
      this.prefix = name(prefix, "prefix");
      return this;
    }

    /**
     * This node's name in Redis; default the process id and a random part. Two live nodes must not
     * share one.
     *
     * @param nodeId letters, digits and {@code _ . -}
     * @return this builder
     */
    public Builder nodeId(String nodeId) {
      this.nodeId = name(nodeId, "nodeId");
      return this;
    }

    /**
     * How long a node that stopped beating counts as alive; it beats every third of it. Its ids
     * stop being online within this time of its death.
     *
     * @param ttl 3 s to 15 s; default 6 s
     * @return this builder
     */
    public Builder nodeTtl(Duration ttl) {
      Objects.requireNonNull(ttl, "ttl");
      if (ttl.compareTo(Duration.ofSeconds(3)) < 0 || ttl.compareTo(Duration.ofSeconds(15)) > 0) {
        throw new IllegalArgumentException("nodeTtl must be 3 s to 15 s, got " + ttl);
      }
      this.nodeTtl = ttl;
      return this;
    }

    /**
     * How long a command may wait for Redis's reply before it fails (and what needed it is
     * answered with an error).
     *
     * @param timeout 100 ms to 30 s; default 2 s
     * @return this builder
     */
    public Builder commandTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.compareTo(Duration.ofMillis(100)) < 0 || timeout.compareTo(Duration.ofSeconds(30)) > 0) {
        throw new IllegalArgumentException("commandTimeout must be 100 ms to 30 s, got " + timeout);
      }
      this.commandTimeout = timeout;
      return this;
    }

    /**
     * Builds the backplane; it connects when the hub it is given to is built.
     *
     * @param <Id> the hub's id type
     * @return the backplane
     */
    public <Id> RedisBackplane<Id> build() {
      return new RedisBackplane<>(this);
    }

    private static String name(String value, String what) {
      Objects.requireNonNull(value, what);
      if (!value.matches("[A-Za-z0-9_.-]{1,64}")) {
        throw new IllegalArgumentException(what + " must be 1 to 64 letters, digits or _ . -, got \"" + value + "\"");
      }
      return value;
    }
  }

  /**
   * This node's name in Redis.
   *
   * @return the node id
   */
  public String nodeId() {
    return nodeId;
  }

  /**
   * Whether Redis answered the last heartbeat or command (the same as the hub's
   * {@code clusterReachable}).
   *
   * @return {@code true} if the cluster is reachable
   */
  public boolean reachable() {
    return reachable.get();
  }

  /**
   * How many dead nodes this node has forgotten (cleaned up after) since it started.
   *
   * @return the count
   */
  public long nodesReaped() {
    return reaped.get();
  }

  /**
   * For tests: dies as a killed process does, without a goodbye (heartbeats stop, connections
   * drop, Redis keeps this node's ids until its heartbeat expires).
   */
  void crash() {
    stopped.set(true);
    timer.shutdownNow();
    pubsub.close();
    connection.close();
  }

  // ---- Backplane: the hub's thread. ----

  /**
   * Connects to Redis, subscribes and announces this node; called by the hub being built.
   *
   * @param node the hub this backplane serves
   * @throws IllegalStateException if Redis cannot be reached now
   */
  @Override
  public void start(Node<Id> node) {
    if (this.node != null) {
      throw new IllegalStateException("a RedisBackplane serves one hub; build one per hub");
    }
    this.node = Objects.requireNonNull(node, "node");
    this.ids = node.config().ids();
    this.replace = node.config().duplicateIds() == DuplicateIdPolicy.REPLACE;
    try {
      connection = client.connect();
      redis = connection.async();
      pubsub = client.connectPubSub();
      pubsub.addListener(new RedisPubSubAdapter<>() {
        @Override
        public void message(String channel, String message) {
          heard(channel, message);
        }
      });
      pubsub.sync().subscribe(nodeChannel, allChannel);
    } catch (RuntimeException e) {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
      throw new IllegalStateException("the Redis backplane cannot reach Redis: " + e.getMessage(), e);
    }
    timer = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "wshub-redis-" + nodeId);
      thread.setDaemon(true);
      return thread;
    });
    announce();
    long beat = Math.max(1, ttlMillis / 3);
    timer.scheduleWithFixedDelay(this::beat, beat, beat, TimeUnit.MILLISECONDS);
  }

  @Override
  public void connected(Id id) {
    String text = ids.format(id);
    synchronized (here) {
      here.add(text);
      run(Scripts.CONNECT, text, replace ? "1" : "0");
    }
  }

  @Override
  public void disconnected(Id id) {
    String text = ids.format(id);
    synchronized (here) {
      here.remove(text);
      run(Scripts.DISCONNECT, text);
    }
  }

  @Override
  public CompletionStage<Boolean> send(Id to, String frame, boolean receipt) {
    String text = ids.format(to);
    if (!receipt) {
      run(Scripts.SEND, text, "S\n" + nodeId + "\n0\n" + text + "\n" + frame);
      return CompletableFuture.completedFuture(false);
    }
    if (waiting.size() >= MAX_WAITING) {
      return CompletableFuture.failedFuture(new IllegalStateException(
          MAX_WAITING + " messages are waiting for other nodes already"));
    }
    long ticket = tickets.incrementAndGet();
    Waiting answer = new Waiting(System.nanoTime() + 2 * commandTimeout.toNanos());
    waiting.put(ticket, answer); // before the script: the answer may come before its reply does
    CompletionStage<Long> heard = eval(Scripts.SEND, text, "S\n" + nodeId + "\n" + ticket + "\n" + text + "\n" + frame);
    heard.whenComplete((nodes, error) -> {
      if (error != null) {
        answer.fail(error);
      } else {
        answer.expect(nodes.intValue());
      }
      if (answer.future.isDone()) {
        waiting.remove(ticket);
      }
    });
    return answer.future;
  }

  @Override
  public void broadcast(String frame) {
    try {
      redis.publish(allChannel, "B\n" + nodeId + "\n" + frame).whenComplete((heard, error) -> failed(error));
    } catch (RuntimeException e) {
      failed(e);
    }
  }

  @Override
  public CompletionStage<Boolean> isOnline(Id id) {
    return eval(Scripts.ONLINE, ids.format(id)).thenApply(online -> online == 1);
  }

  @Override
  public void stop() {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    timer.shutdownNow();
    waiting.values().forEach(answer -> answer.fail(new IllegalStateException("the hub stopped")));
    CompletionStage<Long> goodbye;
    try {
      goodbye = eval(Scripts.GOODBYE);
    } catch (RuntimeException e) {
      goodbye = CompletableFuture.failedFuture(e);
    }
    // Not on the hub's thread, nor on Lettuce's: shutting its event loops down from one of them stalls.
    goodbye.whenComplete((done, error) -> {
      Thread closer = new Thread(() -> {
        pubsub.close();
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      }, "wshub-redis-close-" + nodeId);
      closer.setDaemon(true);
      closer.start();
    });
  }

  // ---- What arrives from the cluster: Lettuce's threads. ----

  private void heard(String channel, String message) {
    try {
      switch (message.charAt(0)) {
        case 'S' -> {
          String[] parts = message.split("\n", 5);
          String origin = parts[1];
          long ticket = Long.parseLong(parts[2]);
          node.deliver(ids.parse(parts[3]), parts[4]).whenComplete((accepted, error) -> {
            if (ticket != 0) {
              redis.publish(prefix + ":to:" + origin, "R\n" + ticket + "\n" + (Boolean.TRUE.equals(accepted) ? 1 : 0));
            }
          });
        }
        case 'R' -> {
          String[] parts = message.split("\n", 3);
          long ticket = Long.parseLong(parts[1]);
          Waiting answer = waiting.get(ticket);
          if (answer != null && answer.answer("1".equals(parts[2]))) {
            waiting.remove(ticket);
          }
        }
        case 'X' -> node.replaced(ids.parse(message.substring(2)));
        case 'B' -> {
          String[] parts = message.split("\n", 3);
          if (!parts[1].equals(nodeId)) {
            node.deliverToAll(parts[2]);
          }
        }
        default -> LOG.log(Level.WARNING, "wshub: an unknown message on " + channel + " ignored");
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "wshub: a message on " + channel + " could not be handled", e);
    }
  }

  // ---- The backplane's own thread: heartbeats, clean-up, answers that never came. ----

  private void beat() {
    try {
      if (stale.get()) {
        announce();
      } else {
        eval(Scripts.HEARTBEAT, Long.toString(ttlMillis)).whenComplete((existed, error) -> {
          if (error != null) {
            failed(error);
          } else if (existed == 0) {
            LOG.log(Level.INFO, "wshub: Redis had forgotten node " + nodeId + "; announcing its ids again");
            announce();
          } else {
            up();
          }
        });
      }
      redis.eval(Scripts.REAP, ScriptOutputType.MULTI, new String[0], prefix, nodeId)
          .whenComplete((gone, error) -> {
            if (gone instanceof List<?> nodes && !nodes.isEmpty()) {
              reaped.addAndGet(nodes.size());
              LOG.log(Level.INFO, "wshub: node " + nodeId + " cleaned up after dead nodes " + nodes);
            }
          });
      long now = System.nanoTime();
      waiting.entrySet().removeIf(entry -> entry.getValue().expired(now));
    } catch (RuntimeException e) {
      failed(e);
    }
  }

  /** Tells Redis exactly which ids are here: after a start, an outage, or Redis's restart. */
  private void announce() {
    synchronized (here) {
      List<String> args = new ArrayList<>(here.size() + 4);
      args.add(prefix);
      args.add(nodeId);
      args.add(Long.toString(ttlMillis));
      args.add(replace ? "1" : "0");
      args.addAll(here);
      stale.set(false);
      CompletionStage<Long> done;
      try {
        done = redis.eval(Scripts.ANNOUNCE, ScriptOutputType.INTEGER, new String[0], args.toArray(String[]::new));
      } catch (RuntimeException e) {
        done = CompletableFuture.failedFuture(e);
      }
      done.whenComplete((count, error) -> {
        if (error != null) {
          failed(error);
        } else {
          up();
        }
      });
    }
  }

  private void up() {
    if (reachable.compareAndSet(false, true)) {
      LOG.log(Level.INFO, "wshub: Redis is reachable again; node " + nodeId + " is back in the cluster");
      node.reachable(true);
    }
  }

  /** A command failed: Redis may have missed a change, so say so, and announce again when it is back. */
  private void failed(Throwable error) {
    if (error == null || stopped.get()) {
      return;
    }
    stale.set(true);
    if (reachable.compareAndSet(true, false)) {
      LOG.log(Level.WARNING, "wshub: node " + nodeId + " cannot reach Redis: " + error.getMessage());
      node.reachable(false);
    }
  }

  /** Runs a script for its effect; a failure marks the cluster unreachable. */
  private void run(String script, String... args) {
    eval(script, args).whenComplete((result, error) -> failed(error));
  }

  private CompletionStage<Long> eval(String script, String... args) {
    String[] values = new String[args.length + 2];
    values[0] = prefix;
    values[1] = nodeId;
    System.arraycopy(args, 0, values, 2, args.length);
    CompletionStage<Long> result;
    try {
      result = redis.eval(script, ScriptOutputType.INTEGER, new String[0], values);
    } catch (RuntimeException e) {
      result = CompletableFuture.failedFuture(e);
    }
    return result.whenComplete((value, error) -> failed(error));
  }

  /** A SEND's receipt from other nodes: "success send" at the first that accepted, else once all said no. */
  private static final class Waiting {

    final CompletableFuture<Boolean> future = new CompletableFuture<>();
    private final long deadline;
    private int expected = -1;
    private int answers;

    Waiting(long deadline) {
      this.deadline = deadline;
    }

    /** Returns whether the receipt is settled. */
    synchronized boolean answer(boolean accepted) {
      answers++;
      if (accepted) {
        future.complete(true);
      } else if (expected >= 0 && answers >= expected) {
        future.complete(false);
      }
      return future.isDone();
    }

    synchronized void expect(int nodes) {
      expected = nodes;
      if (answers >= nodes) {
        future.complete(false);
      }
    }

    void fail(Throwable error) {
      future.completeExceptionally(error);
    }

    /** A node that heard the message and died before answering: "not online" after the deadline. */
    boolean expired(long now) {
      if (now - deadline >= 0) {
        future.complete(false);
        return true;
      }
      return future.isDone();
    }
  }
}

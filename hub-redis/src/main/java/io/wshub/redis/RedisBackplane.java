package io.wshub.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.netty.util.concurrent.FastThreadLocalThread;
import io.wshub.core.Backplane;
import io.wshub.core.DuplicateIdPolicy;
import io.wshub.core.IdCodec;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

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
 * <p><b>How.</b> Redis holds which node each id is connected to and which ids are in which room
 * through which node (hashes and sets, changed by Lua scripts so that every change is atomic). The
 * SENDs of one burst of the hub's work for ids with no connection here, and the receipts it owes
 * other nodes, go at the burst's end as one script ({@link #flush}), which publishes one message to
 * each live node concerned; that node delivers the frames and its receipts go back in its own next
 * batch. While {@value #BATCHES_IN_FLIGHT} batches are on their way the next one waits and grows, so
 * a node under load sends larger batches rather than more commands. A BROADCAST is published to
 * every node, a ROOM message to every node with members in the room.
 * The script that records a join or a leave also publishes the presence event, when the id's
 * presence in the room begins or ends, to every node with members there: one event, in one order
 * everywhere. Everything goes over one connection, subscribed and used for commands alike (RESP3:
 * Redis 6 or newer), in the order the hub made it: messages from one sender to one receiver keep
 * their order, and a reply comes after every event published before its command, so a connection
 * that joins a room is told "joined" once it counts as a member everywhere, and hears of exactly the
 * presence changes after that.
 *
 * <p><b>Generations.</b> Each connection is given a generation by Redis when it is announced (one
 * counter for the cluster). Under {@code REPLACE} the node of an older connection is told the
 * newer one's generation and closes only what is older than that, so a late message about an
 * older connection (a fast reconnect elsewhere, a node announcing itself again after an outage)
 * never closes a newer one.
 *
 * <p><b>Liveness.</b> Each node refreshes a heartbeat key every {@link Builder#nodeTtl(Duration)
 * TTL}/3 (default TTL 6 s, so every 2 s). A node whose key expired is not online for anyone: a
 * SEND or presence question skips it at once, and the next survivor to check (each checks every
 * second; one script, so exactly one survivor does it) forgets its ids and tells the rooms its ids
 * were in that they left. So a node that dies without a word stops counting within the TTL, and
 * its ids are gone from Redis, its rooms told, within the TTL and a second (7 s by default, 15 s at
 * most). A node killed on a machine that stays up is skipped sooner: its connection closes with
 * the process, and a SEND that no subscriber hears answers "not online".
 *
 * <p><b>Redis down.</b> Commands are rejected while the connection is down (never queued for
 * later), few wait for replies at once (the batches, and the hub's other commands), and each gives
 * up after the command timeout (2 s by default). The hub goes on serving its own connections and
 * rooms; a SEND that needs Redis gets an error reply, saying whether it may have been delivered
 * (it was sent, and no answer came within twice the command timeout) or was not, and
 * {@code HubStats.clusterReachable()} turns false within a heartbeat. A
 * hub built while Redis cannot be reached starts that way, and joins the cluster when it can. When
 * Redis answers again (also after a restart that lost every key), the node announces its ids and
 * memberships afresh: see the README for which presence events follow.
 *
 * <p>Not supported: Redis Cluster (the scripts touch keys they compute). Under
 * {@link DuplicateIdPolicy#REJECT_NEW} an id that connected to two nodes while they could not
 * reach Redis keeps both connections.
 *
 * @param <Id> the id type
 */
public final class RedisBackplane<Id> implements Backplane<Id> {

  private static final System.Logger LOG = System.getLogger(RedisBackplane.class.getName());
  /** Answers for SENDs waiting at most: beyond it a SEND fails at once, rather than memory growing. */
  static final int MAX_WAITING = 100_000;
  /** Messages and receipts one batch script carries at most; a longer burst goes as several. */
  static final int BATCH = 1_000;
  /**
   * Batches on their way to Redis at most: the next waits in the outbox, growing, until one comes
   * back. So what waits in Lettuce stays far below its limit however fast the hub sends, and a
   * slower Redis is answered with larger batches rather than more commands.
   */
  static final int BATCHES_IN_FLIGHT = 4;
  /** How often each node looks for dead nodes to clean up after. */
  static final long REAP_MILLIS = 1_000;
  static final Duration MAX_TTL = Duration.ofSeconds(14);

  private final String prefix;
  private final String nodeId;
  private final long ttlMillis;
  private final Duration commandTimeout;
  private final ClientResources resources;
  private final RedisClient client;
  private final String nodeChannel;
  private final String allChannel;

  private Node<Id> node;
  private IdCodec<Id> ids;
  /** The duplicate-id policy as the scripts take it: R, N or M. */
  private String policy;
  private ScheduledExecutorService timer;
  /**
   * The one connection to Redis, subscribed and used for commands too (RESP3 allows both): what
   * other nodes publish and the replies to this node's commands arrive in the one order Redis made
   * them, so a reply tells the hub that every event published before its command was heard. Null
   * until Redis was first reached; from then on Lettuce reconnects it and subscribes again.
   */
  private volatile StatefulRedisPubSubConnection<String, String> pubsub;
  private volatile RedisAsyncCommands<String, String> redis;

  /**
   * What is here, as the hub told it: the ids connected here with their generations (0: none yet)
   * and the memberships ({@code "ROOM ID"}). Changed under {@link #lock} together with the command
   * that tells Redis, so that an announcement's snapshot has the place in the command stream its
   * content says. Replies only update generations in place, without the lock: they run on
   * Lettuce's thread, which must never wait for a thread that is inside Lettuce.
   */
  private final Object lock = new Object();
  private final Map<String, Long> here = new ConcurrentHashMap<>();
  private final Set<String> memberships = new HashSet<>();
  /** The memberships whose change Redis may have missed, each with whether it was one before the first such change. */
  private final Map<String, Boolean> missed = new ConcurrentHashMap<>();
  /**
   * When to tell the rooms the changes Redis missed, once it had forgotten this node (System.nanoTime),
   * or 0: a node TTL after announcing, when every live node has announced itself again.
   */
  private final AtomicLong replayAt = new AtomicLong();

  /**
   * What goes to Redis, in the order the hub (or the heartbeat) made it: {@link Batch}es of SENDs
   * and receipts, and other commands ({@link Runnable}s that issue them). Guarded by itself, held
   * only to add or take, never while calling into Lettuce. One thread at a time issues from it
   * ({@link #draining}); a batch goes when the hub's burst has ended or something is behind it, and
   * while fewer than {@link #BATCHES_IN_FLIGHT} are on their way.
   */
  private final ArrayDeque<Object> outbox = new ArrayDeque<>();
  private final AtomicBoolean draining = new AtomicBoolean();
  private final AtomicInteger batchesInFlight = new AtomicInteger();
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
    // Back within a second of Redis, whatever the outage's length (Lettuce's default backs off to 30 s).
    this.resources = ClientResources.builder()
        .reconnectDelay(Delay.exponential(Duration.ofMillis(10), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
        .build();
    this.client = RedisClient.create(resources, builder.uri);
    client.setOptions(ClientOptions.builder()
        .protocolVersion(ProtocolVersion.RESP3) // commands on the subscribed connection: Redis 6 or newer
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
     * stop being online within this time of its death, and its rooms are told who left within a
     * second more.
     *
     * @param ttl 3 s to 14 s (so that a dead node's rooms are told within 15 s); default 6 s
     * @return this builder
     */
    public Builder nodeTtl(Duration ttl) {
      Objects.requireNonNull(ttl, "ttl");
      if (ttl.compareTo(Duration.ofSeconds(3)) < 0 || ttl.compareTo(MAX_TTL) > 0) {
        throw new IllegalArgumentException("nodeTtl must be 3 s to 14 s, got " + ttl
            + " (a dead node's rooms are told who left within its TTL and a second, at most 15 s)");
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
   * drop, Redis keeps this node's ids and memberships until its heartbeat expires).
   */
  void crash() {
    stopped.set(true);
    timer.shutdownNow();
    if (pubsub != null) {
      pubsub.close();
    }
  }

  // ---- Backplane: the hub's thread. ----

  /**
   * Connects to Redis, subscribes and announces this node; called by the hub being built. When
   * Redis cannot be reached now, the hub starts unreachable and this backplane tries again every
   * heartbeat until it can.
   *
   * @param node the hub this backplane serves
   * @throws IllegalStateException if this backplane serves a hub already
   */
  @Override
  public void start(Node<Id> node) {
    if (this.node != null) {
      throw new IllegalStateException("a RedisBackplane serves one hub; build one per hub");
    }
    this.node = Objects.requireNonNull(node, "node");
    this.ids = node.config().ids();
    this.policy = switch (node.config().duplicateIds()) {
      case REPLACE -> "R";
      case REJECT_NEW -> "N";
      case MULTI -> "M";
    };
    timer = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "wshub-redis-" + nodeId);
      thread.setDaemon(true);
      return thread;
    });
    connect();
    long beat = Math.max(1, ttlMillis / 3);
    timer.scheduleWithFixedDelay(this::beat, beat, beat, TimeUnit.MILLISECONDS);
    timer.scheduleWithFixedDelay(this::reap, REAP_MILLIS, REAP_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** Connects and subscribes, then announces this node; false (and unreachable) if Redis cannot be reached. */
  private boolean connect() {
    StatefulRedisPubSubConnection<String, String> subscription = null;
    try {
      subscription = client.connectPubSub();
      subscription.addListener(new RedisPubSubAdapter<>() {
        @Override
        public void message(String channel, String message) {
          heard(channel, message);
        }
      });
      subscription.sync().subscribe(nodeChannel, allChannel);
    } catch (RuntimeException e) {
      if (subscription != null) {
        subscription.closeAsync();
      }
      failed(e);
      return false;
    }
    pubsub = subscription;
    redis = subscription.async();
    announce();
    return true;
  }

  @Override
  public CompletionStage<Long> connected(Id id) {
    String text = ids.format(id);
    CompletionStage<Long> generation;
    synchronized (lock) {
      here.put(text, 0L);
      generation = eval(Scripts.CONNECT, text, policy);
    }
    return generation.thenApply(stamp -> {
      if (stamp == 0) {
        here.remove(text, 0L); // REJECT_NEW: connected elsewhere, never here
      } else {
        here.computeIfPresent(text, (same, old) -> stamp);
      }
      return stamp;
    });
  }

  @Override
  public void disconnected(Id id) {
    String text = ids.format(id);
    synchronized (lock) {
      here.remove(text);
      run(Scripts.DISCONNECT, text);
    }
  }

  @Override
  public CompletionStage<Boolean> send(Id to, String frame, boolean receipt) {
    return ask('S', to, frame, receipt);
  }

  @Override
  public CompletionStage<Boolean> join(Id id, String room) {
    return ask('J', id, room, true);
  }

  @Override
  public CompletionStage<Boolean> leave(Id id, String room) {
    return ask('L', id, room, true);
  }

  /**
   * Publishes {@code what} for {@code to} to the nodes it is on, in this burst's batch; each does it
   * and answers with a ticket's receipt: true at the first that could, false once all said no.
   */
  private CompletionStage<Boolean> ask(char kind, Id to, String what, boolean receipt) {
    String text = ids.format(to);
    if (!receipt) {
      add(text, kind + "\n" + nodeId + "\n0\n" + text + "\n" + what, null);
      return CompletableFuture.completedFuture(false);
    }
    if (waiting.size() >= MAX_WAITING) {
      return CompletableFuture.failedFuture(new IllegalStateException(
          "not delivered: " + MAX_WAITING + " messages are waiting for other nodes already"));
    }
    long ticket = tickets.incrementAndGet();
    Waiting answer = new Waiting(ticket, System.nanoTime() + 2 * commandTimeout.toNanos());
    waiting.put(ticket, answer); // before the script: the answer may come before its reply does
    add(text, kind + "\n" + nodeId + "\n" + ticket + "\n" + text + "\n" + what, answer);
    return answer.future;
  }

  /** Adds a message for the nodes {@code id} is on to the batch at the outbox's end. */
  private void add(String id, String payload, Waiting answer) {
    synchronized (outbox) {
      Batch batch = openBatch();
      batch.args.add(id);
      batch.args.add(payload.length() + ":" + payload);
      batch.answers.add(answer);
    }
  }

  /**
   * Adds a receipt for {@code origin} to the batch at the outbox's end: a line {@code TICKET 1}
   * (accepted), {@code TICKET 0} (nobody here took it) or {@code TICKET 2 WHY} (the hub refused it,
   * and why: it was not delivered).
   */
  private void addReceipt(String origin, long ticket, boolean accepted, Throwable refused) {
    synchronized (outbox) {
      Batch batch = openBatch();
      StringBuilder lines = batch.receipts.computeIfAbsent(origin, node -> new StringBuilder("Q")).append('\n').append(ticket);
      if (refused != null) {
        lines.append(" 2 ").append(String.valueOf(reason(refused)).replace('\n', ' '));
      } else {
        lines.append(accepted ? " 1" : " 0");
      }
      batch.receiptCount++;
    }
  }

  /** The batch at the outbox's end, a new one if there is none or it is full; call holding the outbox. */
  private Batch openBatch() {
    if (outbox.peekLast() instanceof Batch last && last.size() < BATCH) {
      return last;
    }
    Batch batch = new Batch();
    outbox.addLast(batch);
    return batch;
  }

  /** The hub's burst ended: the batch at the outbox's end may go. */
  @Override
  public void flush() {
    synchronized (outbox) {
      if (outbox.peekLast() instanceof Batch last) {
        last.ready = true;
      }
    }
    drain();
  }

  /**
   * Issues what may go from the outbox, in order; returns at once when another thread is at it.
   * Never on one of Lettuce's event loops: there a command is written at once, ahead of those other
   * threads issued before and the loop has not written yet, so the backplane's own thread does it.
   */
  private void drain() {
    if (Thread.currentThread() instanceof FastThreadLocalThread) { // Netty's event loops, in 4.1 and 4.2
      synchronized (outbox) {
        if (!mayGo(outbox.peekFirst())) {
          return; // nothing to wake the backplane's thread for
        }
      }
      try {
        timer.execute(this::drain);
      } catch (RejectedExecutionException stopped) {
        // Stopped: what is left in the outbox is not sent.
      }
      return;
    }
    while (draining.compareAndSet(false, true)) {
      try {
        for (Object next = next(); next != null; next = next()) {
          if (next instanceof Batch batch) {
            issue(batch);
          } else {
            ((Runnable) next).run();
          }
        }
      } finally {
        draining.set(false);
      }
      synchronized (outbox) {
        if (!mayGo(outbox.peekFirst())) {
          return; // else something came while we let go, and its adder saw us still at it
        }
      }
    }
  }

  private Object next() {
    synchronized (outbox) {
      return mayGo(outbox.peekFirst()) ? outbox.pollFirst() : null;
    }
  }

  /** Whether the outbox's first item may be issued now; call holding the outbox. */
  private boolean mayGo(Object first) {
    if (first instanceof Batch batch) {
      return (batch.ready || outbox.size() > 1) && batchesInFlight.get() < BATCHES_IN_FLIGHT;
    }
    return first != null;
  }

  /**
   * Runs one batch script: its messages go to the nodes their ids are on, its receipts to theirs.
   * A batch refused before it reached Redis was not delivered; one that failed after (a timeout, a
   * dropped connection) may have been: each sender waiting on it is told which.
   */
  private void issue(Batch batch) {
    batchesInFlight.incrementAndGet();
    String[] args = new String[3 + batch.args.size() + 2 * batch.receipts.size()];
    args[0] = prefix;
    args[1] = nodeId;
    args[2] = Integer.toString(batch.answers.size());
    int at = 3;
    for (String arg : batch.args) {
      args[at++] = arg;
    }
    for (Map.Entry<String, StringBuilder> receipts : batch.receipts.entrySet()) {
      args[at++] = receipts.getKey();
      args[at++] = receipts.getValue().toString();
    }
    RedisAsyncCommands<String, String> commands = redis;
    CompletableFuture<List<Object>> reply;
    try {
      reply = commands == null ? notConnected()
          : commands.<List<Object>>eval(Scripts.BATCH, ScriptOutputType.MULTI, new String[0], args).toCompletableFuture();
    } catch (RuntimeException e) {
      reply = CompletableFuture.failedFuture(e);
    }
    boolean settledAtOnce = reply.isCompletedExceptionally(); // failed before it was sent
    reply.whenComplete((heard, error) -> {
      batchesInFlight.decrementAndGet();
      if (error != null) {
        failed(error);
        boolean refused = settledAtOnce || refusedByLettuce(error);
        String why = (refused ? "not delivered: " : "it may have been delivered: ") + reason(error);
        for (Waiting answer : batch.answers) {
          if (answer != null) {
            answer.fail(new IllegalStateException(why));
            waiting.remove(answer.ticket);
          }
        }
        if (batch.receiptCount > 0) {
          LOG.log(Level.WARNING, "wshub: node " + nodeId + " could not send " + batch.receiptCount
              + " receipts to other nodes (" + reason(error) + "); their senders are told the messages may have been delivered");
        }
      } else {
        for (int i = 0; i < batch.answers.size(); i++) {
          Waiting answer = batch.answers.get(i);
          if (answer != null) {
            answer.expect(((Long) heard.get(i)).intValue());
            if (answer.future.isDone()) {
              waiting.remove(answer.ticket);
            }
          }
        }
      }
      drain(); // a batch held back for this one may go now
    });
  }

  /**
   * Whether Lettuce refused the command without writing it: disconnected ("Commands are rejected"),
   * or its queue full ("Commands are not accepted"). It may do so on its event loop, after the
   * command was handed to it, when the connection dropped meanwhile; a timeout or a connection that
   * closed with the command written may have run it.
   */
  static boolean refusedByLettuce(Throwable error) {
    String message = reason(error);
    return message != null && (message.contains("Commands are rejected") || message.contains("Commands are not accepted"));
  }

  private static String reason(Throwable error) {
    Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
        ? error.getCause() : error;
    return cause.getMessage();
  }

  /** Queues a command behind what is in the outbox, and issues what may go. */
  private <T> CompletionStage<T> command(Function<RedisAsyncCommands<String, String>, RedisFuture<T>> call) {
    CompletableFuture<T> result = new CompletableFuture<>();
    synchronized (outbox) {
      outbox.addLast((Runnable) () -> {
        RedisAsyncCommands<String, String> commands = redis;
        if (commands == null) {
          result.completeExceptionally(notConnectedYet());
          return;
        }
        try {
          call.apply(commands).whenComplete((value, error) -> {
            if (error != null) {
              result.completeExceptionally(error);
            } else {
              result.complete(value);
            }
          });
        } catch (RuntimeException e) {
          result.completeExceptionally(e);
        }
      });
    }
    drain();
    return result;
  }

  @Override
  public CompletionStage<Void> broadcast(String frame) {
    return command(commands -> commands.publish(allChannel, "B\n" + nodeId + "\n" + frame))
        .whenComplete((heard, error) -> failed(error)).thenApply(heard -> null);
  }

  @Override
  public CompletionStage<Boolean> isOnline(Id id) {
    return eval(Scripts.ONLINE, ids.format(id)).thenApply(online -> online == 1);
  }

  @Override
  public CompletionStage<Void> joined(Id id, String room, boolean firstHere) {
    if (!firstHere) {
      // Nothing to record: a round trip, whose reply comes after every event published before it.
      return command(commands -> commands.ping()).whenComplete((reply, error) -> failed(error)).thenApply(reply -> null);
    }
    return presence(Scripts.JOINED, id, room, true);
  }

  @Override
  public CompletionStage<Void> left(Id id, String room) {
    return presence(Scripts.LEFT, id, room, false);
  }

  private CompletionStage<Void> presence(String script, Id id, String room, boolean joined) {
    String membership = room + " " + ids.format(id);
    CompletionStage<Long> told;
    synchronized (lock) {
      if (joined) {
        memberships.add(membership);
      } else {
        memberships.remove(membership);
      }
      told = eval(script, room, ids.format(id));
    }
    return told.handle((how, error) -> {
      if (error != null) {
        missed.putIfAbsent(membership, !joined); // told when Redis is back
        throw error instanceof RuntimeException runtime ? runtime : new IllegalStateException(error);
      }
      if (how == 2) {
        node.presence(room, id, joined); // published, but our own subscription is down: tell them here
      }
      return null;
    });
  }

  @Override
  public CompletionStage<Void> sendToRoom(String room, String frame, Id except) {
    String payload = "M\n" + room + "\n" + (except == null ? "" : ids.format(except)) + "\n" + frame;
    return eval(Scripts.TO_ROOM, room, payload).thenApply(nodes -> null);
  }

  @Override
  public CompletionStage<List<Id>> members(String room) {
    return hkeys(prefix + ":room:" + room).thenApply(texts -> {
      List<Id> members = new ArrayList<>(texts.size());
      for (String text : texts) {
        members.add(ids.parse(text));
      }
      return members;
    });
  }

  @Override
  public CompletionStage<Set<String>> rooms(Id id) {
    return hkeys(prefix + ":of:" + ids.format(id)).thenApply(HashSet::new);
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
      goodbye = redis == null ? notConnected() : eval(Scripts.GOODBYE);
    } catch (RuntimeException e) {
      goodbye = CompletableFuture.failedFuture(e);
    }
    // Not on the hub's thread, nor on Lettuce's: shutting its event loops down from one of them stalls.
    goodbye.whenComplete((done, error) -> {
      Thread closer = new Thread(() -> {
        if (pubsub != null) {
          pubsub.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
      }, "wshub-redis-close-" + nodeId);
      closer.setDaemon(true);
      closer.start();
    });
  }

  // ---- What arrives from the cluster: Lettuce's threads. ----

  private void heard(String channel, String message) {
    try {
      switch (message.charAt(0)) {
        case 'Z' -> {
          boolean settled = true;
          for (int at = 1; at < message.length(); ) {
            int colon = message.indexOf(':', at);
            int end = colon + 1 + Integer.parseInt(message, at, colon, 10);
            settled &= one(message.substring(colon + 1, end));
            at = end;
          }
          if (!settled) {
            flush(); // a receipt was added here, not on the hub's thread before its burst's end
          }
        }
        case 'Q' -> {
          for (String line : message.substring(2).split("\n")) {
            int space = line.indexOf(' ');
            long ticket = Long.parseLong(line, 0, space, 10);
            Waiting answer = waiting.get(ticket);
            char code = line.charAt(space + 1);
            if (answer != null && answer.answer(code == '1', code == '2' ? line.substring(space + 3) : null)) {
              waiting.remove(ticket);
            }
          }
        }
        case 'X' -> {
          String[] parts = message.split("\n", 3);
          node.replaced(ids.parse(parts[2]), Long.parseLong(parts[1]));
        }
        case 'B' -> {
          String[] parts = message.split("\n", 3);
          if (!parts[1].equals(nodeId)) {
            // Not waited on, here nor for M and E: one the hub refuses (it is behind) it counts and
            // warns of itself, and Redis is fine.
            node.deliverToAll(parts[2]);
          }
        }
        case 'M' -> {
          String[] parts = message.split("\n", 4);
          node.deliverToRoom(parts[1], parts[3], parts[2].isEmpty() ? null : ids.parse(parts[2]));
        }
        case 'E' -> {
          String[] parts = message.split("\n", 4);
          node.presence(parts[1], ids.parse(parts[3]), "J".equals(parts[2]));
        }
        default -> LOG.log(Level.WARNING, "wshub: an unknown message on " + channel + " ignored");
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "wshub: a message on " + channel + " could not be handled", e);
    }
  }

  /**
   * Does one message of a batch: {@code KIND\nORIGIN\nTICKET\nID\nWHAT}. Its receipt, if one is
   * wanted, goes into the outbox when the hub has done it. Returns false when that happened at once,
   * on this thread: then nobody but this thread will flush it.
   */
  private boolean one(String entry) {
    String[] parts = entry.split("\n", 5);
    String origin = parts[1];
    long ticket = Long.parseLong(parts[2]);
    Id to = ids.parse(parts[3]);
    CompletableFuture<Boolean> done = switch (entry.charAt(0)) {
      case 'S' -> node.deliver(to, parts[4]);
      case 'J' -> node.join(to, parts[4]);
      case 'L' -> node.leave(to, parts[4]);
      default -> throw new IllegalArgumentException("an unknown kind of message: " + entry.charAt(0));
    };
    if (ticket == 0) {
      return true;
    }
    // Completed on the hub's thread, within a burst whose end flushes the outbox.
    done.whenComplete((accepted, error) -> addReceipt(origin, ticket, Boolean.TRUE.equals(accepted), error));
    return !done.isDone();
  }

  // ---- The backplane's own thread: connecting, heartbeats, clean-up, answers that never came. ----

  private void beat() {
    try {
      if (redis == null) {
        if (!connect()) {
          return;
        }
      } else if (stale.get()) {
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
        replay();
      }
      long now = System.nanoTime();
      Duration patience = commandTimeout.multipliedBy(2);
      waiting.entrySet().removeIf(entry -> entry.getValue().expired(now, patience));
    } catch (RuntimeException e) {
      failed(e);
    }
  }

  /** Cleans up after nodes whose heartbeat expired; of the survivors, the first to look does it. */
  private void reap() {
    if (redis == null || stale.get()) {
      return; // the heartbeat's announcing comes first
    }
    command(commands -> commands.<List<Object>>eval(Scripts.REAP, ScriptOutputType.MULTI, new String[0], prefix, nodeId))
        .whenComplete((gone, error) -> {
          if (gone != null && !gone.isEmpty()) {
            reaped.addAndGet(gone.size());
            LOG.log(Level.INFO, "wshub: node " + nodeId + " cleaned up after dead nodes " + gone);
          }
          failed(error);
        });
  }

  /**
   * Tells Redis exactly which ids and memberships are here: after a start, an outage, or Redis's
   * restart. Where another node has a newer connection of one of the ids, the hub is told to close
   * its own.
   */
  private void announce() {
    List<String> announced;
    CompletionStage<List<Object>> done;
    synchronized (lock) {
      announced = new ArrayList<>(here.keySet());
      List<String> args = new ArrayList<>(5 + 2 * announced.size() + memberships.size());
      args.add(prefix);
      args.add(nodeId);
      args.add(Long.toString(ttlMillis));
      args.add(policy);
      args.add(Integer.toString(announced.size()));
      for (String id : announced) {
        args.add(id);
        args.add(Long.toString(here.get(id)));
      }
      args.addAll(memberships);
      stale.set(false);
      String[] values = args.toArray(String[]::new);
      done = command(commands -> commands.<List<Object>>eval(Scripts.ANNOUNCE, ScriptOutputType.MULTI, new String[0], values));
    }
    done.whenComplete((answer, error) -> {
      if (error != null) {
        failed(error);
        return;
      }
      long how = (Long) answer.get(0);
      for (int i = 0; i < announced.size(); i++) {
        long generation = (Long) answer.get(i + 1);
        String id = announced.get(i);
        if (generation > 0) {
          here.computeIfPresent(id, (same, old) -> generation);
        } else if (generation < 0) {
          node.replaced(ids.parse(id), -generation); // a newer connection elsewhere: ours closes
        }
      }
      if (how == 0 && !missed.isEmpty()) {
        // Redis lost what we had told it: the rooms hear what changed once the others are back too.
        replayAt.set(Math.max(1, System.nanoTime() + ttlMillis * 1_000_000));
      } else if (replayAt.get() == 0) {
        missed.clear(); // Redis kept our state, or the others were told we left: the announcement told the change
      }
      up();
    });
  }

  /**
   * A node TTL after announcing to a Redis that had lost this node (by then every live node has
   * announced itself too), the other nodes' members of each room are told the presence of the ids
   * whose joins and leaves here Redis never heard, as it is now.
   */
  private void replay() {
    List<String> entries = new ArrayList<>();
    long due = replayAt.get();
    if (due == 0 || System.nanoTime() - due < 0 || !replayAt.compareAndSet(due, 0)) {
      return;
    }
    synchronized (lock) {
      for (Map.Entry<String, Boolean> entry : missed.entrySet()) {
        String membership = entry.getKey();
        boolean before = entry.getValue();
        if (missed.remove(membership, before) && memberships.contains(membership) != before) {
          entries.add(membership); // changed, and not back as it was: its rooms have something to hear
        }
      }
    }
    if (!entries.isEmpty()) {
      run(Scripts.REPLAY, entries.toArray(String[]::new));
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
    CompletionStage<Long> result = command(commands -> commands.eval(script, ScriptOutputType.INTEGER, new String[0], values));
    return result.whenComplete((value, error) -> failed(error));
  }

  private CompletionStage<List<String>> hkeys(String key) {
    return command(commands -> commands.hkeys(key)).whenComplete((value, error) -> failed(error));
  }

  private static <T> CompletableFuture<T> notConnected() {
    return CompletableFuture.failedFuture(notConnectedYet());
  }

  private static IllegalStateException notConnectedYet() {
    return new IllegalStateException("not connected to Redis yet");
  }

  /** SENDs and receipts that go to Redis as one script: what one or more of the hub's bursts sent. */
  private static final class Batch {

    /** Pairs of an id and a framed payload for the nodes it is on. */
    final List<String> args = new ArrayList<>();
    /** For each message, what waits for its receipt, or null. */
    final List<Waiting> answers = new ArrayList<>();
    /** For each node that sent messages here, the receipts for it: {@code Q}, then a line each. */
    final Map<String, StringBuilder> receipts = new LinkedHashMap<>();
    int receiptCount;
    /** Whether the hub's burst ended since it was begun: it may go, when fewer batches are on their way. */
    boolean ready;

    int size() {
      return answers.size() + receiptCount;
    }
  }

  /** A SEND's receipt from other nodes: "success send" at the first that accepted, else once all said no. */
  private static final class Waiting {

    final CompletableFuture<Boolean> future = new CompletableFuture<>();
    final long ticket;
    private final long deadline;
    private int expected = -1;
    private int answers;
    /** Why a node refused it (its hub too far behind), if one did: then "not online" would be untrue. */
    private String refusal;

    Waiting(long ticket, long deadline) {
      this.ticket = ticket;
      this.deadline = deadline;
    }

    /** Returns whether the receipt is settled. */
    synchronized boolean answer(boolean accepted, String refused) {
      answers++;
      if (refused != null) {
        refusal = refused;
      }
      if (accepted) {
        future.complete(true);
      } else if (expected >= 0 && answers >= expected) {
        settle();
      }
      return future.isDone();
    }

    synchronized void expect(int nodes) {
      expected = nodes;
      if (answers >= nodes) {
        settle();
      }
    }

    /** Every node answered and none accepted: "not online", or the refusal if a node refused it. */
    private void settle() {
      if (refusal != null) {
        future.completeExceptionally(new IllegalStateException(refusal));
      } else {
        future.complete(false);
      }
    }

    void fail(Throwable error) {
      future.completeExceptionally(error);
    }

    /**
     * No answer by the deadline: a node that heard the message died before answering, or its
     * receipt was lost. Whether it was delivered is not known, so the sender is told just that (an
     * error reply), never "not online".
     */
    boolean expired(long now, Duration after) {
      if (now - deadline >= 0) {
        future.completeExceptionally(new IllegalStateException(
            "it may have been delivered: no node answered within " + after.toMillis() / 1000.0 + " s"));
        return true;
      }
      return future.isDone();
    }
  }
}

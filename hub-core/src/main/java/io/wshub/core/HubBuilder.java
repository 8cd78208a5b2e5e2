package io.wshub.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * Builds a {@link Hub}. The defaults are protocol v1's values (those of the Go design it comes
 * from): ping every 9 s, idle timeout 10 s, write timeout 10 s, frames up to 512 bytes; then 512 KiB
 * per outbound queue, 16,384 received frames waiting for the hub at most,
 * {@link DuplicateIdPolicy#REPLACE}, 64 rooms per connection, no rate limit, the protocol's
 * {@link RoutingRules}, and one daemon thread of the hub's own for its mailbox and timers.
 *
 * <p>A builder is not thread-safe; a built hub is independent of it.
 *
 * @param <Id> the id type
 */
public final class HubBuilder<Id> {

  private final IdCodec<Id> ids;
  private Duration pingInterval = Duration.ofSeconds(9);
  private Duration idleTimeout = Duration.ofSeconds(10);
  private Duration writeTimeout = Duration.ofSeconds(10);
  private int maxFrameBytes = 512;
  private int outboundQueueBytes = 512 * 1024;
  private int inboundQueue = 16384;
  private DuplicateIdPolicy duplicateIds = DuplicateIdPolicy.REPLACE;
  private int maxRoomsPerConnection = HubConfig.DEFAULT_MAX_ROOMS;
  private int rateLimit;
  private int rateBurst;
  private MessageCodec<Id> codec;
  private final Map<Integer, RoutingRule<Id>> rules = new HashMap<>();
  private final Set<Integer> routedByUser = new HashSet<>();
  private RoutingRule<Id> otherwise = RoutingRules.unsupported();
  private final List<HubListener<Id>> listeners = new ArrayList<>();
  private Executor executor;
  private Ticker ticker;
  private Scheduler scheduler;
  private Backplane<Id> backplane;

  HubBuilder(IdCodec<Id> ids) {
    this.ids = Objects.requireNonNull(ids, "ids");
    rules.put(MessageType.SEND, RoutingRules.send());
    rules.put(MessageType.BROADCAST, RoutingRules.broadcast());
    rules.put(MessageType.CLOSE, RoutingRules.close());
    rules.put(MessageType.JOIN, RoutingRules.join());
    rules.put(MessageType.LEAVE, RoutingRules.leave());
    rules.put(MessageType.ROOM, RoutingRules.room());
    rules.put(MessageType.PRESENCE, RoutingRules.presence());
  }

  /**
   * How often each connection is pinged. Must be shorter than the idle timeout.
   *
   * @param interval a positive duration; default 9 s
   * @return this builder
   */
  public HubBuilder<Id> pingInterval(Duration interval) {
    this.pingInterval = positive(interval, "pingInterval");
    return this;
  }

  /**
   * How long a connection may send nothing, pong or message, before it is closed with
   * {@link CloseCodes#GOING_AWAY}. It is closed within a tenth of the shortest timeout (at most a
   * second) after that.
   *
   * @param timeout a positive duration; default 10 s
   * @return this builder
   */
  public HubBuilder<Id> idleTimeout(Duration timeout) {
    this.idleTimeout = positive(timeout, "idleTimeout");
    return this;
  }

  /**
   * How long a connection's queued frames may make no progress before it is closed with
   * {@link CloseCodes#TRY_AGAIN_LATER}.
   *
   * @param timeout a positive duration; default 10 s
   * @return this builder
   */
  public HubBuilder<Id> writeTimeout(Duration timeout) {
    this.writeTimeout = positive(timeout, "writeTimeout");
    return this;
  }

  /**
   * The largest text frame accepted from a client, in UTF-8 bytes.
   *
   * @param bytes at least 64; default 512
   * @return this builder
   */
  public HubBuilder<Id> maxFrameBytes(int bytes) {
    if (bytes < 64) {
      throw new IllegalArgumentException("maxFrameBytes must be at least 64 (a SEND needs room), got " + bytes);
    }
    this.maxFrameBytes = bytes;
    return this;
  }

  /**
   * How much text each connection's outbound queue holds, counted in characters (for JSON's mostly
   * ASCII frames, their UTF-8 bytes). It is there for bursts: a client that reads what it is sent
   * is not closed by a burst that fits. A frame that finds the queue full closes the connection as a
   * slow consumer ({@link CloseCodes#TRY_AGAIN_LATER}) and is not accepted; a queue that makes no
   * progress for the {@linkplain #writeTimeout(Duration) write timeout} closes it too.
   *
   * @param bytes at least 1024; default 512 KiB (524,288), Spring's default for the same purpose
   * @return this builder
   */
  public HubBuilder<Id> outboundQueueBytes(int bytes) {
    if (bytes < 1024) {
      throw new IllegalArgumentException("outboundQueueBytes must be at least 1024, got " + bytes);
    }
    this.outboundQueueBytes = bytes;
    return this;
  }

  /**
   * How many received frames may wait for the hub's thread. When that many wait, the transports'
   * reading threads wait in {@link Connection#receive(String)} until half of them are routed: the
   * container stops reading from the clients that flood, the hub's memory stays bounded and its
   * latency with it. Frames are never dropped for it; connects, closes, the application's calls and
   * the heartbeats never wait for it.
   *
   * @param frames at least 16; default 16,384: about 6 MB of 200-byte frames, and 160 ms of backlog
   *     at 100,000 routed a second
   * @return this builder
   */
  public HubBuilder<Id> inboundQueue(int frames) {
    if (frames < 16) {
      throw new IllegalArgumentException("inboundQueue must be at least 16 frames, got " + frames);
    }
    this.inboundQueue = frames;
    return this;
  }

  /**
   * What happens when an id connects while it is already connected.
   *
   * @param policy the policy; default {@link DuplicateIdPolicy#REPLACE}
   * @return this builder
   */
  public HubBuilder<Id> duplicateIds(DuplicateIdPolicy policy) {
    this.duplicateIds = Objects.requireNonNull(policy, "policy");
    return this;
  }

  /**
   * How many rooms one connection may be in at once. A JOIN beyond it earns an error reply; with
   * room names of at most {@value RoomNames#MAX_LENGTH} characters and rooms that vanish when
   * empty, it bounds what a client can make the hub remember.
   *
   * @param rooms at least 1; default 64
   * @return this builder
   */
  public HubBuilder<Id> maxRoomsPerConnection(int rooms) {
    if (rooms < 1) {
      throw new IllegalArgumentException("maxRoomsPerConnection must be at least 1, got " + rooms);
    }
    this.maxRoomsPerConnection = rooms;
    return this;
  }

  /**
   * Limits each connection to {@code framesPerSecond} text frames a second, in bursts of as many.
   * Same as {@link #rateLimit(int, int) rateLimit(framesPerSecond, framesPerSecond)}.
   *
   * @param framesPerSecond at least 1; default: no limit
   * @return this builder
   */
  public HubBuilder<Id> rateLimit(int framesPerSecond) {
    return rateLimit(framesPerSecond, framesPerSecond);
  }

  /**
   * Limits each connection to {@code framesPerSecond} text frames a second, with bursts of up to
   * {@code burst} (a token bucket). A frame over the limit is dropped before it is routed: no
   * receipt, and the client gets {@code "error: rate limit: N messages per second"} at most once a
   * second. A connection still over the limit after 3 s of continuous excess (frames refused less
   * than a second apart) is closed with {@link CloseCodes#POLICY_VIOLATION}. Pongs do not count.
   * The hub's {@linkplain #ticker(Ticker) ticker} keeps the time, so the test kit's virtual time
   * drives it.
   *
   * @param framesPerSecond at least 1; default: no limit (protocol v1 has none)
   * @param burst at least 1
   * @return this builder
   */
  public HubBuilder<Id> rateLimit(int framesPerSecond, int burst) {
    if (framesPerSecond < 1 || burst < 1) {
      throw new IllegalArgumentException("rateLimit needs at least 1 frame per second and a burst of at least 1, got "
          + framesPerSecond + " per second and a burst of " + burst);
    }
    this.rateLimit = framesPerSecond;
    this.rateBurst = burst;
    return this;
  }

  /**
   * The message codec; default {@link MessageCodec#json(IdCodec)} over this builder's id codec.
   *
   * @param codec the codec
   * @return this builder
   */
  public HubBuilder<Id> codec(MessageCodec<Id> codec) {
    this.codec = Objects.requireNonNull(codec, "codec");
    return this;
  }

  /**
   * Routes messages of {@code type} with {@code rule}: adds a type, or replaces the protocol's
   * rule for SEND, BROADCAST, CLOSE, JOIN, LEAVE, ROOM or PRESENCE.
   *
   * @param type the message type
   * @param rule the rule
   * @return this builder
   * @throws IllegalStateException if this builder was already given a rule for {@code type}
   */
  public HubBuilder<Id> route(int type, RoutingRule<Id> rule) {
    Objects.requireNonNull(rule, "rule");
    if (!routedByUser.add(type)) {
      throw new IllegalStateException("type " + type + " already has a rule: route each type once");
    }
    rules.put(type, rule);
    return this;
  }

  /**
   * The rule for types that have none; default {@link RoutingRules#unsupported()}.
   *
   * @param rule the rule
   * @return this builder
   */
  public HubBuilder<Id> otherwise(RoutingRule<Id> rule) {
    this.otherwise = Objects.requireNonNull(rule, "rule");
    return this;
  }

  /**
   * Adds a listener for connects, disconnects, rejections and errors.
   *
   * @param listener the listener
   * @return this builder
   */
  public HubBuilder<Id> listener(HubListener<Id> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
    return this;
  }

  /**
   * Where the hub drains its mailbox: one task at a time, never two at once. Default: a thread of
   * the hub's own. The caller keeps ownership of an executor given here.
   *
   * @param executor the executor
   * @return this builder
   */
  public HubBuilder<Id> executor(Executor executor) {
    this.executor = Objects.requireNonNull(executor, "executor");
    return this;
  }

  /**
   * The hub's source of time; default {@link Ticker#system()}.
   *
   * @param ticker the ticker
   * @return this builder
   */
  public HubBuilder<Id> ticker(Ticker ticker) {
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    return this;
  }

  /**
   * Where the hub schedules its heartbeat sweep and shutdown deadline; default the hub's own
   * thread. Give a scheduler and a ticker that agree on time.
   *
   * @param scheduler the scheduler
   * @return this builder
   */
  public HubBuilder<Id> scheduler(Scheduler scheduler) {
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    return this;
  }

  /**
   * Makes the hub a node of a cluster: several hubs that share a backplane (such as
   * {@code hub-redis}'s) act as one hub. SEND, {@link Hub#send} and {@link Hub#isOnline} reach ids
   * connected to other nodes, BROADCAST every node's connections, rooms and presence are
   * cluster-wide (JOIN, LEAVE, ROOM, PRESENCE and the server's room calls), and the duplicate-id
   * policy holds across nodes ({@link DuplicateIdPolicy#REPLACE} closes an id's older connection on
   * another node, {@link DuplicateIdPolicy#REJECT_NEW} rejects a connection for an id connected on
   * another node). Counts the hub's futures give ({@link Hub#broadcast}, {@link Hub#sendToRoom})
   * are this node's. Default: none, a hub alone.
   *
   * @param backplane the backplane; it is started when the hub is built, and stopped with it
   * @return this builder
   */
  public HubBuilder<Id> backplane(Backplane<Id> backplane) {
    this.backplane = Objects.requireNonNull(backplane, "backplane");
    return this;
  }

  /**
   * Builds and starts the hub.
   *
   * @return the hub
   * @throws IllegalStateException if the settings contradict each other
   */
  public Hub<Id> build() {
    if (pingInterval.compareTo(idleTimeout) >= 0) {
      throw new IllegalStateException("pingInterval (" + pingInterval + ") must be shorter than idleTimeout ("
          + idleTimeout + "), or clients that answer every ping are still closed as idle");
    }
    HubConfig<Id> config = new HubConfig<>(ids, pingInterval, idleTimeout, writeTimeout, maxFrameBytes,
        outboundQueueBytes, inboundQueue, duplicateIds, maxRoomsPerConnection, rateLimit, rateBurst);
    Executor hubExecutor = executor;
    Scheduler hubScheduler = scheduler;
    Runnable onStopped = () -> {};
    if (executor == null || scheduler == null) {
      ScheduledThreadPoolExecutor own = ownThread();
      // Its own thread runs its timers too: a drain that never ends gives it back now and then.
      hubExecutor = executor != null ? executor : (Mailbox.Yielding) own::execute;
      hubScheduler = scheduler != null ? scheduler : Scheduler.of(own);
      onStopped = own::shutdown;
    }
    ActorHub<Id> hub = new ActorHub<>(
        config,
        codec != null ? codec : MessageCodec.json(ids),
        Map.copyOf(rules),
        otherwise,
        List.copyOf(listeners),
        hubExecutor,
        ticker != null ? ticker : Ticker.system(),
        hubScheduler,
        onStopped,
        backplane);
    if (backplane != null) {
      backplane.start(hub.node());
    }
    return hub;
  }

  private static ScheduledThreadPoolExecutor ownThread() {
    ScheduledThreadPoolExecutor own = new ScheduledThreadPoolExecutor(1, task -> {
      Thread thread = new Thread(task, "wshub-hub");
      thread.setDaemon(true);
      return thread;
    });
    own.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    own.setRemoveOnCancelPolicy(true);
    return own;
  }

  private static Duration positive(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + duration);
    }
    return duration;
  }
}

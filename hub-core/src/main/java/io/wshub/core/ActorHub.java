package io.wshub.core;

import io.wshub.core.Command.Ask;
import io.wshub.core.Command.Broadcast;
import io.wshub.core.Command.CloseOversize;
import io.wshub.core.Command.Closed;
import io.wshub.core.Command.DrainCheck;
import io.wshub.core.Command.Fail;
import io.wshub.core.Command.Open;
import io.wshub.core.Command.Refuse;
import io.wshub.core.Command.Route;
import io.wshub.core.Command.Send;
import io.wshub.core.Command.Shutdown;
import io.wshub.core.Command.Sweep;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The hub as an actor. Public methods, and the {@link Conn} handles transports hold, only put
 * {@link Command}s into the mailbox; the package-private methods below them run on the hub's
 * thread, which alone touches the registry, the counters and the state.
 */
final class ActorHub<Id> implements Hub<Id> {

  private static final System.Logger LOG = System.getLogger(Hub.class.getName());
  private static final String SUCCESS_SEND = "success send";
  private static final String NOT_ONLINE = "not online";

  private enum State { RUNNING, DRAINING, STOPPED }

  private final HubConfig<Id> config;
  private final MessageCodec<Id> codec;
  private final Map<Integer, RoutingRule<Id>> rules;
  private final RoutingRule<Id> otherwise;
  private final List<HubListener<Id>> listeners;
  private final Ticker ticker;
  private final Scheduler scheduler;
  private final Runnable onStopped;
  private final Mailbox<Command<Id>> mailbox;
  private final long pingNanos;
  private final long idleNanos;
  private final long writeNanos;
  /** How often liveness is checked: a tenth of the shortest timeout, 1 ms to 1 s. */
  private final long sweepNanos;

  // Owned by the hub's thread.
  private final Registry<Id> registry = new Registry<>();
  private State state = State.RUNNING;
  private final Context context = new Context();
  /** The connections sent to in this burst, each once: flushed when it ends. */
  private final List<Conn<Id>> touched = new ArrayList<>();
  /** A broadcast in this burst sent to every connection: all are flushed, none tracked one by one. */
  private boolean everyoneTouched;
  private Scheduler.Cancellable nextSweep;
  private long drainDeadline;
  private final List<CompletableFuture<Void>> stopWaiters = new ArrayList<>();
  private long connectionsAccepted;
  private long connectionsRejected;
  private long framesReceived;
  private long framesDelivered;
  private long successReceipts;
  private long notOnlineReceipts;
  private long errorReplies;
  private long slowConsumerCloses;
  private long idleCloses;
  private long replacedCloses;
  private long framesDropped;
  private long protocolErrors;

  ActorHub(HubConfig<Id> config, MessageCodec<Id> codec, Map<Integer, RoutingRule<Id>> rules,
      RoutingRule<Id> otherwise, List<HubListener<Id>> listeners, Executor executor,
      Ticker ticker, Scheduler scheduler, Runnable onStopped) {
    this.config = config;
    this.codec = codec;
    this.rules = rules;
    this.otherwise = otherwise;
    this.listeners = listeners;
    this.ticker = ticker;
    this.scheduler = scheduler;
    this.onStopped = onStopped;
    this.mailbox = new Mailbox<>(executor, command -> command.applyTo(this), this::flushTouched, config.inboundQueue());
    this.pingNanos = config.pingInterval().toNanos();
    this.idleNanos = config.idleTimeout().toNanos();
    this.writeNanos = config.writeTimeout().toNanos();
    long shortest = Math.min(pingNanos, Math.min(idleNanos, writeNanos));
    this.sweepNanos = Math.max(1_000_000L, Math.min(1_000_000_000L, shortest / 10));
    scheduleSweep();
  }

  // ---- The public side: each call is a command for the mailbox. ----

  @Override
  public HubConfig<Id> config() {
    return config;
  }

  @Override
  public Connection<Id> connect(Id id, ClientPort port) {
    Conn<Id> conn = new Conn<>(Objects.requireNonNull(id, "id"), Objects.requireNonNull(port, "port"), this, now());
    mailbox.tell(new Open<>(conn));
    return conn;
  }

  @Override
  public CompletableFuture<Boolean> send(Id to, Message<Id> message) {
    CompletableFuture<Boolean> accepted = new CompletableFuture<>();
    mailbox.tell(new Send<>(Objects.requireNonNull(to, "to"), Objects.requireNonNull(message, "message"), accepted));
    return accepted;
  }

  @Override
  public CompletableFuture<Integer> broadcast(Message<Id> message) {
    CompletableFuture<Integer> accepted = new CompletableFuture<>();
    mailbox.tell(new Broadcast<>(Objects.requireNonNull(message, "message"), accepted));
    return accepted;
  }

  @Override
  public CompletableFuture<Boolean> isOnline(Id id) {
    Objects.requireNonNull(id, "id");
    return ask(hub -> hub.registry.first(id) != null);
  }

  @Override
  public CompletableFuture<HubStats> stats() {
    return ask(ActorHub::snapshot);
  }

  @Override
  public CompletableFuture<Void> shutdown(Duration drain) {
    Objects.requireNonNull(drain, "drain");
    CompletableFuture<Void> done = new CompletableFuture<>();
    mailbox.tell(new Shutdown<>(drain.isNegative() ? Duration.ZERO : drain, done));
    return done;
  }

  @Override
  public void close() {
    shutdown(Duration.ZERO).join();
  }

  private <T> CompletableFuture<T> ask(Function<ActorHub<Id>, T> question) {
    CompletableFuture<T> answer = new CompletableFuture<>();
    mailbox.tell(new Ask<>(question, answer));
    return answer;
  }

  // ---- Called by Conn on the transport's threads. ----

  long now() {
    return ticker.nanos();
  }

  /** Decodes here, on the transport's thread, so the hub's thread only routes. */
  void received(Conn<Id> conn, String frame) {
    if (exceedsUtf8(frame, config.maxFrameBytes())) {
      mailbox.tellFrame(new CloseOversize<>(conn));
      return;
    }
    Message<Id> message;
    try {
      message = codec.decode(frame, conn.id);
    } catch (InvalidFrameException e) {
      mailbox.tellFrame(new Refuse<>(conn, e.getMessage()));
      return;
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "wshub: the codec failed on a frame from " + conn.id, e);
      mailbox.tellFrame(new Refuse<>(conn, "the message could not be read"));
      return;
    }
    mailbox.tellFrame(new Route<>(conn, message));
  }

  void transportFailed(Conn<Id> conn, int code, String problem) {
    mailbox.tell(new Fail<>(conn, code, problem));
  }

  void transportClosed(Conn<Id> conn, int code, String reason) {
    mailbox.tell(new Closed<>(conn, code, reason));
  }

  // ---- The hub's thread from here on. ----

  void open(Conn<Id> conn) {
    if (state != State.RUNNING) {
      reject(conn, CloseCodes.GOING_AWAY, "the hub is shutting down");
      return;
    }
    if (conn.id.equals(config.ids().system())) {
      reject(conn, CloseCodes.POLICY_VIOLATION, "id " + format(conn.id) + " is the system's own");
      return;
    }
    Conn<Id> existing = registry.first(conn.id);
    if (existing != null) {
      switch (config.duplicateIds()) {
        case REJECT_NEW -> {
          reject(conn, CloseCodes.POLICY_VIOLATION, "id " + format(conn.id) + " is already connected");
          return;
        }
        case REPLACE -> {
          for (Conn<Id> old = existing, next; old != null; old = next) {
            next = old.next;
            replacedCloses++;
            close(old, CloseCodes.REPLACED, "replaced by a newer connection");
          }
        }
        case MULTI -> { }
      }
    }
    long now = now();
    conn.nextPingAt = now + pingNanos;
    conn.unansweredSince = conn.lastSeen; // not pinged yet
    conn.progressAt = now;
    conn.lastWritten = conn.port.framesWritten();
    registry.add(conn);
    connectionsAccepted++;
    notify(listener -> listener.onConnect(conn.id));
  }

  void route(Conn<Id> conn, Message<Id> message) {
    mailbox.frameHandled();
    if (!conn.registered) {
      return;
    }
    framesReceived++;
    RoutingRule<Id> rule = rules.getOrDefault(message.type(), otherwise);
    context.sender = conn;
    try {
      rule.route(message, context);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "wshub: the rule for type " + message.type() + " failed on a message from "
          + format(conn.id) + "; closing that connection", e);
      notify(listener -> listener.onError(conn.id, "the rule for type " + message.type() + " failed", e));
      close(conn, CloseCodes.UNEXPECTED_CONDITION, "unexpected server error");
    } finally {
      context.sender = null;
    }
  }

  void refuse(Conn<Id> conn, String problem) {
    mailbox.frameHandled();
    if (!conn.registered) {
      return;
    }
    framesReceived++;
    replyError(conn, problem);
  }

  void closeOversize(Conn<Id> conn) {
    mailbox.frameHandled();
    if (!conn.registered) {
      return;
    }
    framesReceived++;
    close(conn, CloseCodes.TOO_BIG, "frame over " + config.maxFrameBytes() + " bytes");
  }

  /** The client broke the protocol below the messages; the transport wants it closed with {@code code}. */
  void fail(Conn<Id> conn, int code, String problem) {
    if (!conn.registered) {
      return;
    }
    protocolErrors++;
    LOG.log(Level.DEBUG, () -> "wshub: closing " + format(conn.id) + " with " + code + ": " + problem);
    notify(listener -> listener.onError(conn.id, problem, null));
    close(conn, CloseCodes.isSendable(code) ? code : CloseCodes.POLICY_VIOLATION, problem);
  }

  /** The transport lost the connection, or confirmed a close the hub began. */
  void closed(Conn<Id> conn, int code, String reason) {
    if (!conn.registered) {
      return;
    }
    conn.closed = true;
    registry.remove(conn);
    notify(listener -> listener.onDisconnect(conn.id, code, reason));
  }

  boolean deliver(Id to, Message<Id> message) {
    String frame = codec.encode(message);
    boolean accepted = false;
    for (Conn<Id> conn = registry.first(to), next; conn != null; conn = next) {
      next = conn.next;
      accepted |= offer(conn, frame);
    }
    return accepted;
  }

  int deliverToAll(Message<Id> message) {
    String frame = codec.encode(message);
    everyoneTouched = true;
    int accepted = 0;
    // In connection order. Closing a slow consumer moves the last connection into its slot,
    // so the slot is served again rather than skipped.
    for (int i = 0; i < registry.size(); ) {
      Conn<Id> conn = registry.at(i);
      if (queue(conn, frame)) {
        accepted++;
      }
      if (conn.registered) {
        i++;
      }
    }
    return accepted;
  }

  void sweep() {
    if (state == State.STOPPED) {
      return;
    }
    try {
      long now = now();
      for (int i = registry.size() - 1; i >= 0; i--) {
        check(registry.at(i), now);
      }
    } finally {
      scheduleSweep(); // whatever a port did, heartbeats go on for everyone
    }
  }

  /** One connection's heartbeat: closed if idle or stuck, pinged if due. */
  private void check(Conn<Id> conn, long now) {
    boolean silent = now - conn.lastSeen >= idleNanos;
    if (silent && answerWindowPassed(conn, now)) {
      idleCloses++;
      close(conn, CloseCodes.GOING_AWAY, "idle: nothing received for " + readable(config.idleTimeout()));
    } else if (writeStalled(conn, now)) {
      slowConsumerCloses++;
      close(conn, CloseCodes.TRY_AGAIN_LATER, "slow consumer: write timed out");
    } else if (conn.registered
        && (now - (conn.nextPingAt - sweepNanos) >= 0 || (silent && !pingedSinceLastSeen(conn)))) {
      // Up to one sweep early, never late: the client keeps the whole gap between the ping
      // interval and the idle timeout (protocol v1's second) to answer. A silent connection
      // that a late hub has not pinged yet is pinged now, and closed only after its window.
      conn.nextPingAt = now + pingNanos;
      if (!pingedSinceLastSeen(conn)) {
        conn.unansweredSince = now;
      }
      ping(conn);
    }
  }

  /**
   * Whether a silent connection has had its chance: a ping since it was last heard from, and the
   * answer window (idle timeout less ping interval) since the first such ping. A hub that fell
   * behind (a burst of connections, a slow listener) pings late; the client must not pay for it.
   */
  private boolean answerWindowPassed(Conn<Id> conn, long now) {
    return pingedSinceLastSeen(conn) && now - conn.unansweredSince >= idleNanos - pingNanos;
  }

  private static boolean pingedSinceLastSeen(Conn<?> conn) {
    return conn.unansweredSince - conn.lastSeen > 0;
  }

  private boolean writeStalled(Conn<Id> conn, long now) {
    int pending;
    long written;
    try {
      pending = conn.port.pendingFrames();
      written = conn.port.framesWritten();
    } catch (RuntimeException e) {
      portFailed(conn, "report its queue", e);
      return false;
    }
    if (pending == 0 || written != conn.lastWritten) {
      conn.lastWritten = written;
      conn.progressAt = now;
      return false;
    }
    return now - conn.progressAt >= writeNanos;
  }

  private void scheduleSweep() {
    nextSweep = scheduler.schedule(Duration.ofNanos(sweepNanos), () -> mailbox.tell(new Sweep<>()));
  }

  void shutdown(Duration drain, CompletableFuture<Void> done) {
    if (state == State.STOPPED) {
      done.complete(null);
      return;
    }
    stopWaiters.add(done);
    if (state == State.RUNNING) {
      state = State.DRAINING;
      long nanos = drain.compareTo(Duration.ofDays(365)) > 0 ? Duration.ofDays(365).toNanos() : drain.toNanos();
      drainDeadline = now() + nanos;
      checkDrained();
    }
  }

  void checkDrained() {
    if (state != State.DRAINING) {
      return;
    }
    long left = drainDeadline - now();
    if (left <= 0 || allDrained()) {
      stop();
    } else {
      scheduler.schedule(Duration.ofNanos(Math.min(left, sweepNanos)), () -> mailbox.tell(new DrainCheck<>()));
    }
  }

  private boolean allDrained() {
    for (int i = registry.size() - 1; i >= 0; i--) {
      if (pending(registry.at(i)) > 0) {
        return false;
      }
    }
    return true;
  }

  private void stop() {
    for (int i = registry.size() - 1; i >= 0; i--) {
      close(registry.at(i), CloseCodes.GOING_AWAY, "the hub is shutting down");
    }
    state = State.STOPPED;
    if (nextSweep != null) {
      nextSweep.cancel();
    }
    stopWaiters.forEach(done -> done.complete(null));
    stopWaiters.clear();
    onStopped.run();
  }

  private HubStats snapshot() {
    return new HubStats(registry.size(), registry.ids(), connectionsAccepted, connectionsRejected,
        framesReceived, framesDelivered, successReceipts, notOnlineReceipts, errorReplies,
        slowConsumerCloses, idleCloses, replacedCloses, framesDropped, protocolErrors);
  }

  /**
   * The {@link RoutingContext} of the rule that is running: one instance per hub, pointed at the
   * sending connection for the length of one {@code route} call, so routing allocates nothing
   * for it.
   */
  private final class Context implements RoutingContext<Id> {

    private Conn<Id> sender;

    @Override
    public Id sender() {
      return current().id;
    }

    @Override
    public boolean send(Id receiver, Message<Id> message) {
      current();
      return deliver(receiver, message);
    }

    @Override
    public int broadcast(Message<Id> message) {
      current();
      return deliverToAll(message);
    }

    @Override
    public void reply(Message<Id> message) {
      offer(current(), codec.encode(message));
    }

    @Override
    public void receipt(Id receiver, boolean delivered) {
      Conn<Id> to = current();
      if (delivered) {
        successReceipts++;
      } else {
        notOnlineReceipts++;
      }
      offer(to, codec.encode(Message.of(
          MessageType.SYSTEM, config.ids().system(), receiver, delivered ? SUCCESS_SEND : NOT_ONLINE)));
    }

    @Override
    public void replyError(String problem) {
      ActorHub.this.replyError(current(), problem);
    }

    @Override
    public void closeSender(int code, String reason) {
      Conn<Id> sender = current();
      if (!CloseCodes.isSendable(code)) {
        throw new IllegalArgumentException("close code " + code
            + " cannot be sent in a close frame; use 1000-1003, 1007-1014 or 3000-4999");
      }
      close(sender, code, reason);
    }

    @Override
    public boolean isOnline(Id id) {
      current();
      return registry.first(id) != null;
    }

    @Override
    public IdCodec<Id> ids() {
      return config.ids();
    }

    private Conn<Id> current() {
      if (sender == null) {
        throw new IllegalStateException(
            "a RoutingContext may be used only while its rule runs, on the hub's thread");
      }
      return sender;
    }
  }

  // ---- Shared steps. ----

  /** Puts a frame into a connection's queue, to be flushed at the end of the burst. */
  private boolean offer(Conn<Id> conn, String frame) {
    if (!queue(conn, frame)) {
      return false;
    }
    if (!conn.touched) {
      conn.touched = true;
      touched.add(conn);
    }
    return true;
  }

  /** Puts a frame into a connection's queue; a full queue closes it as a slow consumer. */
  private boolean queue(Conn<Id> conn, String frame) {
    if (!conn.registered) {
      return false; // closed earlier in this same command
    }
    try {
      if (conn.port.send(frame)) {
        framesDelivered++;
        return true;
      }
      if (!conn.port.isOpen()) {
        return false; // on its way out: not delivered, and the transport's close will say why
      }
    } catch (RuntimeException e) {
      portFailed(conn, "queue a frame", e);
      return false;
    }
    slowConsumerCloses++;
    close(conn, CloseCodes.TRY_AGAIN_LATER, "slow consumer: outbound queue full");
    return false;
  }

  /** The end of a burst: every port sent to starts writing what it was given. */
  private void flushTouched() {
    if (everyoneTouched) {
      everyoneTouched = false;
      // Backwards: a port that fails is closed, and the last connection moves into its slot.
      for (int i = registry.size() - 1; i >= 0; i--) {
        flushNow(registry.at(i));
      }
    }
    for (int i = 0; i < touched.size(); i++) {
      flush(touched.get(i));
    }
    touched.clear();
  }

  /** Flushes a connection if it was sent anything in this burst. */
  private void flush(Conn<Id> conn) {
    if (conn.touched || everyoneTouched) {
      flushNow(conn);
    }
  }

  private void flushNow(Conn<Id> conn) {
    conn.touched = false;
    try {
      conn.port.flush();
    } catch (RuntimeException e) {
      portFailed(conn, "flush", e);
    }
  }

  private void replyError(Conn<Id> conn, String problem) {
    errorReplies++;
    offer(conn, codec.encode(Message.of(MessageType.SYSTEM, config.ids().system(), conn.id, "error: " + problem)));
    notify(listener -> listener.onError(conn.id, problem, null));
  }

  private void ping(Conn<Id> conn) {
    try {
      conn.port.ping();
    } catch (RuntimeException e) {
      portFailed(conn, "ping", e);
    }
  }

  /** The frames a port has not written yet, or 0 if it cannot say. */
  private int pending(Conn<Id> conn) {
    try {
      return conn.port.pendingFrames();
    } catch (RuntimeException e) {
      portFailed(conn, "report its queue", e);
      return 0;
    }
  }

  /**
   * The one way out of a port that threw: it is the transport's bug, not the client's, so it is
   * logged as a warning, and only that connection is closed (1011); the hub goes on.
   */
  private void portFailed(Conn<Id> conn, String action, RuntimeException e) {
    LOG.log(Level.WARNING, "wshub: the port of " + format(conn.id) + " failed to " + action + "; closing it", e);
    close(conn, CloseCodes.UNEXPECTED_CONDITION, "unexpected server error");
  }

  /**
   * The hub closes a registered connection: forget it first, then tell the port. A slow consumer's
   * queue is dropped with it, and counted: those frames were receipted, and are not written.
   */
  private void close(Conn<Id> conn, int code, String reason) {
    if (!conn.registered) {
      return;
    }
    conn.closed = true;
    registry.remove(conn);
    if (code == CloseCodes.TRY_AGAIN_LATER) {
      framesDropped += pending(conn);
    }
    closePort(conn, code, reason);
    notify(listener -> listener.onDisconnect(conn.id, code, reason));
  }

  private void reject(Conn<Id> conn, int code, String reason) {
    conn.closed = true;
    connectionsRejected++;
    closePort(conn, code, reason);
    notify(listener -> listener.onReject(conn.id, code, reason));
  }

  private void closePort(Conn<Id> conn, int code, String reason) {
    flush(conn); // what it was sent before the close goes out before the close
    try {
      conn.port.close(code, CloseCodes.fitReason(reason));
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "wshub: the port of " + format(conn.id) + " failed to close", e);
    }
  }

  private void notify(Consumer<HubListener<Id>> event) {
    for (HubListener<Id> listener : listeners) {
      try {
        event.accept(listener);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "wshub: a HubListener threw; ignored", e);
      }
    }
  }

  private String format(Id id) {
    return config.ids().format(id);
  }

  private static String readable(Duration duration) {
    long millis = duration.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
  }

  /** Whether a frame is over {@code limit} UTF-8 bytes, counting only when the length in chars cannot tell. */
  static boolean exceedsUtf8(String frame, int limit) {
    int chars = frame.length();
    if (chars > limit) {
      return true; // every char is at least one byte
    }
    if ((long) chars * 3 <= limit) {
      return false; // no char takes more than three bytes (a surrogate pair takes four for two chars)
    }
    long bytes = 0;
    for (int i = 0; i < chars; i++) {
      char c = frame.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800 || Character.isSurrogate(c)) {
        bytes += 2; // a surrogate pair is 4 bytes: 2 per half
      } else {
        bytes += 3;
      }
    }
    return bytes > limit;
  }
}

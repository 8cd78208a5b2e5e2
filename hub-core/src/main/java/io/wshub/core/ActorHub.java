package io.wshub.core;

import io.wshub.core.Command.Ask;
import io.wshub.core.Command.Broadcast;
import io.wshub.core.Command.CloseOversize;
import io.wshub.core.Command.Closed;
import io.wshub.core.Command.DrainCheck;
import io.wshub.core.Command.Fail;
import io.wshub.core.Command.Join;
import io.wshub.core.Command.Leave;
import io.wshub.core.Command.Open;
import io.wshub.core.Command.OverLimit;
import io.wshub.core.Command.Refuse;
import io.wshub.core.Command.Route;
import io.wshub.core.Command.Send;
import io.wshub.core.Command.SendToRoom;
import io.wshub.core.Command.Shutdown;
import io.wshub.core.Command.Sweep;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The hub as an actor. Public methods, and the {@link Conn} handles transports hold, only put
 * {@link Command}s into the mailbox; the package-private methods below them run on the hub's
 * thread, which alone touches the registry, the counters and the state.
 */
final class ActorHub<Id> implements Hub<Id> {

  private static final System.Logger LOG = System.getLogger(Hub.class.getName());
  private static final String SUCCESS_SEND = "success send";
  private static final String NOT_ONLINE = "not online";
  static final String JOINED = "joined";
  static final String LEFT = "left";

  private enum State { RUNNING, DRAINING, STOPPED }

  private final HubConfig<Id> config;
  final MessageCodec<Id> codec;
  private final Map<Integer, RoutingRule<Id>> rules;
  private final RoutingRule<Id> otherwise;
  private final List<HubListener<Id>> listeners;
  private final Ticker ticker;
  private final Scheduler scheduler;
  private final Runnable onStopped;
  final Mailbox<Command<Id>> mailbox;
  /** The cluster this hub is a node of, or null: alone, and nothing below pays for it. */
  final Backplane<Id> backplane;
  /** Messages from other nodes refused while the hub was behind: counted on the backplane's threads. */
  final ClusterRefusals clusterRefusals;
  /** The per-connection rate limit, or null for none. */
  private final RateLimit rateLimit;
  private final long pingNanos;
  private final long writeNanos;
  /** How often liveness is checked: a tenth of the shortest timeout, 1 ms to 1 s. */
  private final long sweepNanos;
  /** What a sweep does with each connection. */
  private final Heartbeat heartbeat;
  /** The port's side of the heartbeat's decision, made once: a sweep allocates nothing for it. */
  private final Heartbeat.WriteStall<Id> writeStall = this::writeStalled;

  // Owned by the hub's thread.
  final Registry<Id> registry = new Registry<>();
  private State state = State.RUNNING;
  private boolean clusterReachable = true;
  private final RuleContext<Id> context = new RuleContext<>(this);
  /** The connections sent to in this burst, each once: flushed when it ends. */
  private final List<Conn<Id>> touched = new ArrayList<>();
  /** A broadcast in this burst sent to every connection: all are flushed, none tracked one by one. */
  private boolean everyoneTouched;
  /** The rooms a ROOM message went to in this burst: their members are flushed, none tracked one by one. */
  private final List<Rooms.Room<Id>> touchedRooms = new ArrayList<>();
  private final Rooms<Id> rooms = new Rooms<>();
  /** Under REJECT_NEW with a backplane: the connections waiting for the cluster to say their id is free. */
  private final Map<Id, Conn<Id>> claims = new HashMap<>();
  /** Slow consumers and ports that threw, found while sending: closed once the command is done. */
  private final PendingCloses<Id> pendingCloses = new PendingCloses<>(this::close);
  /** Set by {@link #stop()}: everyone is leaving, so nobody is told who left. */
  private boolean stopping;
  private Scheduler.Cancellable nextSweep;
  /** Whether a lag measurement is on its way through the mailbox: one at a time. */
  private boolean measuringLag;
  private long drainDeadline;
  private final List<CompletableFuture<Void>> stopWaiters = new ArrayList<>();
  private final HubCounters counters = new HubCounters();

  ActorHub(HubConfig<Id> config, MessageCodec<Id> codec, Map<Integer, RoutingRule<Id>> rules,
      RoutingRule<Id> otherwise, List<HubListener<Id>> listeners, Executor executor,
      Ticker ticker, Scheduler scheduler, Runnable onStopped, Backplane<Id> backplane) {
    this.config = config;
    this.codec = codec;
    this.rules = rules;
    this.otherwise = otherwise;
    this.listeners = listeners;
    this.ticker = ticker;
    this.scheduler = scheduler;
    this.onStopped = onStopped;
    this.backplane = backplane;
    this.clusterRefusals = new ClusterRefusals(config.inboundQueue());
    this.rateLimit = config.rateLimit() > 0 ? new RateLimit(config.rateLimit(), config.rateBurst()) : null;
    this.mailbox = new Mailbox<>(executor, this::apply, this::flushTouched, config.inboundQueue());
    this.pingNanos = config.pingInterval().toNanos();
    long idleNanos = config.idleTimeout().toNanos();
    this.writeNanos = config.writeTimeout().toNanos();
    long shortest = Math.min(pingNanos, Math.min(idleNanos, writeNanos));
    this.sweepNanos = Math.max(1_000_000L, Math.min(1_000_000_000L, shortest / 10));
    this.heartbeat = new Heartbeat(pingNanos, idleNanos, writeNanos, sweepNanos);
    scheduleSweep();
  }

  // ---- The public side: each call is a command for the mailbox. ----

  @Override
  public HubConfig<Id> config() {
    return config;
  }

  @Override
  public Connection<Id> connect(Id id, ClientPort port) {
    Conn<Id> conn = new Conn<>(Objects.requireNonNull(id, "id"), Objects.requireNonNull(port, "port"), this, now(),
        rateLimit);
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
    if (backplane == null) {
      return ask(hub -> hub.registry.first(id) != null);
    }
    CompletableFuture<Boolean> online = new CompletableFuture<>();
    mailbox.tell(new Command.Apply<>(hub -> {
      if (hub.registry.first(id) != null) {
        online.complete(true);
      } else {
        hub.askCluster(() -> backplane.isOnline(id)).whenComplete((yes, error) -> {
          if (error != null) {
            online.completeExceptionally(error);
          } else {
            online.complete(yes);
          }
        });
      }
    }));
    return online;
  }

  @Override
  public CompletableFuture<Boolean> join(Id id, String room) {
    return tellJoin(Objects.requireNonNull(id, "id"), null, room);
  }

  @Override
  public CompletableFuture<Boolean> join(Connection<Id> connection, String room) {
    return tellJoin(null, own(connection), room);
  }

  private CompletableFuture<Boolean> tellJoin(Id id, Conn<Id> conn, String room) {
    RoomNames.check(room);
    CompletableFuture<Boolean> joined = new CompletableFuture<>();
    mailbox.tell(new Join<>(id, conn, room, joined));
    return joined;
  }

  @Override
  public CompletableFuture<Boolean> leave(Id id, String room) {
    return tellLeave(Objects.requireNonNull(id, "id"), null, room);
  }

  @Override
  public CompletableFuture<Boolean> leave(Connection<Id> connection, String room) {
    return tellLeave(null, own(connection), room);
  }

  private CompletableFuture<Boolean> tellLeave(Id id, Conn<Id> conn, String room) {
    RoomNames.check(room);
    CompletableFuture<Boolean> left = new CompletableFuture<>();
    mailbox.tell(new Leave<>(id, conn, room, left));
    return left;
  }

  private Conn<Id> own(Connection<Id> connection) {
    Objects.requireNonNull(connection, "connection");
    if (connection instanceof Conn<Id> conn && conn.hub == this) {
      return conn;
    }
    throw new IllegalArgumentException(connection + " is not a connection of this hub");
  }

  @Override
  public CompletableFuture<Integer> sendToRoom(String room, Message<Id> message) {
    return tellSendToRoom(room, message, null);
  }

  @Override
  public CompletableFuture<Integer> sendToRoom(String room, Message<Id> message, Id except) {
    return tellSendToRoom(room, message, Objects.requireNonNull(except, "except"));
  }

  private CompletableFuture<Integer> tellSendToRoom(String room, Message<Id> message, Id except) {
    RoomNames.check(room);
    Objects.requireNonNull(message, "message");
    CompletableFuture<Integer> accepted = new CompletableFuture<>();
    mailbox.tell(new SendToRoom<>(room, message, except, accepted));
    return accepted;
  }

  @Override
  public CompletableFuture<List<Id>> members(String room) {
    RoomNames.check(room);
    if (backplane == null) {
      return ask(hub -> hub.membersOf(room));
    }
    CompletableFuture<List<Id>> members = new CompletableFuture<>();
    mailbox.tell(new Command.Apply<>(hub -> hub.askCluster(() -> backplane.members(room)).whenComplete((there, error) ->
        mailbox.tell(new Command.Apply<>(later -> {
          if (error != null) {
            members.completeExceptionally(error);
          } else {
            members.complete(later.membersWith(room, there));
          }
        })))));
    return members;
  }

  @Override
  public CompletableFuture<Set<String>> rooms(Id id) {
    Objects.requireNonNull(id, "id");
    if (backplane == null) {
      return ask(hub -> hub.roomsOf(id));
    }
    CompletableFuture<Set<String>> rooms = new CompletableFuture<>();
    mailbox.tell(new Command.Apply<>(hub -> hub.askCluster(() -> backplane.rooms(id)).whenComplete((there, error) ->
        mailbox.tell(new Command.Apply<>(later -> {
          if (error != null) {
            rooms.completeExceptionally(error);
          } else {
            Set<String> names = new TreeSet<>(there);
            names.addAll(later.roomsOf(id));
            rooms.complete(Collections.unmodifiableSet(names));
          }
        })))));
    return rooms;
  }

  /** How many rooms exist (have members) now: for tests that prove rooms do not pile up. */
  CompletableFuture<Integer> roomCount() {
    return ask(hub -> hub.rooms.count());
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

  <T> CompletableFuture<T> ask(Function<ActorHub<Id>, T> question) {
    CompletableFuture<T> answer = new CompletableFuture<>();
    mailbox.tell(new Ask<>(question, answer));
    return answer;
  }

  // ---- Called by Conn on the transport's threads. ----

  long now() {
    return ticker.nanos();
  }

  /**
   * Decodes here, on the transport's thread, so the hub's thread only routes. The rate limit is
   * checked first, here too: a flood costs neither decoding nor room in the mailbox.
   */
  void received(Conn<Id> conn, String frame) {
    if (conn.bucket != null && refusedByRateLimit(conn)) {
      return;
    }
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

  /** Whether the frame just received is over the connection's rate limit (and so dropped). */
  private boolean refusedByRateLimit(Conn<Id> conn) {
    switch (conn.bucket.take(now())) {
      case PASS -> {
        return false;
      }
      case WARN -> mailbox.tellFrame(new Refuse<>(conn, rateLimit.problem()));
      case CLOSE -> mailbox.tell(new OverLimit<>(conn));
      case DROP -> { }
    }
    return true;
  }

  void transportFailed(Conn<Id> conn, int code, String problem) {
    mailbox.tell(new Fail<>(conn, code, problem));
  }

  void transportClosed(Conn<Id> conn, int code, String reason) {
    mailbox.tell(new Closed<>(conn, code, reason));
  }

  // ---- The hub's thread from here on. ----

  private void apply(Command<Id> command) {
    command.applyTo(this);
    pendingCloses.closeAll();
  }

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
    if (existing != null || claims.containsKey(conn.id)) {
      switch (config.duplicateIds()) {
        case REJECT_NEW -> {
          reject(conn, CloseCodes.POLICY_VIOLATION, "id " + format(conn.id) + " is already connected");
          return;
        }
        case REPLACE -> {
          for (Conn<Id> old = existing, next; old != null; old = next) {
            next = old.next;
            counters.replacedClosed();
            close(old, CloseCodes.REPLACED, "replaced by a newer connection");
          }
        }
        case MULTI -> { }
      }
    }
    if (backplane == null) {
      register(conn);
    } else if (config.duplicateIds() == DuplicateIdPolicy.REJECT_NEW) {
      claim(conn);
    } else {
      register(conn);
      CompletionStage<Long> generation = askCluster(() -> backplane.connected(conn.id));
      generation.whenComplete((stamp, error) -> mailbox.tell(new Command.Apply<>(hub -> hub.stamp(conn, stamp, error))));
    }
  }

  private void register(Conn<Id> conn) {
    long now = now();
    conn.nextPingAt = now + pingNanos;
    conn.unansweredSince = conn.lastSeen; // not pinged yet
    conn.progressAt = now;
    registry.add(conn);
    conn.lastWritten = written(conn); // registered first: a port that throws is closed like any other
    counters.accepted();
    notify(listener -> listener.onConnect(conn.id));
  }

  void route(Conn<Id> conn, Message<Id> message) {
    if (conn.claiming) {
      conn.hold(new Route<>(conn, message));
      return;
    }
    mailbox.frameHandled();
    if (!conn.registered) {
      return;
    }
    counters.received();
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
    if (conn.claiming) {
      conn.hold(new Refuse<>(conn, problem));
      return;
    }
    mailbox.frameHandled();
    if (!conn.registered) {
      return;
    }
    counters.received();
    replyError(conn, problem);
  }

  void closeOversize(Conn<Id> conn) {
    if (conn.claiming) {
      conn.hold(new CloseOversize<>(conn));
      return;
    }
    mailbox.frameHandled();
    if (!conn.registered) {
      return;
    }
    counters.received();
    close(conn, CloseCodes.TOO_BIG, "frame over " + config.maxFrameBytes() + " bytes");
  }

  /** The client broke the protocol below the messages; the transport wants it closed with {@code code}. */
  void fail(Conn<Id> conn, int code, String problem) {
    if (conn.claiming) {
      conn.goneWhileClaiming = true;
      conn.closed = true;
      closePort(conn, CloseCodes.isSendable(code) ? code : CloseCodes.POLICY_VIOLATION, problem);
      return;
    }
    if (!conn.registered) {
      return;
    }
    counters.protocolError();
    LOG.log(Level.DEBUG, () -> "wshub: closing " + format(conn.id) + " with " + code + ": " + problem);
    notify(listener -> listener.onError(conn.id, problem, null));
    close(conn, CloseCodes.isSendable(code) ? code : CloseCodes.POLICY_VIOLATION, problem);
  }

  /** The transport lost the connection, or confirmed a close the hub began. */
  void closed(Conn<Id> conn, int code, String reason) {
    if (conn.claiming) {
      conn.goneWhileClaiming = true;
      return;
    }
    if (!conn.registered) {
      return;
    }
    conn.closed = true;
    registry.remove(conn);
    goneFromCluster(conn.id);
    leaveAll(conn);
    notify(listener -> listener.onDisconnect(conn.id, code, reason));
  }

  /** The connection stayed over its rate limit for too long. */
  void overLimit(Conn<Id> conn) {
    if (conn.claiming) {
      fail(conn, CloseCodes.POLICY_VIOLATION, rateLimit.problem());
    } else if (conn.registered) {
      close(conn, CloseCodes.POLICY_VIOLATION, rateLimit.problem());
    }
  }

  boolean deliver(Id to, Message<Id> message) {
    return deliverFrame(to, codec.encode(message));
  }

  boolean deliverFrame(Id to, String frame) {
    boolean accepted = false;
    for (Conn<Id> conn = registry.first(to), next; conn != null; conn = next) {
      next = conn.next;
      accepted |= offer(conn, frame);
    }
    return accepted;
  }

  /** To every connection here; with a backplane on every node too, and the sender, if any, hears when the others could not be reached. */
  int deliverToAll(Message<Id> message, Conn<Id> from) {
    String frame = codec.encode(message);
    int here = deliverFrameToAll(frame);
    if (backplane != null) {
      toCluster(from, "the broadcast reached only this server's connections", () -> backplane.broadcast(frame));
    }
    return here;
  }

  int deliverToAll(Message<Id> message) {
    return deliverToAll(message, null);
  }

  /**
   * Hands a fan-out to the cluster; when it cannot take it, {@code from} (the client whose message
   * it is) gets an error reply saying what reached only this node.
   */
  void toCluster(Conn<Id> from, String problem, Supplier<CompletionStage<Void>> call) {
    askCluster(call).whenComplete((done, error) -> {
      if (error != null && from != null) {
        mailbox.tell(new Command.Apply<>(hub -> {
          if (from.registered) {
            hub.replyError(from, clusterProblem(problem, error));
          }
        }));
      }
    });
  }

  int deliverFrameToAll(String frame) {
    everyoneTouched = true;
    int accepted = 0;
    // In connection order; slow consumers are closed after the command, so nobody moves meanwhile.
    for (int i = 0; i < registry.size(); i++) {
      if (queue(registry.at(i), frame)) {
        accepted++;
      }
    }
    return accepted;
  }

  // ---- Rooms. ----

  /**
   * To every connection in {@code name} but those of {@code except} (null: nobody left out):
   * encoded once, and flushed as a broadcast is, by the room at the end of the burst rather than
   * connection by connection.
   */
  int deliverToRoom(String name, Message<Id> message, Id except) {
    return deliverFrameToRoom(name, codec.encode(message), except, false);
  }

  /** {@code fromCluster}: another node's message, which members still joining do not hear (see enterInCluster). */
  int deliverFrameToRoom(String name, String frame, Id except, boolean fromCluster) {
    Rooms.Room<Id> room = rooms.get(name);
    if (room == null) {
      return 0;
    }
    int accepted = 0;
    for (int i = 0; i < room.size; i++) {
      Conn<Id> conn = room.at(i);
      if ((except == null || !except.equals(conn.id)) && !(fromCluster && room.members[i].joining)
          && queue(conn, frame)) {
        accepted++;
        conn.touched = true; // flushed through the room; see removeFromRoom
      }
    }
    if (!room.touched) {
      room.touched = true;
      touchedRooms.add(room);
    }
    return accepted;
  }

  /**
   * {@link Hub#sendToRoom}: with a backplane, to the room's members here and on every other node;
   * the count is this node's, given once the other nodes were handed the frame.
   */
  void sendToRoomFromServer(String room, Message<Id> message, Id except, CompletableFuture<Integer> accepted) {
    if (backplane == null) {
      accepted.complete(deliverToRoom(room, message, except));
      return;
    }
    String frame = codec.encode(message);
    int here = deliverFrameToRoom(room, frame, except, false);
    askCluster(() -> backplane.sendToRoom(room, frame, except)).whenComplete((done, error) -> {
      if (error != null) {
        accepted.completeExceptionally(error);
      } else {
        accepted.complete(here);
      }
    });
  }

  /** {@link Hub#broadcast}: as {@link #sendToRoomFromServer}, to everyone. */
  void broadcastFromServer(Message<Id> message, CompletableFuture<Integer> accepted) {
    if (backplane == null) {
      accepted.complete(deliverToAll(message));
      return;
    }
    String frame = codec.encode(message);
    int here = deliverFrameToAll(frame);
    askCluster(() -> backplane.broadcast(frame)).whenComplete((done, error) -> {
      if (error != null) {
        accepted.completeExceptionally(error);
      } else {
        accepted.complete(here);
      }
    });
  }

  /** A server-side join: one connection, or every connection of {@code id}. */
  boolean join(Id id, Conn<Id> conn, String room) {
    if (conn != null) {
      return joinRoom(conn, room);
    }
    boolean in = false;
    for (Conn<Id> each : connectionsOf(id)) {
      in |= joinRoom(each, room);
    }
    return in;
  }

  /** A server-side leave: one connection, or every connection of {@code id}. */
  boolean leave(Id id, Conn<Id> conn, String room) {
    if (conn != null) {
      return leaveRoom(conn, room);
    }
    boolean was = false;
    for (Conn<Id> each : connectionsOf(id)) {
      was |= leaveRoom(each, room);
    }
    return was;
  }

  /**
   * {@link Hub#join(Object, String)}: with a backplane the id's connections on other nodes join too,
   * asked as a SEND is (here first; elsewhere when none is here, or always under MULTI).
   */
  void joinFromServer(Id id, Conn<Id> conn, String room, CompletableFuture<Boolean> joined) {
    boolean here = join(id, conn, room);
    alsoInCluster(id, conn, here, joined, () -> backplane.join(id, room));
  }

  void leaveFromServer(Id id, Conn<Id> conn, String room, CompletableFuture<Boolean> left) {
    boolean here = leave(id, conn, room);
    alsoInCluster(id, conn, here, left, () -> backplane.leave(id, room));
  }

  private void alsoInCluster(Id id, Conn<Id> conn, boolean here, CompletableFuture<Boolean> answer,
      Supplier<CompletionStage<Boolean>> elsewhere) {
    boolean multi = config.duplicateIds() == DuplicateIdPolicy.MULTI;
    if (backplane == null || conn != null || (!multi && registry.first(id) != null)) {
      answer.complete(here); // one connection, or an id that is here and so nowhere else
      return;
    }
    if (here) {
      askCluster(elsewhere); // MULTI: its other nodes' connections too, but the answer is known
      answer.complete(true);
      return;
    }
    askCluster(elsewhere).whenComplete((there, error) -> {
      if (error != null) {
        answer.completeExceptionally(error);
      } else {
        answer.complete(there);
      }
    });
  }

  /** A copy: joining and leaving can close connections (slow consumers), which changes the chain. */
  private List<Conn<Id>> connectionsOf(Id id) {
    List<Conn<Id>> conns = new ArrayList<>(1);
    for (Conn<Id> conn = registry.first(id); conn != null; conn = conn.next) {
      conns.add(conn);
    }
    return conns;
  }

  /**
   * JOIN: the connection is told "joined"; the room's others get the same frame when its id was
   * not there yet. Returns whether it is in the room now: false when it is at its room limit.
   */
  boolean joinRoom(Conn<Id> conn, String name) {
    if (!conn.registered || conn.closing) {
      return false;
    }
    Rooms.Room<Id> room = rooms.get(name);
    if (room != null && conn.membership(room) != null) {
      offer(conn, roomNotice(conn.id, name, JOINED)); // no event: nothing changed
      return true;
    }
    if (conn.roomCount >= config.maxRoomsPerConnection()) {
      return false;
    }
    boolean first = room == null || !anotherConnectionIn(conn, room);
    Rooms.Member<Id> member = rooms.add(conn, name);
    String notice = roomNotice(conn.id, name, JOINED);
    if (backplane == null) {
      offer(conn, notice);
      if (first) {
        tellRoom(member.room, conn, notice);
      }
    } else {
      enterInCluster(member, first, notice);
    }
    notify(listener -> listener.onJoin(conn.id, name, first));
    return true;
  }

  /**
   * With a backplane a join counts from the moment the cluster takes it, in order with the
   * presence events and room messages other nodes publish: until then the member hears none of
   * them, and then it is told "joined". When the cluster cannot be told, it is told "joined" at
   * once, and, if it is its id's first connection in the room here, the room's members here are
   * told too, by what this node knows.
   */
  private void enterInCluster(Rooms.Member<Id> member, boolean first, String notice) {
    member.joining = true;
    Id id = member.conn.id;
    String room = member.room.name;
    askCluster(() -> backplane.joined(id, room, first)).whenComplete((done, error) ->
        mailbox.tell(new Command.Apply<>(hub -> {
          hub.entered(member, notice);
          if (error != null && first) {
            hub.tellRoomHere(room, id, notice);
          }
        })));
  }

  private void entered(Rooms.Member<Id> member, String notice) {
    if (member.joining) {
      member.joining = false;
      offer(member.conn, notice);
    }
  }

  /** LEAVE: the connection is told "left"; the others too when it was its id's last connection there. */
  boolean leaveRoom(Conn<Id> conn, String name) {
    Rooms.Room<Id> room = rooms.get(name);
    Rooms.Member<Id> member = room == null || !conn.registered ? null : conn.membership(room);
    if (member == null) {
      return false;
    }
    String notice = removeFromRoom(member);
    offer(conn, notice);
    return true;
  }

  /** A connection that is gone leaves every room it was in, in the order it joined them. */
  private void leaveAll(Conn<Id> conn) {
    while (conn.roomCount > 0) {
      removeFromRoom(conn.rooms[0]);
    }
  }

  /** Takes a membership away, with the presence event and the listeners'; returns the "left" frame. */
  private String removeFromRoom(Rooms.Member<Id> member) {
    Conn<Id> conn = member.conn;
    String name = member.room.name;
    if (member.joining) {
      entered(member, roomNotice(conn.id, name, JOINED)); // "joined" before "left", however slow the cluster
    }
    rooms.remove(member);
    if (conn.touched) {
      touched.add(conn); // it was to be flushed through this room
    }
    boolean last = !anotherConnectionIn(conn, member.room);
    String notice = roomNotice(conn.id, name, LEFT);
    if (last && !stopping) {
      if (backplane == null) {
        tellRoom(member.room, conn, notice);
      } else {
        leaveInCluster(conn.id, name, notice);
      }
    }
    notify(listener -> listener.onLeave(conn.id, name, last));
    return notice;
  }

  /** Whether another registered connection of the same id is in {@code room}. */
  private boolean anotherConnectionIn(Conn<Id> conn, Rooms.Room<Id> room) {
    for (Conn<Id> other = registry.first(conn.id); other != null; other = other.next) {
      if (other != conn && other.membership(room) != null) {
        return true;
      }
    }
    return false;
  }

  /** A presence event to every connection in the room but {@code except}. */
  private void tellRoom(Rooms.Room<Id> room, Conn<Id> except, String frame) {
    for (int i = 0; i < room.size; i++) {
      Conn<Id> conn = room.at(i);
      if (conn != except) {
        offer(conn, frame);
      }
    }
  }

  /**
   * With a backplane the cluster decides whether the id's presence in the room ended (it may be
   * there through another node) and tells every node's members, this one's included
   * ({@link Backplane.Node#presence}). When it cannot be told, this node's members are told here,
   * by what this node knows, and the backplane tells the cluster when it is back.
   */
  private void leaveInCluster(Id id, String room, String notice) {
    askCluster(() -> backplane.left(id, room)).whenComplete((done, error) -> {
      if (error != null) {
        mailbox.tell(new Command.Apply<>(hub -> hub.tellRoomHere(room, id, notice)));
      }
    });
  }

  /** A presence event about {@code about} to every member of the room here but {@code about}'s connections. */
  int tellRoomHere(String name, Id about, String frame) {
    Rooms.Room<Id> room = rooms.get(name);
    if (room == null) {
      return 0;
    }
    int told = 0;
    for (int i = 0; i < room.size; i++) {
      Rooms.Member<Id> member = room.members[i];
      if (!member.joining && !member.conn.id.equals(about) && offer(member.conn, frame)) {
        told++;
      }
    }
    return told;
  }

  String roomNotice(Id id, String room, String content) {
    return codec.encode(new Message<>(MessageType.SYSTEM, config.ids().system(), id, room, content, null, null));
  }

  boolean inRoom(Conn<Id> conn, String name) {
    Rooms.Room<Id> room = rooms.get(name);
    return room != null && conn.membership(room) != null;
  }

  /** The ids in a room, each once, ascending. */
  List<Id> membersOf(String name) {
    return membersWith(name, List.of());
  }

  /** The ids in a room here and {@code elsewhere} (the cluster's answer), each once, ascending. */
  List<Id> membersWith(String name, List<Id> elsewhere) {
    Rooms.Room<Id> room = rooms.get(name);
    if (room == null && elsewhere.isEmpty()) {
      return List.of();
    }
    Set<Id> ids = new HashSet<>(elsewhere);
    for (int i = 0; room != null && i < room.size; i++) {
      ids.add(room.at(i).id);
    }
    List<Id> sorted = new ArrayList<>(ids);
    sorted.sort(idOrder());
    return Collections.unmodifiableList(sorted);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Comparator<Id> idOrder() {
    return (a, b) -> a instanceof Comparable comparable && a.getClass() == b.getClass()
        ? comparable.compareTo(b)
        : format(a).compareTo(format(b));
  }

  /** The rooms any connection of {@code id} is in, by name. */
  Set<String> roomsOf(Id id) {
    Set<String> names = new TreeSet<>();
    for (Conn<Id> conn = registry.first(id); conn != null; conn = conn.next) {
      for (int i = 0; i < conn.roomCount; i++) {
        names.add(conn.rooms[i].room.name);
      }
    }
    return Collections.unmodifiableSet(names);
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
      measureLag(now);
      if (backplane != null) {
        clusterRefusals.warnIfDue(now); // the rest of a spell of refusals, once the hub is back
      }
    } finally {
      scheduleSweep(); // whatever a port did, heartbeats go on for everyone
    }
  }

  /** One connection's heartbeat: closed if idle or stuck, pinged if due ({@link Heartbeat} decides which). */
  private void check(Conn<Id> conn, long now) {
    if (conn.closing) {
      return; // closed at the end of this sweep
    }
    switch (heartbeat.verdict(conn, now, writeStall)) {
      case IDLE -> {
        counters.idleClosed();
        close(conn, CloseCodes.GOING_AWAY, "idle: nothing received for " + readable(config.idleTimeout()));
      }
      case STALLED -> {
        counters.slowConsumerClosed();
        close(conn, CloseCodes.TRY_AGAIN_LATER, "slow consumer: write timed out");
      }
      case PING -> {
        conn.nextPingAt = now + pingNanos;
        if (!Heartbeat.pingedSinceLastSeen(conn)) {
          conn.unansweredSince = now;
        }
        ping(conn);
      }
      case NOTHING -> { }
    }
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

  /**
   * Sends a question through the mailbox behind everything queued now, as a frame arriving now
   * would go (the sweep itself jumps the queue), and reports how long it took to come back.
   */
  private void measureLag(long now) {
    if (measuringLag || listeners.isEmpty()) {
      return;
    }
    measuringLag = true;
    ask(hub -> {
      Duration lag = Duration.ofNanos(Math.max(0, now() - now));
      measuringLag = false;
      notify(listener -> listener.onLag(lag));
      return null;
    });
  }

  private void scheduleSweep() {
    nextSweep = scheduler.schedule(Duration.ofNanos(sweepNanos), () -> mailbox.tellUrgent(new Sweep<>()));
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
      scheduler.schedule(Duration.ofNanos(Math.min(left, sweepNanos)), () -> mailbox.tellUrgent(new DrainCheck<>()));
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
    stopping = true;
    for (int i = registry.size() - 1; i >= 0; i--) {
      close(registry.at(i), CloseCodes.GOING_AWAY, "the hub is shutting down");
    }
    for (Conn<Id> conn : List.copyOf(claims.values())) {
      conn.claiming = false;
      dropHeld(conn);
      if (!conn.goneWhileClaiming) {
        reject(conn, CloseCodes.GOING_AWAY, "the hub is shutting down");
      }
    }
    claims.clear();
    state = State.STOPPED;
    if (nextSweep != null) {
      nextSweep.cancel();
    }
    if (backplane != null) {
      tellCluster("stop", backplane::stop);
    }
    stopWaiters.forEach(done -> done.complete(null));
    stopWaiters.clear();
    onStopped.run();
  }

  private HubStats snapshot() {
    return counters.snapshot(registry.size(), registry.ids(), clusterReachable, mailbox.framesWaiting(),
        outboundQueued(), clusterRefusals.count());
  }

  private long outboundQueued() {
    long queued = 0;
    for (int i = registry.size() - 1; i >= 0; i--) {
      queued += pending(registry.at(i));
    }
    return queued;
  }

  // ---- The cluster, when there is a backplane. ----

  /**
   * A SEND whose receipt may need another node: delivered here first; the receipt is given now
   * when a connection here accepted it (unless MULTI: the id may be elsewhere too), else when the
   * cluster answers. The answer comes back through the mailbox, so it is handled in turn.
   */
  void forwardInCluster(Conn<Id> from, Id receiver, String frame) {
    boolean here = deliverFrame(receiver, frame);
    if (here) {
      if (config.duplicateIds() == DuplicateIdPolicy.MULTI) {
        tellCluster("send", () -> backplane.send(receiver, frame, false));
      }
      receipt(from, receiver, true);
      return;
    }
    askCluster(() -> backplane.send(receiver, frame, true)).whenComplete((delivered, error) ->
        mailbox.tell(new Command.Apply<>(hub -> {
          if (!from.registered) {
            return; // the sender is gone: nobody to tell
          }
          if (error != null) {
            replyError(from, clusterProblem("no receipt for the message to " + format(receiver), error));
          } else {
            receipt(from, receiver, delivered);
          }
        })));
  }

  /** {@link Hub#send} with a backplane: here first, then the other nodes when nobody here took it. */
  void sendFromServer(Id to, Message<Id> message, CompletableFuture<Boolean> accepted) {
    if (backplane == null) {
      accepted.complete(deliver(to, message));
      return;
    }
    String frame = codec.encode(message);
    boolean here = deliverFrame(to, frame);
    if (here) {
      if (config.duplicateIds() == DuplicateIdPolicy.MULTI) {
        tellCluster("send", () -> backplane.send(to, frame, false));
      }
      accepted.complete(true);
      return;
    }
    askCluster(() -> backplane.send(to, frame, true)).whenComplete((delivered, error) -> {
      if (error != null) {
        accepted.completeExceptionally(error);
      } else {
        accepted.complete(delivered);
      }
    });
  }

  /** Calls the backplane for an answer; one that throws instead of answering is a failed answer. */
  <T> CompletionStage<T> askCluster(Supplier<CompletionStage<T>> question) {
    try {
      CompletionStage<T> answer = question.get();
      return answer != null ? answer : CompletableFuture.failedFuture(new IllegalStateException("no answer"));
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "wshub: the backplane failed to answer", e);
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Tells the backplane something; one that throws is logged, and the hub goes on. */
  private void tellCluster(String what, Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "wshub: the backplane failed to " + what, e);
    }
  }

  /** The last connection of an id here is gone: the cluster hears of it. */
  private void goneFromCluster(Id id) {
    if (backplane != null && registry.first(id) == null) {
      tellCluster("announce a disconnect", () -> backplane.disconnected(id));
    }
  }

  String clusterProblem(String what, Throwable error) {
    Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
        ? error.getCause() : error;
    return "cluster unavailable: " + what + " (" + cause.getMessage() + ")";
  }

  String membersNotice(Id to, String room, List<Id> members) {
    return codec.encode(new Message<>(MessageType.SYSTEM, config.ids().system(), to, room, "members", members, null));
  }

  String onlineNotice(Id id, boolean online) {
    return codec.encode(Message.of(MessageType.SYSTEM, config.ids().system(), id, online ? "online" : NOT_ONLINE));
  }

  void receipt(Conn<Id> to, Id receiver, boolean delivered) {
    if (delivered) {
      counters.successReceipt();
    } else {
      counters.notOnlineReceipt();
    }
    offer(to, codec.encode(Message.of(
        MessageType.SYSTEM, config.ids().system(), receiver, delivered ? SUCCESS_SEND : NOT_ONLINE)));
  }

  /**
   * A connection of {@code id} with {@code generation} arrived on another node: the older ones here
   * are closed. One whose own generation is on its way is judged when it arrives ({@link #stamp}):
   * the message that replaced it may be an older connection's, late.
   */
  int replacedElsewhere(Id id, long generation) {
    int closed = 0;
    for (Conn<Id> conn = registry.first(id), next; conn != null; conn = next) {
      next = conn.next;
      if (conn.generation == 0) {
        conn.replacedBy = Math.max(conn.replacedBy, generation);
      } else if (conn.generation < generation) { // UNSTAMPED too: the cluster never knew it
        closed++;
        replaceNow(conn);
      }
    }
    return closed;
  }

  /** The cluster's generation for a connection arrived (or could not be had). */
  void stamp(Conn<Id> conn, Long generation, Throwable error) {
    if (!conn.registered) {
      return;
    }
    conn.generation = error != null || generation == null || generation <= 0 ? Conn.UNSTAMPED : generation;
    if (conn.replacedBy != 0 && conn.replacedBy > conn.generation) {
      replaceNow(conn); // a newer connection elsewhere was announced while this one's stamp was on its way
    }
  }

  private void replaceNow(Conn<Id> conn) {
    counters.replacedClosed();
    close(conn, CloseCodes.REPLACED, "replaced by a newer connection");
  }

  /**
   * REJECT_NEW in a cluster: the connection waits, unregistered, until the cluster says whether its
   * id is free; what it sends meanwhile is held. A cluster that cannot be asked does not keep a
   * node from serving: the connection is accepted if this node alone would accept it.
   */
  private void claim(Conn<Id> conn) {
    conn.claiming = true;
    claims.put(conn.id, conn);
    askCluster(() -> backplane.connected(conn.id)).whenComplete((generation, error) ->
        mailbox.tell(new Command.Apply<>(hub -> hub.claimed(conn, generation, error))));
  }

  void claimed(Conn<Id> conn, Long generation, Throwable error) {
    if (!conn.claiming) {
      return; // rejected when the hub stopped
    }
    conn.claiming = false;
    claims.remove(conn.id, conn);
    boolean free = error != null || (generation != null && generation > 0);
    if (conn.goneWhileClaiming || state != State.RUNNING || !free) {
      conn.closed = true;
      if (free) {
        goneFromCluster(conn.id); // the cluster counts it here: it is not
      }
      dropHeld(conn);
      if (!conn.goneWhileClaiming) {
        reject(conn, free ? CloseCodes.GOING_AWAY : CloseCodes.POLICY_VIOLATION,
            free ? "the hub is shutting down" : "id " + format(conn.id) + " is already connected");
      }
      return;
    }
    conn.generation = error != null ? Conn.UNSTAMPED : generation;
    register(conn);
    List<Command<Id>> held = conn.held;
    conn.held = null;
    if (held != null) {
      held.forEach(command -> command.applyTo(this));
    }
  }

  private void dropHeld(Conn<Id> conn) {
    if (conn.held != null) {
      conn.held.forEach(frame -> mailbox.frameHandled());
      conn.held = null;
    }
  }

  void reachable(boolean reachable) {
    if (reachable != clusterReachable) {
      clusterReachable = reachable;
      notify(listener -> listener.onClusterReachable(reachable));
    }
  }

  /** The hub as its backplane sees it. */
  Backplane.Node<Id> node() {
    return new HubNode<>(this);
  }

  // ---- Shared steps. ----

  /** Puts a frame into a connection's queue, to be flushed at the end of the burst. */
  boolean offer(Conn<Id> conn, String frame) {
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
    if (!conn.registered || conn.closing) {
      return false; // closed, or to be closed, earlier in this same command
    }
    try {
      if (conn.port.send(frame)) {
        counters.delivered();
        return true;
      }
      if (!conn.port.isOpen()) {
        return false; // on its way out: not delivered, and the transport's close will say why
      }
    } catch (RuntimeException e) {
      portFailed(conn, "queue a frame", e);
      return false;
    }
    counters.slowConsumerClosed();
    pendingCloses.add(conn, CloseCodes.TRY_AGAIN_LATER, "slow consumer: outbound queue full");
    return false;
  }

  /**
   * The end of a burst: every port sent to starts writing what it was given. A port that fails to
   * is closed after the loops, and what that close sends (presence events) is flushed in turn.
   * Then the backplane, if any, sends on what the burst asked of the cluster.
   */
  private void flushTouched() {
    do {
      if (everyoneTouched) {
        for (int i = registry.size() - 1; i >= 0; i--) {
          flushNow(registry.at(i));
        }
        everyoneTouched = false;
      }
      for (int r = 0; r < touchedRooms.size(); r++) {
        Rooms.Room<Id> room = touchedRooms.get(r);
        room.touched = false;
        for (int i = 0; i < room.size; i++) {
          flush(room.at(i));
        }
      }
      touchedRooms.clear();
      for (int i = 0; i < touched.size(); i++) {
        flush(touched.get(i));
      }
      touched.clear();
      pendingCloses.closeAll();
    } while (!touched.isEmpty() || everyoneTouched || !touchedRooms.isEmpty());
    if (backplane != null) {
      tellCluster("flush", backplane::flush); // what the burst asked of the cluster goes out together
    }
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

  void replyError(Conn<Id> conn, String problem) {
    counters.errorReplied();
    offer(conn, codec.encode(Message.of(MessageType.SYSTEM, config.ids().system(), conn.id, "error: " + problem)));
    notify(listener -> listener.onError(conn.id, problem, null));
  }

  private void ping(Conn<Id> conn) {
    try {
      conn.port.ping(conn::pingWritten);
    } catch (RuntimeException e) {
      portFailed(conn, "ping", e);
    }
  }

  /** The frames a port has written so far, or 0 if it cannot say (then it is closed). */
  private long written(Conn<Id> conn) {
    try {
      return conn.port.framesWritten();
    } catch (RuntimeException e) {
      portFailed(conn, "report its writes", e);
      return 0;
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
    pendingCloses.add(conn, CloseCodes.UNEXPECTED_CONDITION, "unexpected server error");
  }

  /**
   * The hub closes a registered connection: forget it first, then tell the port. A slow consumer's
   * queue is dropped with it, and counted: those frames were receipted, and are not written.
   */
  void close(Conn<Id> conn, int code, String reason) {
    if (!conn.registered) {
      return;
    }
    conn.closed = true;
    registry.remove(conn);
    goneFromCluster(conn.id);
    if (code == CloseCodes.TRY_AGAIN_LATER) {
      counters.dropped(pending(conn));
    }
    leaveAll(conn); // before the port closes: the events it sends go out in the same burst
    closePort(conn, code, reason);
    notify(listener -> listener.onDisconnect(conn.id, code, reason));
  }

  private void reject(Conn<Id> conn, int code, String reason) {
    conn.closed = true;
    counters.rejected();
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

  String format(Id id) {
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

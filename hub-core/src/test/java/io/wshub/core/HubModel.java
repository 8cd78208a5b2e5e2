package io.wshub.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.wshub.core.testing.SystemFrames;
import io.wshub.core.testing.TestHub;
import io.wshub.core.testing.VirtualTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The hub under test and a model beside it, for {@link HubModelTest}: each step does something to
 * the real hub (through its API and the ports it talks to) and works out in the model what the
 * hub must do about it, the way protocol v1 and the README say; {@link #agrees()} compares the two.
 * The model keeps the hub's orders where they decide an outcome (the registry's and each room's
 * order, which slow consumer is found first), and takes the heartbeat's closes as they came,
 * checking only that each was allowed.
 */
final class HubModel {

  static final SystemFrames<Long> SYSTEM = SystemFrames.longs();
  static final int ROOM_LIMIT = 2;
  static final List<String> ROOMS = List.of("a", "b", "c");
  /** Ids 1 to 4 connect; 5 never does. */
  static final List<Long> IDS = List.of(1L, 2L, 3L, 4L, 5L);
  static final long SECOND = 1_000_000_000L;
  static final long IDLE = 10 * SECOND;
  static final long WRITE_TIMEOUT = 10 * SECOND;
  /** How late a heartbeat may act: the sweep runs every tenth of the shortest timeout (0.9 s here). */
  static final long SLACK = SECOND;
  /**
   * How late a write timeout may act: the hub sees a port's progress only when a sweep reads its
   * count of frames written, so it may date the last progress up to a sweep late, and then find
   * the timeout up to a sweep late.
   */
  static final long WRITE_SLACK = 2 * SECOND;

  /** The frames a client sends that the protocol refuses, and the words of the refusal. */
  static final List<Map.Entry<String, String>> BAD_FRAMES = List.of(
      Map.entry("", "not valid JSON: the frame is empty"),
      Map.entry("[1]", "a message is a JSON object such as {\"type\":1,\"receiver\":2,\"content\":\"hi\"}"),
      Map.entry("{\"receiver\":2}", "missing field \"type\""),
      Map.entry("{\"type\":1}", "a SEND message needs a \"receiver\""),
      Map.entry("{\"type\":1,\"receiver\":\"2\"}", "field \"receiver\" must be an integer id"),
      Map.entry("{\"type\":1,\"receiver\":2,\"receiver\":3}", "duplicate field \"receiver\""),
      Map.entry("{\"type\":0}", "type 0 (CONNECT) is reserved and not routed"),
      Map.entry("{\"type\":2,\"content\":\"x\"}", "type 2 (SYSTEM) is sent by the server only"),
      Map.entry("{\"type\":42}", "unsupported message type 42"),
      Map.entry("{\"type\":5,\"room\":\"no room\"}", RoomNames.problem("no room")),
      Map.entry("{\"type\":5}", "a JOIN message needs a \"room\""),
      Map.entry("{\"type\":8}", "a PRESENCE message needs a \"room\" or a \"receiver\""));

  /** One connection as the model sees it, with the port the hub really talks to. */
  static final class Client {
    final int n;
    final long id;
    final WatchedPort port;
    Connection<Long> connection;
    boolean registered;
    boolean closing;
    boolean stalled;
    boolean vanished;
    boolean broken;
    boolean reported;
    int closeCode = -1;
    long closedAt = -1;
    /** When the client last sent a frame the hub took (connecting counts). */
    long lastFrameAt;
    /** When the oldest frame waiting in its stalled queue was queued. */
    long waitingSince;
    final List<String> written = new ArrayList<>();
    final List<String> waiting = new ArrayList<>();
    final List<String> rooms = new ArrayList<>();

    Client(int n, long id, WatchedPort port) {
      this.n = n;
      this.id = id;
      this.port = port;
    }

    /** When the hub last heard from it by {@code at}: a frame, or a pong. */
    long heardAt(long at) {
      long heard = lastFrameAt;
      for (long pong : port.pongs) {
        if (pong <= at) {
          heard = Math.max(heard, pong);
        }
      }
      return heard;
    }

    @Override
    public String toString() {
      return "c" + n + "(id " + id + ")";
    }
  }

  /** A SEND as the model receipted it, to be checked against what really got written. */
  private record Sent(String frame, long receiver, boolean success, List<Client> acceptedBy) {}

  final DuplicateIdPolicy policy;
  final VirtualTime time;
  final TestHub<Long> hub;
  final List<Client> clients = new ArrayList<>();
  /** The registry's list of every connection, in its order (a removal moves the last one in). */
  final List<Client> registry = new ArrayList<>();
  /** Each id's connections, newest first. */
  final Map<Long, List<Client>> byId = new HashMap<>();
  /** Each room's members, in the room's order (swap-remove too). */
  final Map<String, List<Client>> rooms = new HashMap<>();
  final List<Map.Entry<Client, Integer>> pendingCloses = new ArrayList<>();
  final List<Sent> sent = new ArrayList<>();
  final List<String> story = new ArrayList<>();
  boolean stopping;
  int seq;
  long now;
  long accepted;
  long rejected;
  long framesReceived;
  long framesDelivered;
  long successReceipts;
  long notOnlineReceipts;
  long errorReplies;
  long slowConsumerCloses;
  long idleCloses;
  long replacedCloses;
  long framesDropped;
  long protocolErrors;

  HubModel(DuplicateIdPolicy policy) {
    this.policy = policy;
    TestHub<Long> testHub = TestHub.create(Hub.builder().duplicateIds(policy).maxRoomsPerConnection(ROOM_LIMIT));
    this.hub = testHub;
    this.time = testHub.time();
  }

  @Override
  public String toString() {
    return "HubModel[" + policy + ", " + clients.size() + " connections]";
  }

  private void tell(String line) {
    story.add(String.format("%7.1f s  %s", now / 1e9, line));
  }

  /** The k-th (modulo) of the clients that pass, or null when none does. */
  private Client pick(int k, Predicate<Client> which) {
    List<Client> candidates = clients.stream().filter(which).toList();
    return candidates.isEmpty() ? null : candidates.get(k % candidates.size());
  }

  /** A client whose socket is alive and that the hub has registered: it can send frames. */
  private Client talker(int k, String what) {
    Client c = pick(k, x -> x.registered && !x.vanished);
    tell(c == null ? "(nobody connected to send " + what + ")" : c + " sends " + what);
    return c;
  }

  // ---- The steps. ----

  void connect(long id, int capacity, boolean pongs, boolean broken) {
    Client c = new Client(clients.size(), id, new WatchedPort(time, capacity, pongs));
    clients.add(c);
    tell(c + " connects" + (capacity < 1000 ? ", queue of " + capacity : "") + (pongs ? "" : ", never answers pings")
        + (broken ? ", through a port that throws" : ""));
    c.port.broken = broken;
    c.broken = broken;
    c.connection = hub.hub().connect(id, c.port);
    c.port.connection = c.connection;
    List<Client> others = byId.getOrDefault(id, List.of());
    if (!others.isEmpty()) {
      switch (policy) {
        case REJECT_NEW -> {
          rejected++;
          c.closeCode = CloseCodes.POLICY_VIOLATION;
          c.closedAt = now;
          return;
        }
        case REPLACE -> {
          for (Client old : List.copyOf(others)) {
            replacedCloses++;
            close(old, CloseCodes.REPLACED);
          }
        }
        case MULTI -> { }
      }
    }
    c.registered = true;
    c.lastFrameAt = now;
    registry.add(c);
    byId.computeIfAbsent(id, i -> new ArrayList<>()).add(0, c);
    accepted++;
    if (broken) {
      closeSoon(c, CloseCodes.UNEXPECTED_CONDITION); // its port failed to say how much it wrote
    }
    closePending();
  }

  void send(int k, long to, int senderForm) {
    Client c = talker(k, "SEND to " + to);
    if (c == null) {
      return;
    }
    String content = "m" + ++seq;
    String frame;
    String forwarded;
    switch (senderForm) {
      case 0 -> {
        frame = "{\"type\":1,\"receiver\":" + to + ",\"content\":\"" + content + "\"}";
        forwarded = "{\"sender\":" + c.id + ",\"type\":1,\"receiver\":" + to + ",\"content\":\"" + content + "\"}";
      }
      case 1 -> {
        frame = "{\"type\":1,\"sender\":" + c.id + ",\"receiver\":" + to + ",\"content\":\"" + content + "\"}";
        forwarded = frame;
      }
      default -> {
        frame = "{\"type\":1,\"sender\":99,\"receiver\":" + to + ",\"content\":\"" + content + "\"}";
        forwarded = "{\"type\":1,\"sender\":" + c.id + ",\"receiver\":" + to + ",\"content\":\"" + content + "\"}";
      }
    }
    receive(c, frame, () -> {
      List<Client> acceptedBy = new ArrayList<>();
      for (Client r : List.copyOf(byId.getOrDefault(to, List.of()))) {
        if (queue(r, forwarded)) {
          acceptedBy.add(r);
        }
      }
      boolean success = !acceptedBy.isEmpty();
      if (success) {
        successReceipts++;
      } else {
        notOnlineReceipts++;
      }
      sent.add(new Sent(forwarded, to, success, acceptedBy));
      queue(c, SYSTEM.receipt(to, success));
    });
  }

  void broadcast(int k) {
    Client c = talker(k, "BROADCAST");
    if (c == null) {
      return;
    }
    String content = "b" + ++seq;
    receive(c, "{\"type\":3,\"content\":\"" + content + "\"}",
        () -> toEveryone("{\"sender\":" + c.id + ",\"type\":3,\"content\":\"" + content + "\"}"));
  }

  void join(int k, String room) {
    Client c = talker(k, "JOIN " + room);
    if (c == null) {
      return;
    }
    receive(c, "{\"type\":5,\"room\":\"" + room + "\"}", () -> {
      if (!joinRoom(c, room)) {
        replyError(c, "room limit: a connection may be in at most " + ROOM_LIMIT + " rooms; leave one first");
      }
    });
  }

  void leave(int k, String room) {
    Client c = talker(k, "LEAVE " + room);
    if (c == null) {
      return;
    }
    receive(c, "{\"type\":6,\"room\":\"" + room + "\"}", () -> {
      if (!leaveRoom(c, room)) {
        replyError(c, "not in room \"" + room + "\"");
      }
    });
  }

  void roomMessage(int k, String room) {
    Client c = talker(k, "ROOM " + room);
    if (c == null) {
      return;
    }
    String content = "r" + ++seq;
    receive(c, "{\"type\":7,\"room\":\"" + room + "\",\"content\":\"" + content + "\"}", () -> {
      if (!c.rooms.contains(room)) {
        replyError(c, "not in room \"" + room + "\"");
        return;
      }
      String forwarded = "{\"sender\":" + c.id + ",\"type\":7,\"room\":\"" + room + "\",\"content\":\"" + content + "\"}";
      for (Client member : List.copyOf(rooms.get(room))) {
        queue(member, forwarded);
      }
    });
  }

  void askMembers(int k, String room) {
    Client c = talker(k, "PRESENCE " + room);
    if (c == null) {
      return;
    }
    receive(c, "{\"type\":8,\"room\":\"" + room + "\"}", () -> {
      if (!c.rooms.contains(room)) {
        replyError(c, "not in room \"" + room + "\"");
        return;
      }
      queue(c, SYSTEM.members(c.id, room, members(room).toArray(Long[]::new)));
    });
  }

  void askOnline(int k, long id) {
    Client c = talker(k, "PRESENCE of " + id);
    if (c == null) {
      return;
    }
    receive(c, "{\"type\":8,\"receiver\":" + id + "}",
        () -> queue(c, SYSTEM.presence(id, !byId.getOrDefault(id, List.of()).isEmpty())));
  }

  void badFrame(int k, int which) {
    if (which == BAD_FRAMES.size()) {
      Client c = talker(k, "a frame over 512 bytes");
      if (c != null) {
        receive(c, "{\"type\":3,\"content\":\"" + "x".repeat(500) + "\"}", () -> close(c, CloseCodes.TOO_BIG));
      }
      return;
    }
    Map.Entry<String, String> bad = BAD_FRAMES.get(which);
    Client c = talker(k, "the bad frame " + bad.getKey());
    if (c != null) {
      receive(c, bad.getKey(), () -> replyError(c, bad.getValue()));
    }
  }

  void closeFrame(int k) {
    Client c = talker(k, "CLOSE");
    if (c != null) {
      receive(c, "{\"type\":4}", () -> close(c, CloseCodes.NORMAL));
    }
  }

  void socketCloses(int k, int code) {
    Client c = pick(k, x -> !x.reported);
    if (c == null) {
      tell("(no socket to close)");
      return;
    }
    tell(c + "'s socket closes with " + code + (c.registered ? "" : ", after the hub closed it"));
    c.port.report(code);
    c.reported = true;
    c.waiting.clear();
    if (c.registered) {
      c.registered = false;
      unregister(c);
      leaveAll(c);
      closePending();
    }
  }

  void vanish(int k) {
    Client c = pick(k, x -> x.registered && !x.vanished);
    if (c == null) {
      tell("(no socket to vanish)");
      return;
    }
    tell(c + "'s socket vanishes: nobody tells the hub");
    c.port.vanished = true;
    c.vanished = true;
  }

  void protocolError(int k, int code) {
    Client c = pick(k, x -> x.registered && !x.vanished);
    if (c == null) {
      tell("(nobody to break the protocol)");
      return;
    }
    tell(c + " breaks the protocol (" + code + ")");
    c.connection.fail(code, "broken");
    protocolErrors++;
    close(c, CloseCodes.isSendable(code) ? code : CloseCodes.POLICY_VIOLATION);
    closePending();
  }

  void stall(int k) {
    Client c = pick(k, x -> x.registered && !x.stalled);
    if (c == null) {
      tell("(nobody to stop reading)");
      return;
    }
    tell(c + " stops reading");
    c.port.stalled = true;
    c.stalled = true;
  }

  void breakPort(int k) {
    Client c = pick(k, x -> x.registered && !x.broken);
    if (c == null) {
      tell("(no port to break)");
      return;
    }
    tell(c + "'s port breaks: from now on it throws");
    c.port.broken = true;
    c.broken = true;
  }

  void resume(int k) {
    Client c = pick(k, x -> x.stalled && !x.reported);
    if (c == null) {
      tell("(nobody to read again)");
      return;
    }
    tell(c + " reads again" + (c.waiting.isEmpty() ? "" : ": " + c.waiting.size() + " frames waited"));
    c.port.resume();
    c.stalled = false;
    if (!c.vanished) {
      c.written.addAll(c.waiting);
    }
    c.waiting.clear();
  }

  void lateFrame(int k) {
    Client c = pick(k, x -> !x.registered);
    if (c == null) {
      tell("(no closed connection for a late frame)");
      return;
    }
    tell(c + " sends a frame after its close: dropped");
    c.connection.receive("{\"type\":3,\"content\":\"late\"}");
  }

  void serverSends(long to) {
    String frame = "{\"type\":2,\"sender\":0,\"receiver\":" + to + ",\"content\":\"note" + ++seq + "\"}";
    tell("the server sends to " + to);
    boolean answer = hub.hub().send(to, Message.of(MessageType.SYSTEM, 0L, to, "note" + seq)).join();
    boolean model = false;
    for (Client r : List.copyOf(byId.getOrDefault(to, List.of()))) {
      model |= queue(r, frame);
    }
    closePending();
    assertThat(answer).as("Hub.send's answer for " + to).isEqualTo(model);
  }

  void serverBroadcasts() {
    String content = "news" + ++seq;
    tell("the server broadcasts");
    int answer = hub.hub().broadcast(Message.of(MessageType.BROADCAST, 0L, null, content)).join();
    int model = toEveryone("{\"type\":3,\"sender\":0,\"content\":\"" + content + "\"}");
    closePending();
    assertThat(answer).as("Hub.broadcast's count").isEqualTo(model);
  }

  void serverJoins(long id, String room) {
    tell("the server joins " + id + " to " + room);
    boolean answer = hub.hub().join(id, room).join();
    boolean model = false;
    for (Client c : List.copyOf(byId.getOrDefault(id, List.of()))) {
      model |= joinRoom(c, room);
    }
    closePending();
    assertThat(answer).as("Hub.join's answer").isEqualTo(model);
  }

  void serverLeaves(long id, String room) {
    tell("the server takes " + id + " out of " + room);
    boolean answer = hub.hub().leave(id, room).join();
    boolean model = false;
    for (Client c : List.copyOf(byId.getOrDefault(id, List.of()))) {
      model |= leaveRoom(c, room);
    }
    closePending();
    assertThat(answer).as("Hub.leave's answer").isEqualTo(model);
  }

  void serverSendsToRoom(String room, Long except) {
    String content = "all" + ++seq;
    tell("the server sends to room " + room + (except == null ? "" : " but " + except));
    Message<Long> message = Message.toRoom(MessageType.ROOM, 0L, room, content);
    int answer = (except == null ? hub.hub().sendToRoom(room, message) : hub.hub().sendToRoom(room, message, except))
        .join();
    String frame = "{\"type\":7,\"sender\":0,\"room\":\"" + room + "\",\"content\":\"" + content + "\"}";
    int model = 0;
    for (Client member : List.copyOf(rooms.getOrDefault(room, List.of()))) {
      if ((except == null || member.id != except) && queue(member, frame)) {
        model++;
      }
    }
    closePending();
    assertThat(answer).as("Hub.sendToRoom's count").isEqualTo(model);
  }

  /**
   * Time passes. The hub decides when to ping and to close the idle and the stuck; the model
   * takes its closes as they came, checks each was allowed, applies what follows from it (the
   * rooms are told), and checks that nobody who should have been closed is still open.
   */
  void tick(long millis) {
    long from = now;
    tell("time passes: " + millis + " ms");
    hub.advance(Duration.ofMillis(millis));
    long to = from + millis * 1_000_000L;
    TreeMap<Long, Set<Client>> closes = new TreeMap<>();
    for (Client c : registry) {
      if (c.port.closeCode != -1) {
        closes.computeIfAbsent(c.port.closedAt, t -> new HashSet<>()).add(c);
      }
    }
    for (Map.Entry<Long, Set<Client>> sweep : closes.entrySet()) {
      now = sweep.getKey();
      List<Client> order = List.copyOf(registry); // a sweep looks at them from the last to the first
      for (int i = order.size() - 1; i >= 0; i--) {
        Client c = order.get(i);
        if (!c.registered || c.closing || !sweep.getValue().contains(c)) {
          continue;
        }
        if (c.broken && c.port.closeCode != CloseCodes.GOING_AWAY) {
          closeSoon(c, CloseCodes.UNEXPECTED_CONDITION); // its port threw when asked what it had pending
          continue;
        }
        if (!closedByHeartbeat(c)) {
          continue; // the others closed at this moment were found slow while the heartbeat's closes told their rooms
        }
        int code = c.port.closeCode;
        if (code == CloseCodes.GOING_AWAY) {
          assertIdleCloseAllowed(c);
          idleCloses++;
        } else {
          assertThat(c.waiting).as("%s closed as stuck with nothing waiting", c).isNotEmpty();
          assertThat(now - c.waitingSince).as("%s closed as stuck after only %d ms", c,
              (now - c.waitingSince) / 1_000_000).isGreaterThanOrEqualTo(WRITE_TIMEOUT - SLACK);
          slowConsumerCloses++;
        }
        tell(c + " closed by the heartbeat with " + code + ": " + c.port.closeReason);
        close(c, code);
      }
      closePending();
    }
    now = to;
    for (Client c : registry) {
      assertThat(now - c.heardAt(now)).as("%s silent since %.1f s and still open", c, c.heardAt(now) / 1e9)
          .isLessThanOrEqualTo(IDLE + SLACK);
      if (!c.waiting.isEmpty()) {
        assertThat(now - c.waitingSince).as("%s stuck since %.1f s and still open", c, c.waitingSince / 1e9)
            .isLessThanOrEqualTo(WRITE_TIMEOUT + WRITE_SLACK);
      }
    }
  }

  /**
   * Whether the hub closed a connection for its heartbeat (idle, or its writes stuck), as its close
   * reason says; the other closes time brings are slow consumers found while the rooms of those
   * connections were told they left.
   */
  private static boolean closedByHeartbeat(Client c) {
    return c.port.closeCode == CloseCodes.GOING_AWAY
        || (c.port.closeCode == CloseCodes.TRY_AGAIN_LATER && c.port.closeReason.contains("write timed out"));
  }

  private void assertIdleCloseAllowed(Client c) {
    long heard = c.heardAt(now);
    assertThat(now - heard).as("%s closed as idle, heard from %d ms before", c, (now - heard) / 1_000_000)
        .isGreaterThanOrEqualTo(IDLE);
    assertThat(c.port.pings).as("%s closed as idle without a ping and a second to answer it since %.1f s",
        c, heard / 1e9).anyMatch(ping -> ping > heard && ping <= now - SECOND);
  }

  // ---- The model of the hub's thread. ----

  /** A frame from a client: dropped unless registered; else counted, routed, and what it made slow closed. */
  private void receive(Client c, String frame, Runnable rule) {
    c.connection.receive(frame);
    if (!c.registered) {
      return;
    }
    framesReceived++;
    c.lastFrameAt = now;
    rule.run();
    closePending();
  }

  /** ClientPort.send as the hub makes it: a full queue closes that connection as a slow consumer. */
  private boolean queue(Client c, String frame) {
    if (!c.registered || c.closing) {
      return false;
    }
    if (c.broken) {
      closeSoon(c, CloseCodes.UNEXPECTED_CONDITION); // the port threw
      return false;
    }
    if (c.vanished) {
      return false;
    }
    if (!c.stalled) {
      c.written.add(frame);
    } else if (c.waiting.size() < c.port.capacity) {
      if (c.waiting.isEmpty()) {
        c.waitingSince = now;
      }
      c.waiting.add(frame);
    } else {
      slowConsumerCloses++;
      closeSoon(c, CloseCodes.TRY_AGAIN_LATER);
      return false;
    }
    framesDelivered++;
    return true;
  }

  private int toEveryone(String frame) {
    int count = 0;
    for (Client c : List.copyOf(registry)) {
      if (queue(c, frame)) {
        count++;
      }
    }
    return count;
  }

  private void replyError(Client c, String problem) {
    errorReplies++;
    queue(c, SYSTEM.error(c.id, problem));
  }

  private void closeSoon(Client c, int code) {
    if (c.registered && !c.closing) {
      c.closing = true;
      pendingCloses.add(Map.entry(c, code));
    }
  }

  private void closePending() {
    for (int i = 0; i < pendingCloses.size(); i++) {
      Map.Entry<Client, Integer> pending = pendingCloses.get(i);
      tell(pending.getKey() + (pending.getValue() == CloseCodes.TRY_AGAIN_LATER ? " closed as a slow consumer"
          : " closed for its port's failure"));
      close(pending.getKey(), pending.getValue());
    }
    pendingCloses.clear();
  }

  private void close(Client c, int code) {
    if (!c.registered) {
      return;
    }
    c.registered = false;
    unregister(c);
    if (code == CloseCodes.TRY_AGAIN_LATER && !c.broken) {
      framesDropped += c.waiting.size(); // a broken port cannot say how many
    }
    leaveAll(c);
    if (c.closeCode == -1) {
      c.closeCode = code;
      c.closedAt = now;
      if (code == CloseCodes.TRY_AGAIN_LATER) {
        c.waiting.clear();
      }
    }
  }

  private void unregister(Client c) {
    int at = registry.indexOf(c);
    Client last = registry.remove(registry.size() - 1);
    if (at < registry.size()) {
      registry.set(at, last);
    }
    List<Client> chain = byId.get(c.id);
    chain.remove(c);
    if (chain.isEmpty()) {
      byId.remove(c.id);
    }
  }

  private boolean joinRoom(Client c, String room) {
    if (!c.registered || c.closing) {
      return false;
    }
    String notice = SYSTEM.joined(c.id, room);
    if (c.rooms.contains(room)) {
      queue(c, notice);
      return true;
    }
    if (c.rooms.size() >= ROOM_LIMIT) {
      return false;
    }
    boolean first = !anotherConnectionIn(c, room);
    List<Client> members = rooms.computeIfAbsent(room, r -> new ArrayList<>());
    members.add(c);
    c.rooms.add(room);
    queue(c, notice);
    if (first) {
      for (Client other : List.copyOf(members)) {
        if (other != c) {
          queue(other, notice);
        }
      }
    }
    return true;
  }

  private boolean leaveRoom(Client c, String room) {
    if (!c.registered || !c.rooms.contains(room)) {
      return false;
    }
    queue(c, removeFromRoom(c, room));
    return true;
  }

  private void leaveAll(Client c) {
    while (!c.rooms.isEmpty()) {
      removeFromRoom(c, c.rooms.get(0));
    }
  }

  private String removeFromRoom(Client c, String room) {
    List<Client> members = rooms.get(room);
    int at = members.indexOf(c);
    Client last = members.remove(members.size() - 1);
    if (at < members.size()) {
      members.set(at, last);
    }
    if (members.isEmpty()) {
      rooms.remove(room);
    }
    c.rooms.remove(room);
    String notice = SYSTEM.left(c.id, room);
    if (!anotherConnectionIn(c, room) && !stopping) {
      for (Client other : List.copyOf(members)) {
        queue(other, notice);
      }
    }
    return notice;
  }

  private boolean anotherConnectionIn(Client c, String room) {
    for (Client other : byId.getOrDefault(c.id, List.of())) {
      if (other != c && other.rooms.contains(room)) {
        return true;
      }
    }
    return false;
  }

  private List<Long> members(String room) {
    return new ArrayList<>(new TreeSet<>(rooms.getOrDefault(room, List.of()).stream().map(c -> c.id).toList()));
  }

  // ---- Checks. ----

  /** Every connection got what the model says; the hub's answers and counters are the model's. */
  void agrees() {
    try {
      HubStats stats = hub.stats();
      long queued = registry.stream().filter(c -> !c.broken).mapToLong(c -> c.waiting.size()).sum();
      HubStats model = new HubStats(registry.size(), byId.size(), accepted, rejected, framesReceived,
          framesDelivered, successReceipts, notOnlineReceipts, errorReplies, slowConsumerCloses, idleCloses,
          replacedCloses, framesDropped, protocolErrors, true, 0, queued, 0);
      assertThat(stats).as("stats()").isEqualTo(model);
      // Counting the queues asked every port for its own: a broken one threw, and is closed.
      for (int i = registry.size() - 1; i >= 0; i--) {
        if (registry.get(i).broken) {
          closeSoon(registry.get(i), CloseCodes.UNEXPECTED_CONDITION);
        }
      }
      closePending();
      for (Client c : clients) {
        assertThat(c.port.violations).as("what the hub must never do to %s", c).isEmpty();
        assertThat(c.port.written).as("the frames written to %s", c).isEqualTo(c.written);
        assertThat(List.copyOf(c.port.waiting)).as("the frames waiting for %s", c).isEqualTo(c.waiting);
        assertThat(c.port.closeCode).as("the close code of %s", c).isEqualTo(c.closeCode);
        assertThat(c.port.closedAt).as("when %s was closed", c).isEqualTo(c.closedAt);
      }
      for (long id : IDS) {
        assertThat(hub.isOnline(id)).as("isOnline(%d)", id).isEqualTo(byId.containsKey(id));
        Set<String> roomsOfId = new TreeSet<>();
        byId.getOrDefault(id, List.of()).forEach(c -> roomsOfId.addAll(c.rooms));
        assertThat(hub.rooms(id)).as("rooms(%d)", id).isEqualTo(roomsOfId);
      }
      for (String room : ROOMS) {
        assertThat(hub.members(room)).as("members(%s)", room).isEqualTo(members(room));
      }
      assertThat(((ActorHub<Long>) hub.hub()).roomCount().join()).as("rooms that exist").isEqualTo(rooms.size());
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "\nThe story so far (" + policy + "):\n  "
          + String.join("\n  ", story), e);
    }
  }

  /**
   * The hub shuts down (everyone closed with 1001 after what was queued for them), every client
   * that can reads what waited, and then each "success send" is held to the README's promise: the
   * message was written to a connection of its receiver, unless that connection stopped reading
   * (closed with 1013, its frames counted as dropped) or went away itself.
   */
  void shutDownAndCheckEveryReceipt() {
    tell("the hub shuts down");
    hub.close();
    stopping = true;
    while (!registry.isEmpty()) {
      close(registry.get(registry.size() - 1), CloseCodes.GOING_AWAY);
    }
    agrees();
    for (Client c : clients) {
      if (c.stalled && !c.reported) {
        c.port.resume();
        if (!c.vanished) {
          c.written.addAll(c.waiting);
        }
        c.waiting.clear();
      }
    }
    agrees();
    for (Sent s : sent) {
      if (s.success()) {
        assertThat(s.acceptedBy()).as("%s: \"success send\"", s.frame()).anyMatch(r ->
            r.port.written.contains(s.frame()) || r.port.closeCode == CloseCodes.TRY_AGAIN_LATER
                || r.port.reported || r.port.vanished);
      } else {
        for (Client c : clients) {
          assertThat(c.port.written).as("%s: \"not online\", yet %s got it", s.frame(), c)
              .doesNotContain(s.frame());
        }
      }
    }
  }
}

package io.wshub.core.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.wshub.core.CloseCodes;
import io.wshub.core.DuplicateIdPolicy;
import io.wshub.core.Hub;
import io.wshub.core.HubBuilder;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Protocol v1, as a client sees it: one scenario per row of DESIGN.md's protocol, of
 * "where we differ from the seed", and of its rooms, presence and rate limits. Transport-agnostic: hub-core runs it through the test kit,
 * and each container binding runs the very same scenarios over real sockets.
 */
public abstract class ProtocolScenarios {

  /** A running hub behind some transport. */
  public interface Transport extends AutoCloseable {

    /** Connects a client as {@code id} and returns once the hub has registered it. */
    Peer connect(long id);

    /**
     * Lets a little time pass while a client keeps sending: the test kit moves its virtual clock
     * (10 ms) and answers pings; over sockets real time passes by itself, so it does nothing.
     */
    void tick();

    /** The time in nanoseconds, as the hub's clock has it (virtual in the test kit). */
    long nanos();

    @Override
    void close();
  }

  /** One client, as the scenarios drive it. */
  public interface Peer {

    void send(String frame);

    /** Sends unless the connection is closed; returns whether it sent. */
    boolean trySend(String frame);

    /** A frame the client has already received, or null if none is there yet. */
    String pollFrame();

    /** Whether the server's close has reached the client. */
    boolean isClosed();

    /** The client closes its connection with 1000, as a browser tab that is closed. */
    void disconnect();

    /** The client's connection ends without a close frame, as when its network goes. */
    void drop();

    /** The next frame the client received, waiting as long as the transport needs; fails if none comes. */
    String nextFrame();

    /** Waits until the server closes this client (answering pings meanwhile, unless told not to) and returns the code. */
    int awaitClose();

    /** The client stops reading what the server sends. */
    void stopReading();

    /** The client stops answering pings (and sends nothing more). */
    void stopAnsweringPings();
  }

  /** Builds the hub from {@code builder} and serves it. */
  protected abstract Transport start(HubBuilder<Long> builder);

  private Transport transport;

  private Transport serve(HubBuilder<Long> builder) {
    transport = start(builder);
    return transport;
  }

  private Transport serve() {
    return serve(Hub.builder());
  }

  @AfterEach
  void stopTransport() {
    if (transport != null) {
      transport.close();
    }
  }

  static String receipt(long receiver, String content) {
    return "{\"type\":2,\"sender\":0,\"receiver\":" + receiver + ",\"content\":\"" + content + "\"}";
  }

  static String error(long own, String problem) {
    return receipt(own, "error: " + problem);
  }

  @Test
  void sendReachesTheReceiverByteForByteAndTheSenderGetsSuccessSend() {
    Transport hub = serve();
    Peer alice = hub.connect(1);
    Peer bob = hub.connect(2);

    String hello = "{\"type\":1,\"sender\":1,\"receiver\":2,\"content\":\"hello i am ws1\"}";
    alice.send(hello);

    assertThat(bob.nextFrame()).isEqualTo(hello);
    assertThat(alice.nextFrame()).isEqualTo(receipt(2, "success send"));
  }

  @Test
  void sendToAnIdThatIsNotConnectedEarnsNotOnline() {
    Peer alice = serve().connect(1);

    alice.send("{\"type\":1,\"sender\":1,\"receiver\":99,\"content\":\"anyone?\"}");

    assertThat(alice.nextFrame()).isEqualTo(receipt(99, "not online"));
  }

  @Test
  void broadcastReachesEveryClientTheSenderIncludedWithoutAReceipt() {
    Transport hub = serve();
    Peer alice = hub.connect(1);
    Peer bob = hub.connect(2);
    Peer carol = hub.connect(3);

    String news = "{\"type\":3,\"sender\":1,\"receiver\":0,\"content\":\"hi all\"}";
    alice.send(news);

    assertThat(bob.nextFrame()).isEqualTo(news);
    assertThat(carol.nextFrame()).isEqualTo(news);
    assertThat(alice.nextFrame()).as("the sender's own copy, and no receipt before it").isEqualTo(news);
    alice.send("{\"type\":1,\"sender\":1,\"receiver\":2,\"content\":\"probe\"}");
    assertThat(alice.nextFrame()).as("no receipt for the broadcast").isEqualTo(receipt(2, "success send"));
  }

  @Test
  void closeMessageClosesTheConnectionWith1000AndForwardsNothing() {
    Transport hub = serve();
    Peer alice = hub.connect(1);
    Peer bob = hub.connect(2);

    alice.send("{\"type\":4,\"sender\":1,\"receiver\":2,\"content\":\"bye\"}");

    assertThat(alice.awaitClose()).isEqualTo(CloseCodes.NORMAL);
    Peer carol = hub.connect(3);
    carol.send("{\"type\":1,\"receiver\":2,\"content\":\"after\"}");
    assertThat(bob.nextFrame()).as("nothing of the CLOSE reached bob").contains("\"after\"");
  }

  @Test
  void theSenderIsStampedSoNobodySpeaksAsSomeoneElse() {
    Transport hub = serve();
    Peer mallory = hub.connect(6);
    Peer bob = hub.connect(2);

    mallory.send("{\"type\":1,\"sender\":1,\"receiver\":2,\"content\":\"i am alice\"}");
    assertThat(bob.nextFrame()).isEqualTo("{\"type\":1,\"sender\":6,\"receiver\":2,\"content\":\"i am alice\"}");

    mallory.send("{\"type\":1,\"receiver\":2,\"content\":\"no sender\"}");
    assertThat(bob.nextFrame()).isEqualTo("{\"sender\":6,\"type\":1,\"receiver\":2,\"content\":\"no sender\"}");
  }

  @Test
  void unknownFieldsAreKeptWhenForwarding() {
    Transport hub = serve();
    Peer alice = hub.connect(1);
    Peer bob = hub.connect(2);

    // The seed's own example writes "send" where it means "sender".
    alice.send("{\"type\":1,\"content\":\"hello i am ws1\",\"receiver\":2,\"send\":1,\"meta\":{\"a\":[1,2]}}");

    assertThat(bob.nextFrame()).isEqualTo(
        "{\"sender\":1,\"type\":1,\"content\":\"hello i am ws1\",\"receiver\":2,\"send\":1,\"meta\":{\"a\":[1,2]}}");
  }

  @Test
  void invalidJsonEarnsAnErrorReplyAndTheConnectionLives() {
    Transport hub = serve();
    Peer alice = hub.connect(1);
    Peer bob = hub.connect(2);

    alice.send("hello?");
    assertThat(alice.nextFrame()).startsWith("{\"type\":2,\"sender\":0,\"receiver\":1,\"content\":\"error: not valid JSON");

    alice.send("{\"type\":1,\"receiver\":2,\"content\":\"still here\"}");
    assertThat(bob.nextFrame()).contains("still here");
    assertThat(alice.nextFrame()).isEqualTo(receipt(2, "success send"));
  }

  @Test
  void badFieldsAndUnsupportedTypesEarnErrorRepliesNamingTheProblem() {
    Peer alice = serve().connect(1);

    alice.send("[1,2]");
    assertThat(alice.nextFrame()).contains("error: a message is a JSON object");
    alice.send("{\"type\":\"1\",\"receiver\":2}");
    assertThat(alice.nextFrame()).isEqualTo(error(1, "field \\\"type\\\" must be an integer"));
    alice.send("{\"type\":1,\"receiver\":\"2\"}");
    assertThat(alice.nextFrame()).isEqualTo(error(1, "field \\\"receiver\\\" must be an integer id"));
    alice.send("{\"type\":1,\"content\":\"to nobody\"}");
    assertThat(alice.nextFrame()).isEqualTo(error(1, "a SEND message needs a \\\"receiver\\\""));
    alice.send("{\"type\":0}");
    assertThat(alice.nextFrame()).isEqualTo(error(1, "type 0 (CONNECT) is reserved and not routed"));
    alice.send("{\"type\":2,\"receiver\":1,\"content\":\"success send\"}");
    assertThat(alice.nextFrame()).isEqualTo(error(1, "type 2 (SYSTEM) is sent by the server only"));
    alice.send("{\"type\":42}");
    assertThat(alice.nextFrame()).isEqualTo(error(1, "unsupported message type 42"));
  }

  @Test
  void aFrameOverTheSizeLimitClosesWith1009() {
    Peer alice = serve().connect(1);

    alice.send("{\"type\":3,\"content\":\"" + "x".repeat(600) + "\"}");

    assertThat(alice.awaitClose()).isEqualTo(CloseCodes.TOO_BIG);
  }

  @Test
  void aNewConnectionForTheSameIdReplacesTheOldOneWith4000() {
    Transport hub = serve();
    Peer first = hub.connect(1);
    Peer second = hub.connect(1);

    assertThat(first.awaitClose()).isEqualTo(CloseCodes.REPLACED);
    Peer bob = hub.connect(2);
    bob.send("{\"type\":1,\"receiver\":1,\"content\":\"to the newer one\"}");
    assertThat(second.nextFrame()).contains("to the newer one");
  }

  @Test
  void aClientThatStopsAnsweringPingsIsClosedWith1001() {
    Transport hub = serve(Hub.builder().pingInterval(Duration.ofMillis(200)).idleTimeout(Duration.ofMillis(500)));
    Peer alive = hub.connect(1);
    Peer silent = hub.connect(2);

    silent.stopAnsweringPings();

    assertThat(silent.awaitClose()).isEqualTo(CloseCodes.GOING_AWAY);
    alive.send("{\"type\":1,\"receiver\":1,\"content\":\"still alive\"}");
    assertThat(alive.nextFrame()).contains("still alive");
  }

  @Test
  void aBurstToOneReceiverThatReadsClosesNobodyAndArrivesWholeAndInOrder() {
    Transport hub = serve();
    Peer alice = hub.connect(1);
    Peer bob = hub.connect(2);

    // 1,000 messages of 100 bytes as fast as the sender can write them: faster than the server
    // writes to bob, so they queue, but a queue bounded in bytes holds such a burst.
    int burst = 1_000;
    for (int i = 0; i < burst; i++) {
      alice.send("{\"type\":1,\"receiver\":2,\"content\":\"" + String.format("%04d", i) + "x".repeat(56) + "\"}");
    }

    for (int i = 0; i < burst; i++) {
      assertThat(bob.nextFrame()).as("message %d", i).contains("\"content\":\"" + String.format("%04d", i));
      assertThat(alice.nextFrame()).isEqualTo(receipt(2, "success send"));
    }
    bob.send("{\"type\":1,\"receiver\":1,\"content\":\"all here\"}");
    assertThat(alice.nextFrame()).as("both still connected").contains("all here");
  }

  @Test
  void aClientThatStopsReadingIsClosedWith1013WhileTheOthersKeepReceiving() {
    Transport hub = serve(Hub.builder().outboundQueueBytes(8 * 1024).writeTimeout(Duration.ofSeconds(30)));
    Peer sender = hub.connect(1);
    Peer slow = hub.connect(2);
    Peer reader = hub.connect(3);

    slow.stopReading();
    String filler = "x".repeat(400);
    int sent = 0;
    String answer;
    do {
      sender.send("{\"type\":1,\"receiver\":2,\"content\":\"" + filler + "\"}");
      answer = sender.nextFrame();
      sent++;
    } while (answer.equals(receipt(2, "success send")) && sent < 200_000);

    assertThat(answer).as("the message that found the queue full was not accepted").isEqualTo(receipt(2, "not online"));
    assertThat(slow.awaitClose()).isEqualTo(CloseCodes.TRY_AGAIN_LATER);
    sender.send("{\"type\":1,\"receiver\":3,\"content\":\"others keep going\"}");
    assertThat(reader.nextFrame()).contains("others keep going");
    assertThat(sender.nextFrame()).isEqualTo(receipt(3, "success send"));
  }

  // ---- Rooms and presence (types 5 to 8). ----

  static String roomNotice(long id, String room, String content) {
    return "{\"type\":2,\"sender\":0,\"receiver\":" + id + ",\"room\":\"" + room + "\",\"content\":\"" + content + "\"}";
  }

  static String joined(long id, String room) {
    return roomNotice(id, room, "joined");
  }

  static String left(long id, String room) {
    return roomNotice(id, room, "left");
  }

  static String members(long own, String room, long... ids) {
    return "{\"type\":2,\"sender\":0,\"receiver\":" + own + ",\"room\":\"" + room
        + "\",\"content\":\"members\",\"members\":["
        + Arrays.stream(ids).mapToObj(Long::toString).collect(Collectors.joining(",")) + "]}";
  }

  static String join(String room) {
    return "{\"type\":5,\"room\":\"" + room + "\"}";
  }

  static String leave(String room) {
    return "{\"type\":6,\"room\":\"" + room + "\"}";
  }

  static String sayInRoom(String room, String content) {
    return "{\"type\":7,\"room\":\"" + room + "\",\"content\":\"" + content + "\"}";
  }

  /** Each peer joins {@code room} in turn; then each reads the "joined" events of those after it. */
  private static void together(String room, Peer... peers) {
    String joinedRoom = "\"room\":\"" + room + "\",\"content\":\"joined\"";
    for (Peer peer : peers) {
      peer.send(join(room));
      assertThat(peer.nextFrame()).contains(joinedRoom);
    }
    for (int i = 0; i < peers.length; i++) {
      for (int k = i + 1; k < peers.length; k++) {
        assertThat(peers[i].nextFrame()).contains(joinedRoom);
      }
    }
  }

  /**
   * Proves that {@code peer} was sent nothing more: {@code via} sends it a SEND, which must be the
   * next thing it receives. Frames to one connection arrive in the order the hub sent them, and
   * the hub has handled everything {@code via} saw answered before.
   */
  private static void assertNothingMore(Peer peer, long peerId, Peer via, String why) {
    String probe = "probe " + System.nanoTime();
    via.send("{\"type\":1,\"receiver\":" + peerId + ",\"content\":\"" + probe + "\"}");
    assertThat(peer.nextFrame()).as(why).contains(probe);
    assertThat(via.nextFrame()).isEqualTo(receipt(peerId, "success send"));
  }

  @Test
  void joinTellsTheJoinerAndTheRoomsMembersButNobodyElse() {
    Transport hub = serve();
    Peer alice = hub.connect(1);
    Peer bob = hub.connect(2);
    Peer carol = hub.connect(3);

    alice.send(join("lobby"));
    assertThat(alice.nextFrame()).isEqualTo(joined(1, "lobby"));
    bob.send(join("lobby"));
    assertThat(bob.nextFrame()).isEqualTo(joined(2, "lobby"));
    assertThat(alice.nextFrame()).as("the room hears of bob").isEqualTo(joined(2, "lobby"));

    assertNothingMore(carol, 3, bob, "carol, not in the room, hears of nobody");
    bob.send(join("lobby"));
    assertThat(bob.nextFrame()).as("joining again: joined again").isEqualTo(joined(2, "lobby"));
    assertNothingMore(alice, 1, bob, "and no event for the room");
  }

  @Test
  void leaveTellsTheLeaverAndTheRoomAndLeavingARoomOneIsNotInIsAnError() {
    Transport hub = serve();
    Peer alice = hub.connect(1);
    Peer bob = hub.connect(2);
    alice.send(join("lobby"));
    assertThat(alice.nextFrame()).isEqualTo(joined(1, "lobby"));
    bob.send(join("lobby"));
    assertThat(bob.nextFrame()).isEqualTo(joined(2, "lobby"));
    assertThat(alice.nextFrame()).isEqualTo(joined(2, "lobby"));

    bob.send(leave("lobby"));

    assertThat(bob.nextFrame()).isEqualTo(left(2, "lobby"));
    assertThat(alice.nextFrame()).isEqualTo(left(2, "lobby"));
    bob.send(leave("lobby"));
    assertThat(bob.nextFrame()).isEqualTo(error(2, "not in room \\\"lobby\\\""));
    alice.send(sayInRoom("lobby", "still here?"));
    assertThat(alice.nextFrame()).contains("still here?");
    assertNothingMore(bob, 2, alice, "bob left: the room's messages no longer reach him");
  }

  @Test
  void presenceIsPerIdSoAPhoneAndALaptopInOneRoomAreOnePresence() {
    Transport hub = serve(Hub.builder().duplicateIds(DuplicateIdPolicy.MULTI));
    Peer alice = hub.connect(1);
    Peer phone = hub.connect(2);
    Peer laptop = hub.connect(2);
    alice.send(join("lobby"));
    assertThat(alice.nextFrame()).isEqualTo(joined(1, "lobby"));

    phone.send(join("lobby"));
    assertThat(phone.nextFrame()).isEqualTo(joined(2, "lobby"));
    assertThat(alice.nextFrame()).as("2 is new in the room").isEqualTo(joined(2, "lobby"));
    laptop.send(join("lobby"));
    assertThat(laptop.nextFrame()).isEqualTo(joined(2, "lobby"));
    assertNothingMore(alice, 1, laptop, "2 was in the room already: no event");

    phone.send(leave("lobby"));
    assertThat(phone.nextFrame()).isEqualTo(left(2, "lobby"));
    assertNothingMore(alice, 1, phone, "2 is still in the room through the laptop: no event");
    alice.send(sayInRoom("lobby", "who hears this?"));
    assertThat(alice.nextFrame()).contains("who hears this?");
    assertThat(laptop.nextFrame()).as("membership is per connection: the laptop is in").contains("who hears this?");
    assertNothingMore(phone, 2, alice, "the phone left: the room's messages no longer reach it");
    assertThat(laptop.nextFrame()).as("the probe reached the laptop too").contains("probe");

    laptop.send(leave("lobby"));
    assertThat(laptop.nextFrame()).isEqualTo(left(2, "lobby"));
    assertThat(alice.nextFrame()).as("2's last connection left").isEqualTo(left(2, "lobby"));
  }

  @Test
  void aRoomMessageReachesEveryMemberTheSenderIncludedStampedAndWithoutAReceipt() {
    Transport hub = serve();
    Peer alice = hub.connect(1);
    Peer bob = hub.connect(2);
    Peer carol = hub.connect(3);
    together("lobby", alice, bob);

    String hello = "{\"type\":7,\"sender\":1,\"room\":\"lobby\",\"content\":\"hi room\"}";
    alice.send(hello);
    assertThat(bob.nextFrame()).as("byte for byte").isEqualTo(hello);
    assertThat(alice.nextFrame()).as("the sender's own copy").isEqualTo(hello);

    bob.send("{\"type\":7,\"sender\":1,\"room\":\"lobby\",\"content\":\"i am alice\"}");
    String stamped = "{\"type\":7,\"sender\":2,\"room\":\"lobby\",\"content\":\"i am alice\"}";
    assertThat(alice.nextFrame()).isEqualTo(stamped);
    assertThat(bob.nextFrame()).isEqualTo(stamped);

    assertNothingMore(alice, 1, bob, "no receipt for a room message");
    assertNothingMore(carol, 3, bob, "carol is not in the room");
  }

  @Test
  void aRoomMessageFromANonMemberIsRefusedAndDeliversNothing() {
    Transport hub = serve();
    Peer alice = hub.connect(1);
    Peer carol = hub.connect(3);
    alice.send(join("lobby"));
    assertThat(alice.nextFrame()).isEqualTo(joined(1, "lobby"));

    carol.send(sayInRoom("lobby", "let me in"));

    assertThat(carol.nextFrame()).isEqualTo(error(3, "not in room \\\"lobby\\\""));
    assertNothingMore(alice, 1, carol, "nothing of carol's reached the room");
    carol.send(sayInRoom("nowhere", "anyone?"));
    assertThat(carol.nextFrame()).as("a room with nobody in it").isEqualTo(error(3, "not in room \\\"nowhere\\\""));
  }

  @Test
  void presenceListsTheIdsInARoomAscendingAndSaysWhetherAnIdIsOnline() {
    Transport hub = serve();
    Peer dave = hub.connect(10);
    Peer alice = hub.connect(1);
    Peer bob = hub.connect(2);
    Peer carol = hub.connect(3);
    together("lobby", dave, alice, bob);

    alice.send("{\"type\":8,\"room\":\"lobby\"}");
    assertThat(alice.nextFrame()).isEqualTo(members(1, "lobby", 1, 2, 10));
    alice.send("{\"type\":8,\"receiver\":3}");
    assertThat(alice.nextFrame()).isEqualTo(receipt(3, "online"));
    alice.send("{\"type\":8,\"receiver\":99}");
    assertThat(alice.nextFrame()).isEqualTo(receipt(99, "not online"));
    alice.send("{\"type\":8}");
    assertThat(alice.nextFrame()).isEqualTo(error(1, "a PRESENCE message needs a \\\"room\\\" or a \\\"receiver\\\""));

    carol.send("{\"type\":8,\"room\":\"lobby\"}");
    assertThat(carol.nextFrame()).as("members only").isEqualTo(error(3, "not in room \\\"lobby\\\""));
  }

  @Test
  void invalidRoomNamesEarnErrorRepliesAndTheConnectionLives() {
    Transport hub = serve();
    Peer alice = hub.connect(1);
    String rule = ": a room name is 1 to 64 characters, each a letter, a digit or one of _ . : -";

    alice.send("{\"type\":5}");
    assertThat(alice.nextFrame()).isEqualTo(error(1, "a JOIN message needs a \\\"room\\\""));
    alice.send("{\"type\":5,\"room\":\"\"}");
    assertThat(alice.nextFrame()).isEqualTo(error(1, "invalid room name \\\"\\\"" + rule));
    alice.send(join("bad room"));
    assertThat(alice.nextFrame()).isEqualTo(error(1, "invalid room name \\\"bad room\\\"" + rule));
    alice.send(join("x".repeat(65)));
    assertThat(alice.nextFrame()).isEqualTo(error(1, "invalid room name \\\"" + "x".repeat(40) + "...\\\"" + rule));
    alice.send("{\"type\":5,\"room\":5}");
    assertThat(alice.nextFrame()).isEqualTo(error(1, "field \\\"room\\\" must be a string"));
    alice.send("{\"type\":7,\"content\":\"to which room?\"}");
    assertThat(alice.nextFrame()).isEqualTo(error(1, "a ROOM message needs a \\\"room\\\""));
    alice.send("{\"type\":6,\"room\":\"a/b\"}");
    assertThat(alice.nextFrame()).isEqualTo(error(1, "invalid room name \\\"a/b\\\"" + rule));

    String longest = "Az09_.:-" + "y".repeat(56);
    alice.send(join(longest));
    assertThat(alice.nextFrame()).as("64 characters of the allowed kinds").isEqualTo(joined(1, longest));
  }

  @Test
  void aConnectionMayBeInSixtyFourRoomsAtOnce() {
    Peer alice = serve().connect(1);
    for (int i = 0; i < 64; i++) {
      alice.send(join("room-" + i));
    }
    for (int i = 0; i < 64; i++) {
      assertThat(alice.nextFrame()).isEqualTo(joined(1, "room-" + i));
    }

    alice.send(join("room-64"));
    assertThat(alice.nextFrame()).isEqualTo(error(1, "room limit: a connection may be in at most 64 rooms; leave one first"));
    alice.send(leave("room-0"));
    assertThat(alice.nextFrame()).isEqualTo(left(1, "room-0"));
    alice.send(join("room-64"));
    assertThat(alice.nextFrame()).isEqualTo(joined(1, "room-64"));
  }

  @Test
  void aClientThatDisconnectsLeavesEveryRoomAndTheRoomsAreTold() {
    // A heartbeat slower than any await: only the transport noticing the drop can tell the room.
    Transport hub = serve(Hub.builder().pingInterval(Duration.ofSeconds(50)).idleTimeout(Duration.ofSeconds(60)));
    Peer alice = hub.connect(1);
    Peer bob = hub.connect(2);
    Peer carol = hub.connect(3);
    together("lobby", alice, bob, carol);
    together("games", alice, bob, carol);

    bob.disconnect();
    assertThat(alice.nextFrame()).isEqualTo(left(2, "lobby"));
    assertThat(alice.nextFrame()).isEqualTo(left(2, "games"));

    carol.drop(); // no close frame: the TCP connection just ends
    assertThat(alice.nextFrame()).isEqualTo(left(3, "lobby"));
    assertThat(alice.nextFrame()).isEqualTo(left(3, "games"));

    alice.send("{\"type\":8,\"room\":\"lobby\"}");
    assertThat(alice.nextFrame()).isEqualTo(members(1, "lobby", 1));
  }

  @Test
  void aRoomVanishesWhenItsLastMemberLeaves() {
    Transport hub = serve();
    Peer alice = hub.connect(1);
    Peer bob = hub.connect(2);
    alice.send(join("lobby"));
    assertThat(alice.nextFrame()).isEqualTo(joined(1, "lobby"));
    alice.send(leave("lobby"));
    assertThat(alice.nextFrame()).isEqualTo(left(1, "lobby"));

    bob.send(join("lobby"));
    assertThat(bob.nextFrame()).isEqualTo(joined(2, "lobby"));
    bob.send("{\"type\":8,\"room\":\"lobby\"}");
    assertThat(bob.nextFrame()).as("a new room of the same name, with bob alone").isEqualTo(members(2, "lobby", 2));
    assertNothingMore(alice, 1, bob, "alice, who left, hears nothing of the new room");
  }

  // ---- Rate limits. ----

  @Test
  void aClientOverTheRateLimitIsToldOnceASecondAndClosedWith1008AfterThreeSecondsWhileOthersGoOn() {
    Transport hub = serve(Hub.builder().rateLimit(5));
    Peer flooder = hub.connect(1);
    Peer calm = hub.connect(2);
    hub.connect(3);
    String limited = error(1, "rate limit: 5 messages per second");
    String flood = "{\"type\":1,\"receiver\":3,\"content\":\"flood\"}";
    String calmly = "{\"type\":1,\"receiver\":3,\"content\":\"calm\"}";
    // The flooder sends as fast as it can; the calm client sends once for each error reply the
    // flooder gets, about once a second, and is never limited.
    long started = hub.nanos();
    int errors = 0;
    int receipts = 0;
    while (!flooder.isClosed() && flooder.trySend(flood)) {
      hub.tick();
      for (String frame = flooder.pollFrame(); frame != null; frame = flooder.pollFrame()) {
        if (frame.equals(limited)) {
          errors++;
          calm.send(calmly);
          assertThat(calm.nextFrame()).as("the calm client, under its limit").isEqualTo(receipt(3, "success send"));
        } else {
          assertThat(frame).as("within the limit: routed").isEqualTo(receipt(3, "success send"));
          receipts++;
        }
      }
    }
    assertThat(flooder.awaitClose()).isEqualTo(CloseCodes.POLICY_VIOLATION);
    double seconds = (hub.nanos() - started) / 1e9;
    for (String frame = flooder.pollFrame(); frame != null; frame = flooder.pollFrame()) {
      errors += frame.equals(limited) ? 1 : 0;
    }
    assertThat(seconds).as("closed after 3 s over the limit").isGreaterThanOrEqualTo(3.0);
    assertThat(errors).as("one error reply a second at most, over %.1f s", seconds).isBetween(3, 1 + (int) seconds);
    assertThat(receipts).as("the burst, then what the bucket refilled").isBetween(5, 5 + 5 * (int) Math.ceil(seconds));
    calm.send(calmly);
    assertThat(calm.nextFrame()).isEqualTo(receipt(3, "success send"));
  }
}

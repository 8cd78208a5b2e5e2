package io.wshub.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wshub.core.testing.FakeClientPort;
import io.wshub.core.testing.SystemFrames;
import io.wshub.core.testing.TestClient;
import io.wshub.core.testing.TestHub;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rooms and presence beyond what a client sees (ProtocolScenarios has that): the server's side,
 * listeners, a rule of one's own, slow consumers in a room, flushing, shutdown, and what rooms
 * cost in memory.
 */
class RoomsTest {

  private static final SystemFrames<Long> SYSTEM = SystemFrames.longs();

  /** What the listener heard, one line per event. */
  private final List<String> events = new ArrayList<>();
  private final HubListener<Long> recorder = new HubListener<>() {
    @Override
    public void onJoin(Long id, String room, boolean firstOfId) {
      events.add(id + " joined " + room + (firstOfId ? " (first)" : ""));
    }

    @Override
    public void onLeave(Long id, String room, boolean lastOfId) {
      events.add(id + " left " + room + (lastOfId ? " (last)" : ""));
    }

    @Override
    public void onDisconnect(Long id, int code, String reason) {
      events.add(id + " disconnected " + code);
    }
  };

  @Test
  void theServerPutsAnIdIntoARoomAndTheRoomIsTold() {
    TestHub<Long> hub = TestHub.create(Hub.builder().listener(recorder));
    TestClient<Long> alice = hub.connect(1L).join("lobby");
    TestClient<Long> bob = hub.connect(2L);
    alice.takeFrames();

    assertThat(hub.hub().join(2L, "lobby")).isCompletedWithValue(true);

    assertThat(bob.takeFrames()).containsExactly(SYSTEM.joined(2L, "lobby"));
    assertThat(alice.takeFrames()).containsExactly(SYSTEM.joined(2L, "lobby"));
    assertThat(hub.members("lobby")).containsExactly(1L, 2L);
    assertThat(hub.rooms(2L)).containsExactly("lobby");
    assertThat(hub.hub().join(99L, "lobby")).as("not online").isCompletedWithValue(false);

    assertThat(hub.hub().leave(2L, "lobby")).isCompletedWithValue(true);
    assertThat(bob.takeFrames()).containsExactly(SYSTEM.left(2L, "lobby"));
    assertThat(alice.takeFrames()).containsExactly(SYSTEM.left(2L, "lobby"));
    assertThat(hub.hub().leave(2L, "lobby")).as("not in it any more").isCompletedWithValue(false);
    assertThat(events).containsExactly("1 joined lobby (first)", "2 joined lobby (first)", "2 left lobby (last)");
  }

  @Test
  void theServerCanJoinOneConnectionOfAnId() {
    TestHub<Long> hub = TestHub.create(Hub.builder().duplicateIds(DuplicateIdPolicy.MULTI));
    TestClient<Long> phone = hub.connect(2L);
    TestClient<Long> laptop = hub.connect(2L);

    assertThat(hub.hub().join(laptop.connection(), "lobby")).isCompletedWithValue(true);

    assertThat(laptop.takeFrames()).containsExactly(SYSTEM.joined(2L, "lobby"));
    assertThat(phone.frames()).isEmpty();
    assertThat(hub.hub().leave(phone.connection(), "lobby")).isCompletedWithValue(false);
    TestHub<Long> other = TestHub.create();
    assertThatThrownBy(() -> other.hub().join(laptop.connection(), "lobby"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a connection of this hub");
  }

  @Test
  void theServerSpeaksToARoomAndCanLeaveOneIdOut() {
    TestHub<Long> hub = TestHub.create();
    TestClient<Long> alice = hub.connect(1L).join("lobby");
    TestClient<Long> bob = hub.connect(2L).join("lobby");
    TestClient<Long> carol = hub.connect(3L);
    alice.takeFrames();
    bob.takeFrames();

    assertThat(hub.hub().sendToRoom("lobby", Message.toRoom(MessageType.ROOM, 0L, "lobby", "welcome")))
        .isCompletedWithValue(2);
    assertThat(hub.hub().sendToRoom("lobby", Message.toRoom(MessageType.ROOM, 0L, "lobby", "about 1"), 1L))
        .isCompletedWithValue(1);
    assertThat(hub.hub().sendToRoom("empty", Message.toRoom(MessageType.ROOM, 0L, "empty", "hello?")))
        .isCompletedWithValue(0);

    String welcome = "{\"type\":7,\"sender\":0,\"room\":\"lobby\",\"content\":\"welcome\"}";
    assertThat(alice.frames()).containsExactly(welcome);
    assertThat(bob.frames()).containsExactly(welcome, "{\"type\":7,\"sender\":0,\"room\":\"lobby\",\"content\":\"about 1\"}");
    assertThat(carol.frames()).isEmpty();
  }

  @Test
  void theServerSideRefusesAnInvalidRoomNameAtOnce() {
    Hub<Long> hub = TestHub.create().hub();

    assertThatThrownBy(() -> hub.join(1L, "no spaces"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid room name \"no spaces\": a room name is 1 to 64 characters, each a letter, a digit or one"
            + " of _ . : -");
    assertThatThrownBy(() -> hub.members("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> hub.sendToRoom("x".repeat(65), Message.of(MessageType.ROOM, 0L, null, "hi")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void listenersHearJoinsAndLeavesWithTheFirstAndLastConnectionOfAnId() {
    TestHub<Long> hub = TestHub.create(Hub.builder().duplicateIds(DuplicateIdPolicy.MULTI).listener(recorder));
    TestClient<Long> phone = hub.connect(2L);
    TestClient<Long> laptop = hub.connect(2L);

    phone.join("lobby");
    laptop.join("lobby");
    phone.leave("lobby");
    laptop.leave("lobby");

    assertThat(events).containsExactly(
        "2 joined lobby (first)", "2 joined lobby", "2 left lobby", "2 left lobby (last)");
  }

  @Test
  void aClosedConnectionLeavesItsRoomsBeforeTheListenerHearsOfTheClose() {
    TestHub<Long> hub = TestHub.create(Hub.builder().listener(recorder));
    TestClient<Long> alice = hub.connect(1L).join("lobby").join("games");
    TestClient<Long> bob = hub.connect(2L).join("lobby").join("games");
    alice.takeFrames();
    events.clear();

    bob.disconnect();

    assertThat(events).containsExactly("2 left lobby (last)", "2 left games (last)", "2 disconnected 1000");
    assertThat(alice.takeFrames()).containsExactly(SYSTEM.left(2L, "lobby"), SYSTEM.left(2L, "games"));
    assertThat(hub.rooms(2L)).isEmpty();
  }

  @Test
  void aReplacedConnectionLeavesItsRoomsAndItsSuccessorStartsInNone() {
    TestHub<Long> hub = TestHub.create();
    TestClient<Long> alice = hub.connect(1L).join("lobby");
    hub.connect(2L).join("lobby");
    alice.takeFrames();

    TestClient<Long> successor = hub.connect(2L);

    assertThat(alice.takeFrames()).containsExactly(SYSTEM.left(2L, "lobby"));
    assertThat(hub.members("lobby")).containsExactly(1L);
    assertThat(successor.frames()).isEmpty();
  }

  /** A rule of our own: type 20 puts the sender into its team's room and tells the team, but not the sender. */
  static final int TEAM = 20;

  static RoutingRule<Long> teamRule() {
    return (message, context) -> {
      String room = "team:" + message.content();
      if (!RoomNames.isValid(room)) {
        context.replyError("no such team");
        return;
      }
      context.join(room);
      context.sendToRoom(room, Message.toRoom(TEAM, context.sender(), room, "hello team"), context.sender());
    };
  }

  @Test
  void aRuleOfOurOwnUsesRoomsThroughItsContext() {
    TestHub<Long> hub = TestHub.create(Hub.<Long>builder().route(TEAM, teamRule()));
    TestClient<Long> alice = hub.connect(1L);
    TestClient<Long> bob = hub.connect(2L);

    alice.send("{\"type\":20,\"content\":\"red\"}");
    bob.send("{\"type\":20,\"content\":\"red\"}");
    bob.send("{\"type\":20,\"content\":\"no spaces\"}");

    assertThat(alice.frames()).containsExactly(
        SYSTEM.joined(1L, "team:red"),
        SYSTEM.joined(2L, "team:red"),
        "{\"type\":20,\"sender\":2,\"room\":\"team:red\",\"content\":\"hello team\"}");
    assertThat(bob.frames()).containsExactly(SYSTEM.joined(2L, "team:red"), SYSTEM.error(2L, "no such team"));
    assertThat(hub.members("team:red")).containsExactly(1L, 2L);
  }

  @Test
  void aMemberWhoStopsReadingIsClosedAndTheOthersGetEveryMessageAndHearItLeft() {
    TestHub<Long> hub = TestHub.create();
    TestClient<Long> alice = hub.connect(1L).join("lobby");
    TestClient<Long> slow = hub.connect(2L, new FakeClientPort(2)).join("lobby");
    TestClient<Long> carol = hub.connect(3L).join("lobby");
    TestClient<Long> dave = hub.connect(4L).join("lobby");
    for (TestClient<Long> each : List.of(alice, slow, carol, dave)) {
      each.takeFrames();
    }
    slow.stopReading();

    for (int i = 0; i < 5; i++) {
      alice.sendToRoom("lobby", "m" + i);
    }

    assertThat(slow.closeCode()).hasValue(CloseCodes.TRY_AGAIN_LATER);
    for (TestClient<Long> reader : List.of(alice, carol, dave)) {
      List<String> frames = reader.takeFrames();
      assertThat(frames).as("%s", reader).filteredOn(f -> f.contains("\"type\":7")).hasSize(5);
      assertThat(frames).as("%s", reader).contains(SYSTEM.left(2L, "lobby"));
    }
    assertThat(hub.members("lobby")).containsExactly(1L, 3L, 4L);
  }

  @Test
  void slowConsumersClosedInACascadeLeaveNobodyBehind() {
    TestHub<Long> hub = TestHub.create();
    TestClient<Long> alice = hub.connect(1L).join("lobby");
    List<TestClient<Long>> others = new ArrayList<>();
    int[] capacities = {1, 2, 3, 1_000};
    for (long id = 2; id <= 21; id++) {
      others.add(hub.connect(id, new FakeClientPort(capacities[(int) id % 4])).join("lobby"));
    }
    alice.takeFrames();
    others.forEach(TestClient::takeFrames);
    others.forEach(TestClient::stopReading);

    // The second message overflows the smallest queues; each of those closes tells the room, which
    // overflows the next smallest, and so on. Nobody still open may miss anything.
    alice.sendToRoom("lobby", "one").sendToRoom("lobby", "two");

    List<TestClient<Long>> closed = others.stream().filter(TestClient::isClosed).toList();
    List<TestClient<Long>> open = others.stream().filter(each -> !each.isClosed()).toList();
    assertThat(closed).hasSize(15).allSatisfy(each -> assertThat(each.closeCode()).hasValue(CloseCodes.TRY_AGAIN_LATER));
    assertThat(open).hasSize(5);
    List<Long> expected = new ArrayList<>(List.of(1L));
    open.forEach(each -> expected.add(each.id()));
    assertThat(hub.members("lobby")).containsExactlyElementsOf(expected.stream().sorted().toList());
    for (TestClient<Long> reader : open) {
      reader.resumeReading();
      List<String> frames = reader.takeFrames();
      assertThat(frames).filteredOn(f -> f.contains("\"type\":7")).hasSize(2);
      assertThat(frames).filteredOn(f -> f.contains("\"content\":\"left\"")).hasSize(closed.size());
    }
    assertThat(alice.takeFrames()).filteredOn(f -> f.contains("\"content\":\"left\"")).hasSize(15);
  }

  @Test
  void emptyRoomsVanishSoJoinAndLeaveStormsLeaveNothingBehind() {
    TestHub<Long> hub = TestHub.create();
    TestClient<Long> alice = hub.connect(1L);
    TestClient<Long> bob = hub.connect(2L);

    for (int i = 0; i < 10_000; i++) {
      alice.join("storm-" + i).leave("storm-" + i);
      bob.join("kept-" + (i % 64));
    }
    bob.disconnect();

    assertThat(((ActorHub<Long>) hub.hub()).roomCount()).isCompletedWithValue(0);
    assertThat(hub.rooms(1L)).isEmpty();
    assertThat(hub.members("kept-1")).isEmpty();
  }

  @Test
  void shutdownClosesEveryMemberWithoutTellingEachOneThatTheOthersLeft() {
    TestHub<Long> hub = TestHub.create(Hub.builder().listener(recorder));
    List<TestClient<Long>> members = new ArrayList<>();
    for (long id = 1; id <= 50; id++) {
      members.add(hub.connect(id).join("lobby"));
    }
    members.forEach(TestClient::takeFrames);

    hub.close();

    assertThat(members).allSatisfy(member -> {
      assertThat(member.closeCode()).hasValue(CloseCodes.GOING_AWAY);
      assertThat(member.takeFrames()).as("no 49 'left' events each").isEmpty();
    });
    assertThat(events).filteredOn(e -> e.contains("left lobby")).hasSize(50);
  }

  @Test
  void roomMessagesAreFlushedOncePerMemberAtTheEndOfTheBurst() {
    List<Runnable> hubThread = new ArrayList<>();
    Hub<Long> hub = Hub.builder().executor(hubThread::add).scheduler((delay, task) -> () -> { }).build();
    List<List<String>> calls = new ArrayList<>();
    List<Connection<Long>> connections = new ArrayList<>();
    for (long id = 1; id <= 3; id++) {
      List<String> mine = new ArrayList<>();
      calls.add(mine);
      connections.add(hub.connect(id, new ClientPort() {
        @Override
        public boolean send(String frame) {
          mine.add(frame.contains("\"type\":7") ? "room" : "notice");
          return true;
        }

        @Override
        public void flush() {
          mine.add("flush");
        }

        @Override
        public void ping() {}

        @Override
        public void close(int code, String reason) {
          mine.add("close " + code);
        }
      }));
    }
    for (Connection<Long> each : connections) {
      each.receive("{\"type\":5,\"room\":\"lobby\"}");
    }
    runHeld(hubThread);
    calls.forEach(List::clear);

    connections.get(0).receive("{\"type\":7,\"room\":\"lobby\",\"content\":\"one\"}");
    connections.get(0).receive("{\"type\":7,\"room\":\"lobby\",\"content\":\"two\"}");
    connections.get(2).receive("{\"type\":6,\"room\":\"lobby\"}"); // leaves before the burst ends
    runHeld(hubThread);

    assertThat(calls.get(0)).containsExactly("room", "room", "notice", "flush");
    assertThat(calls.get(1)).containsExactly("room", "room", "notice", "flush");
    assertThat(calls.get(2)).as("left, and still flushed").containsExactly("room", "room", "notice", "flush");
  }

  @Test
  void membersOfStringIdsAreInTheirNaturalOrder() {
    TestHub<String> hub = TestHub.create(Hub.builder(IdCodec.strings()));
    SystemFrames<String> system = SystemFrames.of(IdCodec.strings());
    TestClient<String> carol = hub.connect("carol").join("lobby");
    hub.connect("alice").join("lobby");
    hub.connect("bob").join("lobby");
    carol.takeFrames();

    carol.askMembers("lobby");

    assertThat(carol.takeFrames()).containsExactly(system.members("carol", "lobby", "alice", "bob", "carol"));
    assertThat(system.members("carol", "lobby", "alice"))
        .isEqualTo("{\"type\":2,\"sender\":\"0\",\"receiver\":\"carol\",\"room\":\"lobby\",\"content\":\"members\","
            + "\"members\":[\"alice\"]}");
  }

  @Test
  void theRoomLimitIsABuilderSetting() {
    TestHub<Long> hub = TestHub.create(Hub.builder().maxRoomsPerConnection(2));
    TestClient<Long> alice = hub.connect(1L);

    alice.join("a").join("b").join("c");

    assertThat(alice.frames()).containsExactly(SYSTEM.joined(1L, "a"), SYSTEM.joined(1L, "b"),
        SYSTEM.error(1L, "room limit: a connection may be in at most 2 rooms; leave one first"));
    assertThatThrownBy(() -> Hub.builder().maxRoomsPerConnection(0))
        .hasMessage("maxRoomsPerConnection must be at least 1, got 0");
  }

  private static void runHeld(List<Runnable> held) {
    while (!held.isEmpty()) {
      List<Runnable> due = List.copyOf(held);
      held.clear();
      due.forEach(Runnable::run);
    }
  }
}

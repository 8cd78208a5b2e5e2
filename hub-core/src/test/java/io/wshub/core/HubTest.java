package io.wshub.core;

import static io.wshub.core.Frames.SEND_TO_2;
import static io.wshub.core.Frames.receipt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wshub.core.testing.FakeClientPort;
import io.wshub.core.testing.TestClient;
import io.wshub.core.testing.TestHub;
import io.wshub.core.testing.VirtualTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** What the hub does beyond the wire protocol's rows: policies, liveness, shutdown, extension points. */
class HubTest {

  @Test
  void rejectNewKeepsTheFirstConnectionAndClosesTheNewOneWith1008() {
    TestHub<Long> hub = TestHub.create(Hub.builder().duplicateIds(DuplicateIdPolicy.REJECT_NEW));
    TestClient<Long> first = hub.connect(2L);
    TestClient<Long> second = hub.connect(2L);
    TestClient<Long> alice = hub.connect(1L);

    alice.send(SEND_TO_2);

    assertThat(second.closeCode()).hasValue(CloseCodes.POLICY_VIOLATION);
    assertThat(first.isClosed()).isFalse();
    assertThat(first.frames()).containsExactly(SEND_TO_2);
    assertThat(second.frames()).isEmpty();
    assertThat(hub.stats().connectionsRejected()).isEqualTo(1);
  }

  @Test
  void multiDeliversToEveryConnectionOfTheIdAndReceiptsSuccessWhenOneAccepted() {
    TestHub<Long> hub = TestHub.create(Hub.builder().duplicateIds(DuplicateIdPolicy.MULTI));
    TestClient<Long> phone = hub.connect(2L, new FakeClientPort(1));
    TestClient<Long> laptop = hub.connect(2L);
    TestClient<Long> alice = hub.connect(1L);

    alice.send(SEND_TO_2);
    assertThat(phone.frames()).containsExactly(SEND_TO_2);
    assertThat(laptop.frames()).containsExactly(SEND_TO_2);
    assertThat(alice.takeFrames()).containsExactly(receipt(2, "success send"));

    phone.stopReading();
    alice.send(SEND_TO_2).send(SEND_TO_2);
    assertThat(phone.closeCode()).as("the phone's queue of 1 overflowed").hasValue(CloseCodes.TRY_AGAIN_LATER);
    assertThat(laptop.frames()).hasSize(3);
    assertThat(alice.takeFrames()).containsExactly(receipt(2, "success send"), receipt(2, "success send"));
    assertThat(hub.stats().connections()).isEqualTo(2);
  }

  @Test
  void aReplacedConnectionsLateCloseDoesNotUnregisterItsSuccessor() {
    TestHub<Long> hub = TestHub.create();
    TestClient<Long> old = hub.connect(2L);
    TestClient<Long> successor = hub.connect(2L);

    old.disconnect(); // the seed's bug: this removed the newer connection too

    assertThat(hub.isOnline(2L)).isTrue();
    hub.connect(1L).send(SEND_TO_2);
    assertThat(successor.frames()).containsExactly(SEND_TO_2);
    assertThat(hub.stats().replacedCloses()).isEqualTo(1);
  }

  @Test
  void theSystemIdCannotConnect() {
    TestHub<Long> hub = TestHub.create();

    TestClient<Long> impostor = hub.connect(0L);

    assertThat(impostor.closeCode()).hasValue(CloseCodes.POLICY_VIOLATION);
    assertThat(hub.isOnline(0L)).isFalse();
  }

  @Test
  void theHubPingsEveryConnectionAtMostNineSecondsApart() {
    TestHub<Long> hub = TestHub.create();
    hub.advance(Duration.ofMillis(850)); // connect between two sweeps
    TestClient<Long> alice = hub.connect(1L);

    hub.advance(Duration.ofMillis(8_000));
    assertThat(alice.pings()).as("not before the interval, less one sweep").isZero();
    hub.advance(Duration.ofMillis(1_000));
    assertThat(alice.pings()).as("never after the interval").isEqualTo(1);
    alice.pong();
    hub.advance(Duration.ofSeconds(9));
    assertThat(alice.pings()).isEqualTo(2);
  }

  @Test
  void aClientThatAnswersEveryPingWithinASecondIsNeverClosedAsIdle() {
    TestHub<Long> hub = TestHub.create();
    hub.advance(Duration.ofMillis(910)); // just after a sweep (every 0.9 s): the worst phase
    TestClient<Long> alice = hub.connect(1L);

    for (int answered = 0; answered < 20; ) {
      int before = alice.pings();
      hub.advance(Duration.ofMillis(100));
      if (alice.pings() > before) {
        hub.advance(Duration.ofMillis(999)); // a slow answer, just inside the seed's second
        alice.pong();
        answered++;
      }
      assertThat(alice.isClosed()).as("closed after %s pongs", answered).isFalse();
    }
  }

  @Test
  void aConnectionThatSendsNothingForTenSecondsIsClosedWithinASecondOfThat() {
    TestHub<Long> hub = TestHub.create();
    TestClient<Long> silent = hub.connect(1L);
    TestClient<Long> chatty = hub.connect(2L);

    hub.advance(Duration.ofSeconds(5));
    chatty.send("{\"type\":1,\"receiver\":1,\"content\":\"a message counts as a sign of life\"}");
    hub.advance(Duration.ofMillis(4_900));
    assertThat(silent.isClosed()).isFalse();

    hub.advance(Duration.ofSeconds(1));
    assertThat(silent.closeCode()).hasValue(CloseCodes.GOING_AWAY);
    assertThat(silent.port().closeReason()).isEqualTo("idle: nothing received for 10 s");
    assertThat(chatty.isClosed()).isFalse();

    chatty.pong();
    hub.advance(Duration.ofSeconds(9));
    assertThat(chatty.isClosed()).as("its pong reset the deadline").isFalse();
    assertThat(hub.stats().idleCloses()).isEqualTo(1);
  }

  @Test
  void aHubThatFellBehindPingsBeforeItClosesAndGivesTheWholeAnswerWindow() {
    VirtualTime clock = new VirtualTime();
    List<Runnable> heldSweeps = new ArrayList<>(); // the hub's thread is busy: sweeps wait
    Scheduler late = (delay, task) -> {
      heldSweeps.add(task);
      return () -> heldSweeps.remove(task);
    };
    Hub<Long> hub = Hub.builder().executor(Runnable::run).ticker(clock).scheduler(late).build();
    FakeClientPort quiet = new FakeClientPort();
    FakeClientPort answers = new FakeClientPort();
    hub.connect(1L, quiet);
    Connection<Long> answering = hub.connect(2L, answers);

    clock.advance(Duration.ofSeconds(15));
    runHeld(heldSweeps); // one sweep, 15 s late
    assertThat(quiet.isClosed()).as("not closed for the hub's own lateness").isFalse();
    assertThat(quiet.pings()).as("pinged instead").isEqualTo(1);

    clock.advance(Duration.ofMillis(900));
    answering.pong();
    runHeld(heldSweeps);
    assertThat(quiet.isClosed()).as("still inside its answer window").isFalse();

    clock.advance(Duration.ofMillis(200));
    runHeld(heldSweeps);
    assertThat(quiet.closeCode()).as("a full second after the ping, no answer").hasValue(CloseCodes.GOING_AWAY);
    assertThat(answers.isClosed()).isFalse();
  }

  @Test
  void withFrequentPingsASilentClientIsStillClosedAtTheIdleTimeout() {
    TestHub<Long> hub = TestHub.create(Hub.builder().pingInterval(Duration.ofSeconds(2)));
    TestClient<Long> silent = hub.connect(1L);

    hub.advance(Duration.ofMillis(9_900));
    assertThat(silent.pings()).isGreaterThanOrEqualTo(4);
    assertThat(silent.isClosed()).isFalse();

    hub.advance(Duration.ofMillis(400));
    assertThat(silent.closeCode()).as("every unanswered ping does not restart the clock").hasValue(1001);
  }

  @Test
  void aPingWrittenLateGivesTheClientItsWholeAnswerWindowFromWhenItWasWritten() {
    TestHub<Long> hub = TestHub.create();
    FakeClientPort behind = new FakeClientPort();
    TestClient<Long> bob = hub.connect(2L, behind);
    hub.advance(Duration.ofSeconds(7));
    behind.stall(); // the socket is full for a while: what the hub sends now waits
    hub.hub().send(2L, Message.of(MessageType.SYSTEM, 0L, 2L, "a notice that waits"));
    hub.advance(Duration.ofMillis(1_200));
    assertThat(bob.pings()).as("asked for at 8.1 s, a sweep early").isEqualTo(1);

    hub.advance(Duration.ofMillis(3_000)); // 11.2 s: silent for 10 s, a second past the ask
    assertThat(bob.isClosed()).as("its ping still waits behind the notice: no window yet").isFalse();

    behind.resume(); // the notice, then the ping, go out now
    hub.advance(Duration.ofMillis(900));
    assertThat(bob.isClosed()).as("0.9 s after the ping went out").isFalse();
    hub.advance(Duration.ofMillis(900));
    assertThat(bob.closeCode()).as("a full second after the ping went out, no answer").hasValue(CloseCodes.GOING_AWAY);
    assertThat(hub.stats().slowConsumerCloses()).isZero();
  }

  @Test
  void aClientThatAnswersAPingWrittenLateIsNotClosed() {
    TestHub<Long> hub = TestHub.create();
    FakeClientPort behind = new FakeClientPort();
    TestClient<Long> bob = hub.connect(2L, behind);
    hub.advance(Duration.ofSeconds(7));
    behind.stall();
    hub.hub().send(2L, Message.of(MessageType.SYSTEM, 0L, 2L, "a notice that waits"));
    hub.advance(Duration.ofMillis(4_200));

    behind.resume();
    hub.advance(Duration.ofMillis(990));
    bob.pong(); // just inside the second that began when the ping was written
    hub.advance(Duration.ofSeconds(5));
    assertThat(bob.isClosed()).isFalse();
    assertThat(hub.stats().idleCloses()).isZero();
  }

  /** A port whose pings are never written (stuck behind a write that never ends). */
  private static final class StuckPingPort implements ClientPort {
    int pings;

    @Override
    public boolean send(String frame) {
      return true;
    }

    @Override
    public void ping() {
      pings++;
    }

    @Override
    public void ping(Runnable written) {
      pings++; // and never runs written
    }

    @Override
    public void close(int code, String reason) {}
  }

  @Test
  void aPingThatIsNeverWrittenClosesWith1013AtTheWriteTimeoutNotAsIdle() {
    VirtualTime clock = new VirtualTime();
    List<String> closes = new ArrayList<>();
    Hub<Long> hub = Hub.builder().executor(Runnable::run).ticker(clock).scheduler(clock)
        .writeTimeout(Duration.ofSeconds(20))
        .listener(new HubListener<>() {
          @Override
          public void onDisconnect(Long id, int code, String reason) {
            closes.add(code + " " + reason);
          }
        })
        .build();
    StuckPingPort stuck = new StuckPingPort();
    hub.connect(1L, stuck);

    clock.advance(Duration.ofSeconds(27));
    assertThat(stuck.pings).isGreaterThanOrEqualTo(1);
    assertThat(closes).as("silent for 27 s, but never pinged: no idle close").isEmpty();

    clock.advance(Duration.ofSeconds(2)); // 20 s after the first ask, at 8.1 s
    assertThat(closes).containsExactly("1013 slow consumer: write timed out");
  }

  private static void runHeld(List<Runnable> held) {
    List<Runnable> due = List.copyOf(held);
    held.clear();
    due.forEach(Runnable::run);
  }

  @Test
  void queuedFramesThatMakeNoProgressForTheWriteTimeoutCloseTheConnectionWith1013() {
    TestHub<Long> hub = TestHub.create();
    TestClient<Long> alice = hub.connect(1L);
    TestClient<Long> stuck = hub.connect(2L);

    stuck.stopReading();
    alice.send(SEND_TO_2);
    assertThat(stuck.port().pendingFrames()).isEqualTo(1);
    hub.advance(Duration.ofSeconds(5));
    alice.pong();
    stuck.pong(); // alive, just not reading
    hub.advance(Duration.ofMillis(4_000));
    assertThat(stuck.isClosed()).isFalse();

    hub.advance(Duration.ofMillis(2_000));
    assertThat(stuck.closeCode()).hasValue(CloseCodes.TRY_AGAIN_LATER);
    assertThat(stuck.port().closeReason()).isEqualTo("slow consumer: write timed out");
    assertThat(alice.isClosed()).isFalse();
  }

  /** A port that writes down what the hub asks of it, in order. */
  private static final class RecordingPort implements ClientPort {
    final List<String> calls = new ArrayList<>();

    @Override
    public boolean send(String frame) {
      calls.add(frame.contains("success send") ? "receipt" : frame.contains("\"type\":1") ? "message" : frame);
      return true;
    }

    @Override
    public void flush() {
      calls.add("flush");
    }

    @Override
    public void ping() {
      calls.add("ping");
    }

    @Override
    public void close(int code, String reason) {
      calls.add("close " + code);
    }
  }

  @Test
  void framesSentInOneBurstAreFlushedOncePerPortWhenTheBurstEnds() {
    List<Runnable> hubThread = new ArrayList<>(); // runs only when the test says
    Hub<Long> hub = onHeldThread(hubThread);
    RecordingPort alice = new RecordingPort();
    RecordingPort bob = new RecordingPort();
    Connection<Long> fromAlice = hub.connect(1L, alice);
    hub.connect(2L, bob);
    for (int i = 0; i < 3; i++) {
      fromAlice.receive(SEND_TO_2);
    }

    runHeld(hubThread); // one burst: two opens, three messages

    assertThat(bob.calls).containsExactly("message", "message", "message", "flush");
    assertThat(alice.calls).containsExactly("receipt", "receipt", "receipt", "flush");
  }

  @Test
  void aLongBurstFlushesAtLeastEvery256Commands() {
    List<Runnable> hubThread = new ArrayList<>();
    Hub<Long> hub = onHeldThread(hubThread);
    RecordingPort bob = new RecordingPort();
    Connection<Long> alice = hub.connect(1L, new FakeClientPort());
    hub.connect(2L, bob);
    for (int i = 0; i < 600; i++) {
      alice.receive(SEND_TO_2);
    }

    runHeld(hubThread);

    List<Integer> flushes = new ArrayList<>();
    for (int i = 0; i < bob.calls.size(); i++) {
      if (bob.calls.get(i).equals("flush")) {
        flushes.add(i - flushes.size()); // messages before this flush
      }
    }
    assertThat(flushes).as("messages handed over before each flush")
        .containsExactly(254, 510, 600); // commands 1-2 were the opens
  }

  @Test
  void aPortIsFlushedBeforeItIsClosedSoWhatItWasSentGoesOutFirst() {
    List<Runnable> hubThread = new ArrayList<>();
    Hub<Long> hub = onHeldThread(hubThread);
    RecordingPort bob = new RecordingPort();
    Connection<Long> alice = hub.connect(1L, new FakeClientPort());
    hub.connect(2L, bob);
    alice.receive(SEND_TO_2);
    hub.connect(2L, new FakeClientPort()); // replaces bob in the same burst

    runHeld(hubThread);

    assertThat(bob.calls).containsExactly("message", "flush", "close " + CloseCodes.REPLACED);
  }

  @Test
  void broadcastsFlushEveryoneOnceAndBeforeAClose() {
    List<Runnable> hubThread = new ArrayList<>();
    Hub<Long> hub = onHeldThread(hubThread);
    RecordingPort bob = new RecordingPort();
    RecordingPort carol = new RecordingPort();
    Connection<Long> alice = hub.connect(1L, new FakeClientPort());
    hub.connect(2L, bob);
    hub.connect(3L, carol);
    alice.receive("{\"type\":3,\"content\":\"all\"}");
    alice.receive("{\"type\":3,\"content\":\"again\"}");
    hub.connect(2L, new FakeClientPort()); // replaces bob in the same burst

    runHeld(hubThread);

    String all = "{\"sender\":1,\"type\":3,\"content\":\"all\"}";
    String again = "{\"sender\":1,\"type\":3,\"content\":\"again\"}";
    assertThat(bob.calls).containsExactly(all, again, "flush", "close " + CloseCodes.REPLACED);
    assertThat(carol.calls).containsExactly(all, again, "flush");
  }

  /** A hub whose thread runs only when the test runs what it holds, and that never sweeps. */
  private static Hub<Long> onHeldThread(List<Runnable> hubThread) {
    return Hub.builder().executor(hubThread::add).scheduler((delay, task) -> () -> { }).build();
  }

  @Test
  void gracefulShutdownWaitsForQueuesToDrainThenClosesEveryoneWith1001() {
    TestHub<Long> hub = TestHub.create();
    TestClient<Long> alice = hub.connect(1L);
    TestClient<Long> bob = hub.connect(2L);
    bob.stopReading();
    alice.send(SEND_TO_2);

    CompletableFuture<Void> done = hub.hub().shutdown(Duration.ofSeconds(5));
    TestClient<Long> late = hub.connect(3L);

    assertThat(late.closeCode()).as("no new connections while draining").hasValue(CloseCodes.GOING_AWAY);
    assertThat(done).isNotDone();
    assertThat(alice.isClosed()).isFalse();

    bob.port().resume();
    hub.advance(Duration.ofSeconds(1));
    assertThat(done).isCompleted();
    assertThat(bob.frames()).containsExactly(SEND_TO_2);
    assertThat(alice.closeCode()).hasValue(CloseCodes.GOING_AWAY);
    assertThat(bob.closeCode()).hasValue(CloseCodes.GOING_AWAY);
    assertThat(hub.stats().connections()).isZero();
  }

  @Test
  void shutdownClosesEveryoneAtTheDeadlineEvenIfAQueueNeverDrains() {
    TestHub<Long> hub = TestHub.create();
    TestClient<Long> stuck = hub.connect(2L);
    stuck.stopReading();
    hub.connect(1L).send(SEND_TO_2);

    CompletableFuture<Void> done = hub.hub().shutdown(Duration.ofSeconds(3));
    hub.advance(Duration.ofMillis(2_900));
    assertThat(done).isNotDone();
    hub.advance(Duration.ofMillis(100));

    assertThat(done).isCompleted();
    assertThat(stuck.closeCode()).hasValue(CloseCodes.GOING_AWAY);
    assertThat(hub.hub().shutdown(Duration.ZERO)).as("a second call sees the same outcome").isCompleted();
  }

  @Test
  void aCustomRuleAddsAMessageTypeWithoutTouchingTheHub() {
    int typing = 5;
    TestHub<Long> hub = TestHub.create(Hub.<Long>builder().route(typing, (message, context) -> {
      boolean delivered = context.send(message.receiver(),
          Message.of(typing, context.sender(), message.receiver(), "is typing"));
      if (!delivered) {
        context.replyError("nobody to notify");
      }
    }));
    TestClient<Long> alice = hub.connect(1L);
    TestClient<Long> bob = hub.connect(2L);

    alice.send("{\"type\":5,\"receiver\":2}");
    alice.send("{\"type\":5,\"receiver\":9}");

    assertThat(bob.frames()).containsExactly("{\"type\":5,\"sender\":1,\"receiver\":2,\"content\":\"is typing\"}");
    assertThat(alice.frames()).containsExactly(receipt(1, "error: nobody to notify"));
  }

  @Test
  void aProtocolRuleCanBeReplacedAndWrapped() {
    List<String> audit = new ArrayList<>();
    RoutingRule<Long> send = RoutingRules.send();
    TestHub<Long> hub = TestHub.create(Hub.<Long>builder().route(MessageType.SEND, (message, context) -> {
      audit.add(context.sender() + "->" + message.receiver());
      send.route(message, context);
    }));
    TestClient<Long> alice = hub.connect(1L);
    hub.connect(2L);

    alice.send(SEND_TO_2);

    assertThat(audit).containsExactly("1->2");
    assertThat(alice.frames()).containsExactly(receipt(2, "success send"));
  }

  @Test
  void aRuleThatThrowsClosesOnlyItsSenderWith1011() {
    TestHub<Long> hub = TestHub.create(Hub.<Long>builder().route(7, (message, context) -> {
      throw new IllegalStateException("bug in a rule");
    }));
    TestClient<Long> alice = hub.connect(1L);
    TestClient<Long> bob = hub.connect(2L);

    alice.send("{\"type\":7}");
    bob.send("{\"type\":1,\"receiver\":2,\"content\":\"to myself\"}");

    assertThat(alice.closeCode()).hasValue(CloseCodes.UNEXPECTED_CONDITION);
    assertThat(bob.frames()).hasSize(2);
  }

  @Test
  void aRoutingContextCannotBeKeptForLater() {
    List<RoutingContext<Long>> kept = new ArrayList<>();
    TestHub<Long> hub = TestHub.create(Hub.<Long>builder().route(7, (message, context) -> kept.add(context)));
    hub.connect(1L).send("{\"type\":7}");

    assertThatThrownBy(() -> kept.get(0).sender())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("only while its rule runs");
  }

  @Test
  void theServerCanSendToAnIdAndBroadcast() {
    TestHub<Long> hub = TestHub.create();
    TestClient<Long> alice = hub.connect(1L);
    TestClient<Long> bob = hub.connect(2L);

    CompletableFuture<Boolean> toBob = hub.hub().send(2L, Message.of(MessageType.SYSTEM, 0L, 2L, "you have mail"));
    CompletableFuture<Boolean> toNobody = hub.hub().send(9L, Message.of(MessageType.SYSTEM, 0L, 9L, "hello?"));
    CompletableFuture<Integer> toAll = hub.hub().broadcast(Message.of(MessageType.BROADCAST, 0L, null, "maintenance at 5"));

    assertThat(toBob).isCompletedWithValue(true);
    assertThat(toNobody).isCompletedWithValue(false);
    assertThat(toAll).isCompletedWithValue(2);
    assertThat(bob.frames()).containsExactly(
        "{\"type\":2,\"sender\":0,\"receiver\":2,\"content\":\"you have mail\"}",
        "{\"type\":3,\"sender\":0,\"content\":\"maintenance at 5\"}");
    assertThat(alice.frames()).containsExactly("{\"type\":3,\"sender\":0,\"content\":\"maintenance at 5\"}");
  }

  @Test
  void listenersHearConnectsDisconnectsRejectionsAndErrorsInOrder() {
    List<String> events = new ArrayList<>();
    TestHub<Long> hub = TestHub.create(Hub.<Long>builder()
        .duplicateIds(DuplicateIdPolicy.REJECT_NEW)
        .listener(new HubListener<>() {
          @Override
          public void onConnect(Long id) {
            events.add("connect " + id);
          }

          @Override
          public void onDisconnect(Long id, int code, String reason) {
            events.add("disconnect " + id + " " + code);
          }

          @Override
          public void onReject(Long id, int code, String reason) {
            events.add("reject " + id + " " + code);
          }

          @Override
          public void onError(Long id, String problem, Throwable cause) {
            events.add("error " + id + " " + problem);
          }
        }));

    TestClient<Long> alice = hub.connect(1L);
    hub.connect(1L);
    alice.send("{\"type\":9}");
    alice.send("{\"type\":4}");

    assertThat(events).containsExactly(
        "connect 1", "reject 1 1008", "error 1 unsupported message type 9", "disconnect 1 1000");
  }

  @Test
  void aFrameIsMeasuredInUtf8BytesAgainstTheLimit() {
    TestHub<Long> hub = TestHub.create(Hub.builder().maxFrameBytes(64));
    TestClient<Long> fits = hub.connect(1L);
    TestClient<Long> tooBig = hub.connect(2L);
    String prefix = "{\"type\":3,\"content\":\""; // 21 bytes

    fits.send(prefix + "é".repeat(20) + "a\"}"); // 21 + 40 + 1 + 2 = 64 bytes, in 44 chars
    tooBig.send(prefix + "é".repeat(20) + "ab\"}"); // 65 bytes, in 45 chars

    assertThat(fits.isClosed()).as("exactly at the limit").isFalse();
    assertThat(tooBig.closeCode()).as("one byte over").hasValue(CloseCodes.TOO_BIG);
    assertThat(fits.frames()).as("only the broadcast that fit").hasSize(1);
  }

  @Test
  void framesArrivingAfterTheHubClosedAConnectionAreDropped() {
    TestHub<Long> hub = TestHub.create();
    TestClient<Long> alice = hub.connect(1L);
    TestClient<Long> bob = hub.connect(2L);
    alice.send("{\"type\":4}");

    alice.send(SEND_TO_2);

    assertThat(bob.frames()).isEmpty();
    assertThat(hub.stats().framesReceived()).isEqualTo(1);
  }

  @Test
  void statsCountWhatHappened() {
    TestHub<Long> hub = TestHub.create();
    TestClient<Long> alice = hub.connect(1L);
    hub.connect(2L);

    alice.send(SEND_TO_2);
    alice.send("{\"type\":1,\"receiver\":3}");
    alice.send("not json");
    alice.send("{\"type\":3,\"content\":\"all\"}");

    assertThat(hub.stats()).isEqualTo(new HubStats(2, 2, 2, 0, 4, 6, 1, 1, 1, 0, 0, 0, 0, 0, true, 0, 0, 0));
  }

  @Test
  void stringAndUuidIdsWorkTheSameWay() {
    TestHub<String> chat = TestHub.create(Hub.builder(IdCodec.strings()));
    TestClient<String> alice = chat.connect("alice");
    TestClient<String> bob = chat.connect("bob");
    alice.send("{\"type\":1,\"sender\":\"mallory\",\"receiver\":\"bob\",\"content\":\"hi\"}");
    assertThat(bob.frames()).containsExactly("{\"type\":1,\"sender\":\"alice\",\"receiver\":\"bob\",\"content\":\"hi\"}");
    assertThat(alice.frames()).containsExactly(
        "{\"type\":2,\"sender\":\"0\",\"receiver\":\"bob\",\"content\":\"success send\"}");

    UUID a = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
    TestHub<UUID> devices = TestHub.create(Hub.builder(IdCodec.uuids()));
    TestClient<UUID> device = devices.connect(a);
    device.send("{\"type\":1,\"receiver\":\"00000000-0000-0000-0000-000000000001\"}");
    assertThat(device.frames()).containsExactly("{\"type\":2,\"sender\":\"00000000-0000-0000-0000-000000000000\","
        + "\"receiver\":\"00000000-0000-0000-0000-000000000001\",\"content\":\"not online\"}");
  }

  @Test
  void builderMisuseFailsFastWithAMessageThatSaysWhatToDo() {
    assertThatThrownBy(() -> Hub.builder().pingInterval(Duration.ofSeconds(10)).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("pingInterval (PT10S) must be shorter than idleTimeout (PT10S)");
    assertThatThrownBy(() -> Hub.builder().route(5, (m, c) -> { }).route(5, (m, c) -> { }))
        .hasMessage("type 5 already has a rule: route each type once");
    assertThatThrownBy(() -> Hub.builder().outboundQueueBytes(100))
        .hasMessage("outboundQueueBytes must be at least 1024, got 100");
    assertThatThrownBy(() -> Hub.builder().inboundQueue(1))
        .hasMessage("inboundQueue must be at least 16 frames, got 1");
    assertThatThrownBy(() -> Hub.builder().idleTimeout(Duration.ZERO))
        .hasMessage("idleTimeout must be positive, got PT0S");
  }

  @Test
  void theDefaultsAreProtocolV1sValues() {
    try (Hub<Long> hub = Hub.builder().build()) {
      assertThat(hub.config()).isEqualTo(new HubConfig<>(IdCodec.longs(), Duration.ofSeconds(9),
          Duration.ofSeconds(10), Duration.ofSeconds(10), 512, 512 * 1024, 16384, DuplicateIdPolicy.REPLACE));
    }
  }
}

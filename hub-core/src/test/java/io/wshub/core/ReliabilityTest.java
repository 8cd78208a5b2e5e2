package io.wshub.core;

import static io.wshub.core.Frames.SEND_TO_2;
import static io.wshub.core.Frames.receipt;
import static org.assertj.core.api.Assertions.assertThat;

import io.wshub.core.testing.FakeClientPort;
import io.wshub.core.testing.TestClient;
import io.wshub.core.testing.TestHub;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What holds when clients misbehave and ports fail: receipts, true close reasons, heartbeats for the rest. */
class ReliabilityTest {

  @Test
  void aBurstThatFitsTheQueueClosesNobodyAndArrivesWhole() {
    TestHub<Long> hub = TestHub.create(Hub.builder());
    TestClient<Long> alice = hub.connect(1L);
    TestClient<Long> bob = hub.connect(2L, FakeClientPort.like(hub.hub().config()));
    bob.stopReading(); // the burst outruns the writes: everything waits in bob's queue

    String hundredBytes = "{\"type\":1,\"receiver\":2,\"content\":\"" + "x".repeat(64) + "\"}";
    for (int i = 0; i < 1_000; i++) {
      alice.send(hundredBytes);
    }
    bob.resumeReading();

    assertThat(bob.isClosed()).isFalse();
    assertThat(bob.frames()).hasSize(1_000);
    assertThat(alice.frames()).hasSize(1_000).containsOnly(receipt(2, "success send"));
  }

  @Test
  void framesQueuedForAReplacedConnectionAreStillWrittenBeforeItsClose() {
    TestHub<Long> hub = TestHub.create(Hub.builder());
    TestClient<Long> alice = hub.connect(1L);
    TestClient<Long> phone = hub.connect(2L);
    phone.stopReading();
    alice.send(SEND_TO_2).send(SEND_TO_2);

    hub.connect(2L); // the laptop replaces the phone
    phone.resumeReading();

    assertThat(phone.closeCode()).hasValue(CloseCodes.REPLACED);
    assertThat(phone.frames()).as("both were receipted \"success send\"").hasSize(2);
    assertThat(hub.stats().framesDropped()).isZero();
  }

  @Test
  void aSlowConsumersDroppedFramesAreCountedNotHidden() {
    TestHub<Long> hub = TestHub.create(Hub.builder().writeTimeout(Duration.ofSeconds(5)));
    TestClient<Long> alice = hub.connect(1L);
    TestClient<Long> bob = hub.connect(2L);
    bob.stopReading();
    alice.send(SEND_TO_2).send(SEND_TO_2).send(SEND_TO_2);

    hub.advance(Duration.ofSeconds(6)); // no write progress for the write timeout

    assertThat(bob.closeCode()).hasValue(CloseCodes.TRY_AGAIN_LATER);
    HubStats stats = hub.stats();
    assertThat(stats.slowConsumerCloses()).isEqualTo(1);
    assertThat(stats.framesDropped()).isEqualTo(3);
  }

  @Test
  void aMessageForAConnectionOnItsWayOutIsNotOnlineNotASlowConsumer() {
    TestHub<Long> hub = TestHub.create(Hub.builder());
    TestClient<Long> alice = hub.connect(1L);
    TestClient<Long> bob = hub.connect(2L);
    bob.port().close(CloseCodes.NORMAL, ""); // the transport closed it; its close has not reached the hub yet

    alice.send(SEND_TO_2);
    bob.disconnect();

    assertThat(alice.frames()).containsExactly(receipt(2, "not online"));
    assertThat(bob.closeCode()).hasValue(CloseCodes.NORMAL);
    assertThat(hub.stats().slowConsumerCloses()).isZero();
  }

  @Test
  void aPortThatThrowsIsClosedAndHeartbeatsGoOnForEveryoneElse() {
    TestHub<Long> hub = TestHub.create(Hub.builder());
    FakeClientPort recorded = new FakeClientPort();
    ClientPort broken = new RecordingPort(recorded) { // a transport with a bug in its queue report
      @Override
      public int pendingFrames() {
        throw new IllegalStateException("a transport bug");
      }
    };
    hub.hub().connect(1L, broken);
    TestClient<Long> healthy = hub.connect(2L);

    hub.advance(Duration.ofSeconds(9));
    healthy.pong();
    hub.advance(Duration.ofSeconds(9));

    assertThat(recorded.closeCode()).hasValue(CloseCodes.UNEXPECTED_CONDITION);
    assertThat(healthy.pings()).as("pinged at 9 s and again at 18 s").isEqualTo(2);
    assertThat(healthy.isClosed()).isFalse();
  }

  @Test
  void aPortThatThrowsAsItConnectsIsClosedNotLeftHalfOpen() { // found by HubModelTest
    List<String> events = new ArrayList<>();
    TestHub<Long> hub = TestHub.create(Hub.<Long>builder().listener(new HubListener<>() {
      @Override
      public void onConnect(Long id) {
        events.add(id + " connected");
      }

      @Override
      public void onDisconnect(Long id, int code, String reason) {
        events.add(id + " disconnected " + code);
      }
    }));
    FakeClientPort recorded = new FakeClientPort();
    ClientPort broken = new RecordingPort(recorded) { // a transport whose count of writes fails from the start
      @Override
      public long framesWritten() {
        throw new IllegalStateException("a transport bug");
      }
    };

    hub.hub().connect(1L, broken);

    assertThat(recorded.closeCode()).as("before, it was never registered and never closed: a connection nobody served")
        .hasValue(CloseCodes.UNEXPECTED_CONDITION);
    assertThat(events).containsExactly("1 connected", "1 disconnected 1011");
    assertThat(hub.isOnline(1L)).isFalse();
    assertThat(hub.stats().connectionsAccepted()).isEqualTo(1);
  }

  @Test
  void aRuleClosingWithACodeThatCannotBeSentFailsWhereItIsMade() {
    TestHub<Long> hub = TestHub.create(Hub.<Long>builder()
        .route(10, (message, context) -> context.closeSender(1006, "abnormal")));
    TestClient<Long> alice = hub.connect(1L);

    alice.send("{\"type\":10}");

    assertThat(alice.closeCode()).as("the rule threw: 1011, not a code JSR-356 refuses")
        .hasValue(CloseCodes.UNEXPECTED_CONDITION);
    assertThat(hub.isOnline(1L)).isFalse();
  }

  @Test
  void aCloseReasonIsCutToFitAFrameOnACharacterBoundary() {
    String reason = "é".repeat(100); // 200 bytes in UTF-8
    TestHub<Long> hub = TestHub.create(Hub.<Long>builder()
        .route(10, (message, context) -> context.closeSender(4001, reason)));
    TestClient<Long> alice = hub.connect(1L);

    alice.send("{\"type\":10}");

    assertThat(alice.closeCode()).hasValue(4001);
    assertThat(alice.port().closeReason()).isEqualTo("é".repeat(61)); // 122 bytes: a 62nd would make 124
    assertThat(CloseCodes.fitReason("a".repeat(122) + "😀")).isEqualTo("a".repeat(122));
    assertThat(CloseCodes.fitReason("short")).isEqualTo("short");
  }

  @Test
  void aProtocolErrorFromTheTransportClosesWithItsCodeAndIsCounted() {
    List<String> problems = new ArrayList<>();
    TestHub<Long> hub = TestHub.create(Hub.<Long>builder().listener(new HubListener<>() {
      @Override
      public void onError(Long id, String problem, Throwable cause) {
        problems.add(id + ": " + problem);
      }
    }));
    TestClient<Long> alice = hub.connect(1L);

    alice.connection().fail(CloseCodes.UNSUPPORTED_DATA, "binary frames are not accepted");

    assertThat(alice.closeCode()).hasValue(CloseCodes.UNSUPPORTED_DATA);
    assertThat(problems).containsExactly("1: binary frames are not accepted");
    assertThat(hub.stats().protocolErrors()).isEqualTo(1);
    assertThat(hub.isOnline(1L)).isFalse();
  }

  /** A transport that sends, pings and closes through {@code recorded}; a test overrides what breaks. */
  private static class RecordingPort implements ClientPort {
    private final FakeClientPort recorded;

    RecordingPort(FakeClientPort recorded) {
      this.recorded = recorded;
    }

    @Override
    public boolean send(String frame) {
      return recorded.send(frame);
    }

    @Override
    public void ping() {
      recorded.ping();
    }

    @Override
    public void close(int code, String reason) {
      recorded.close(code, reason);
    }
  }
}

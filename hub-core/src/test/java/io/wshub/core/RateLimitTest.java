package io.wshub.core;

import static io.wshub.core.Frames.SEND_TO_2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wshub.core.testing.SystemFrames;
import io.wshub.core.testing.TestClient;
import io.wshub.core.testing.TestHub;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The per-connection rate limit, on the test kit's virtual clock: exact to the millisecond. */
class RateLimitTest {

  private static final SystemFrames<Long> SYSTEM = SystemFrames.longs();
  private static final String SUCCESS = SYSTEM.receipt(2L, true);

  private final TestHub<Long> hub = TestHub.create(Hub.builder().rateLimit(10, 3));
  private final TestClient<Long> alice = hub.connect(1L);
  private final TestClient<Long> bob = hub.connect(2L);
  private final String limited = SYSTEM.error(1L, "rate limit: 10 messages per second");

  @Test
  void aBurstPassesThenFramesAreDroppedWithOneErrorReplyASecond() {
    for (int i = 0; i < 10; i++) {
      alice.send(SEND_TO_2);
    }

    assertThat(bob.takeFrames()).as("the burst of 3 routed, the rest not").hasSize(3);
    assertThat(alice.takeFrames()).containsExactly(SUCCESS, SUCCESS, SUCCESS, limited);

    hub.advance(Duration.ofMillis(100)); // one frame's worth of tokens
    alice.send(SEND_TO_2).send(SEND_TO_2);
    assertThat(alice.takeFrames()).as("one routed; the other dropped without a word").containsExactly(SUCCESS);

    hub.advance(Duration.ofMillis(900));
    for (int i = 0; i < 5; i++) {
      alice.send(SEND_TO_2);
    }
    assertThat(alice.takeFrames()).as("a second after the last error reply: the next one")
        .containsExactly(SUCCESS, SUCCESS, SUCCESS, limited);
    assertThat(hub.stats().errorReplies()).isEqualTo(2);
  }

  @Test
  void aClientUnderTheLimitIsNeverLimited() {
    for (int i = 0; i < 90; i++) { // 9 a second for 10 s, against 10 a second
      alice.send(SEND_TO_2);
      hub.advance(Duration.ofMillis(111));
      alice.pong();
    }

    assertThat(alice.frames()).hasSize(90).containsOnly(SUCCESS);
    assertThat(alice.isClosed()).isFalse();
  }

  @Test
  void aClientStillOverTheLimitAfterThreeSecondsIsClosedWith1008() {
    Duration step = Duration.ofMillis(20); // 50 a second, against 10
    Duration elapsed = Duration.ZERO;
    while (!alice.isClosed()) {
      alice.send(SEND_TO_2);
      hub.advance(step);
      elapsed = elapsed.plus(step);
    }

    assertThat(alice.closeCode()).hasValue(CloseCodes.POLICY_VIOLATION);
    assertThat(alice.port().closeReason()).isEqualTo("rate limit: 10 messages per second");
    assertThat(elapsed).as("the first refusal at 60 ms, the close 3 s later").isEqualTo(Duration.ofMillis(3_080));
    assertThat(alice.frames()).filteredOn(limited::equals).hasSize(3);
    assertThat(hub.isOnline(2L)).isTrue();
  }

  @Test
  void aSecondWithoutExcessEndsIt() {
    for (int round = 0; round < 3; round++) { // 2.5 s over the limit, then a second's pause
      for (int i = 0; i < 125; i++) {
        alice.send(SEND_TO_2);
        hub.advance(Duration.ofMillis(20));
      }
      alice.pong();
      hub.advance(Duration.ofSeconds(1));
      alice.pong();
    }

    assertThat(alice.isClosed()).isFalse();
  }

  @Test
  void invalidFramesCountTooAndPongsDoNot() {
    for (int i = 0; i < 5; i++) {
      alice.pong();
      alice.send("not json");
    }

    assertThat(alice.takeFrames()).hasSize(4).endsWith(limited);
  }

  @Test
  void offByDefault() {
    TestHub<Long> open = TestHub.create();
    TestClient<Long> flooder = open.connect(1L);
    open.connect(2L);

    for (int i = 0; i < 10_000; i++) {
      flooder.send(SEND_TO_2);
    }

    assertThat(flooder.frames()).hasSize(10_000).containsOnly(SUCCESS);
    assertThat(open.hub().config().rateLimit()).isZero();
  }

  @Test
  void theBuilderSaysWhatIsWrong() {
    assertThatThrownBy(() -> Hub.builder().rateLimit(0))
        .hasMessage("rateLimit needs at least 1 frame per second and a burst of at least 1, got 0 per second and a"
            + " burst of 0");
    assertThat(Hub.builder().rateLimit(20).build().config()).satisfies(config -> {
      assertThat(config.rateLimit()).isEqualTo(20);
      assertThat(config.rateBurst()).isEqualTo(20);
    });
  }
}

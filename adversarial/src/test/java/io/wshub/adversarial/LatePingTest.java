package io.wshub.adversarial;

import static org.assertj.core.api.Assertions.assertThat;

import io.wshub.core.CloseCodes;
import io.wshub.core.Message;
import io.wshub.core.MessageType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The heartbeat's answer window counts from when the ping was written, over real sockets: a ping
 * that waits behind frames the client has not read yet does not start the client's second to
 * answer. The hub runs on virtual time (its thread is real, so are the sockets), so the test
 * decides exactly when the sweeps run, and whether the ping waited is a matter of bytes (more
 * than the kernel's buffers hold), not of timing.
 */
class LatePingTest {

  @ParameterizedTest
  @EnumSource(Stack.class)
  void aPingStuckBehindUnreadFramesGetsItsWholeWindowOnceWritten(Stack stack) {
    SteppedClock time = new SteppedClock();
    try (Stack.Served served = stack.serve(Stack.chat().ticker(time).scheduler(time)
            .outboundQueueBytes(64 << 20).writeTimeout(Duration.ofSeconds(60)));
        Wire wire = new Wire()) {
      AtomicLong received = new AtomicLong();
      WireClient bob = wire.connect(served.uri(2), (client, text) -> received.incrementAndGet());
      served.events.awaitConnect(2);
      bob.answerPings = false; // it never answers: the window alone decides when it is closed
      bob.stopReading();

      // 32 MiB for bob, more than the kernel's buffers hold: the rest waits in the server.
      String filler = "x".repeat(64 * 1024);
      List<CompletableFuture<Boolean>> accepted = new ArrayList<>();
      for (int i = 0; i < 512; i++) {
        accepted.add(served.hub.send(2L, Message.of(MessageType.SYSTEM, 0L, 2L, filler)));
      }
      accepted.forEach(future -> assertThat(Wire.await(future, "a server send")).isTrue());

      time.advance(Duration.ofMillis(8_200)); // the ping is asked for at 8.1 s, behind them
      assertThat(bob.pings.get()).isZero();
      time.advance(Duration.ofMillis(3_500)); // 11.7 s: silent 11.7 s, 3.6 s after the ask
      assertThat(served.events.disconnects).as("its ping has not been written yet").isEmpty();

      bob.resumeReading(); // now the frames, then the ping, reach bob
      Poll.until(() -> bob.pings.get() == 1, "the ping reached bob");
      assertThat(received.get()).as("everything sent before the ping came first").isEqualTo(512);
      time.advance(Duration.ofMillis(900));
      assertThat(served.events.disconnects).as("0.9 s after the ping was written").isEmpty();

      while (served.events.disconnects.isEmpty() && time.elapsed().toSeconds() < 30) {
        time.advance(Duration.ofMillis(100));
      }
      assertThat(served.events.disconnects).singleElement().satisfies(closed -> {
        assertThat(closed.code()).isEqualTo(CloseCodes.GOING_AWAY);
        assertThat(closed.reason()).startsWith("idle");
      });
      assertThat(bob.awaitClose().code()).isEqualTo(CloseCodes.GOING_AWAY);
    }
  }
}

package io.wshub.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Heartbeats do not queue behind a backlog: on the hub's own thread, which runs its timers too, a
 * drain that never finds its mailbox empty still lets the sweep in, and the sweep goes first.
 */
class HeartbeatUnderBacklogTest {

  private static final int BACKLOG = 100_000;

  /** Counts what it is sent, and how much of it had come when the first ping came. */
  private static final class CountingPort implements ClientPort {
    final AtomicInteger frames = new AtomicInteger();
    volatile int framesAtFirstPing = -1;
    final CountDownLatch pinged = new CountDownLatch(1);

    @Override
    public boolean send(String frame) {
      frames.incrementAndGet();
      return true;
    }

    @Override
    public void ping() {
      if (pinged.getCount() > 0) {
        framesAtFirstPing = frames.get();
        pinged.countDown();
      }
    }

    @Override
    public void close(int code, String reason) {}
  }

  @Test
  void aPingGoesOutWhileTheHubWorksThroughABacklogNotAfterIt() throws Exception {
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch holding = new CountDownLatch(1);
    Hub<Long> hub = Hub.builder()
        .pingInterval(Duration.ofMillis(1))
        .idleTimeout(Duration.ofSeconds(60))
        .listener(new HubListener<>() {
          @Override
          public void onConnect(Long id) {
            if (id == 99L) { // holds the hub's thread while the backlog builds up
              holding.countDown();
              await(held);
            }
          }
        })
        .build();
    CountingPort bob = new CountingPort();
    hub.connect(2L, bob);
    hub.connect(99L, new CountingPort());
    await(holding);
    for (int i = 0; i < BACKLOG; i++) {
      hub.send(2L, Message.of(MessageType.SYSTEM, 0L, 2L, "notice " + i));
    }

    held.countDown();

    assertThat(bob.pinged.await(30, TimeUnit.SECONDS)).as("bob was pinged").isTrue();
    assertThat(bob.framesAtFirstPing).as("frames bob had been sent when his ping came")
        .isLessThan(BACKLOG / 10);
    hub.close();
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }
}

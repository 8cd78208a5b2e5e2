package io.wshub.adversarial;

import io.wshub.core.Scheduler;
import io.wshub.core.Ticker;
import io.wshub.core.testing.VirtualTime;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Virtual time for a hub that runs on its own thread, behind real sockets: {@link #advance} moves
 * the clock in small steps and, whenever a step lets the hub's heartbeat sweep in, waits until the
 * hub's thread has run it (a sweep schedules the next one as it ends). So sweeps run exactly where
 * the hub's schedule puts them, however loaded the machine.
 */
final class SteppedClock implements Ticker, Scheduler {

  private static final Duration STEP = Duration.ofMillis(100);

  private final VirtualTime time = new VirtualTime();
  /** Tasks that ran and have not been followed by the next schedule yet: sweeps under way. */
  private final AtomicInteger underWay = new AtomicInteger();

  @Override
  public long nanos() {
    return time.nanos();
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    underWay.updateAndGet(n -> Math.max(0, n - 1)); // the sweep that schedules the next is done
    return time.schedule(delay, () -> {
      underWay.incrementAndGet();
      task.run();
    });
  }

  Duration elapsed() {
    return time.elapsed();
  }

  /** Moves time forward by {@code total}, a step at a time, each once the hub caught up. */
  void advance(Duration total) {
    for (long left = total.toNanos(); left > 0; left -= STEP.toNanos()) {
      time.advance(Duration.ofNanos(Math.min(left, STEP.toNanos())));
      Poll.until(() -> underWay.get() == 0, "the hub ran its sweep");
    }
  }
}

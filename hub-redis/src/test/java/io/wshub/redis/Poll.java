package io.wshub.redis;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for observable state with a deadline: the tests' only way to wait. */
public final class Poll {

  private Poll() {}

  /** Returns how long it took until {@code condition} held; fails after {@code patience}. */
  public static Duration until(Duration patience, String what, BooleanSupplier condition) {
    long start = System.nanoTime();
    long deadline = start + patience.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("not within " + patience + ": " + what);
      }
      try {
        Thread.sleep(10); // a polling interval, not synchronisation: the condition decides
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what);
      }
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }
}

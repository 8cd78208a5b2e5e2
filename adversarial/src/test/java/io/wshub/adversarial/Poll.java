package io.wshub.adversarial;

import java.util.function.BooleanSupplier;

/** Waiting for a condition without sleeping as a synchronisation: look, yield briefly, look again. */
final class Poll {

  private Poll() {}

  /** Waits until {@code condition} holds; fails the test after {@link Wire#PATIENCE}. */
  static void until(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + Wire.PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("not within " + Wire.PATIENCE + ": " + what);
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}

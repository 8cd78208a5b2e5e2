package io.wshub.core;

/**
 * A source of time for the hub's heartbeats and timeouts, as in {@link System#nanoTime()}.
 * The test kit replaces it with virtual time.
 */
@FunctionalInterface
public interface Ticker {

  /**
   * The current time in nanoseconds from an arbitrary origin; only differences matter.
   *
   * @return the time
   */
  long nanos();

  /**
   * The system ticker.
   *
   * @return {@link System#nanoTime()} as a ticker
   */
  static Ticker system() {
    return System::nanoTime;
  }
}

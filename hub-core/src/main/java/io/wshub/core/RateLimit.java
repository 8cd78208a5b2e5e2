package io.wshub.core;

/**
 * The per-connection rate limit: a token bucket of {@code perSecond} frames a second holding up to
 * {@code burst}, kept as a theoretical arrival time (GCRA), so a connection's state is a few
 * longs and taking a token is arithmetic. Over the limit a frame is dropped; the client hears of
 * it at most once a second, and one that is still over the limit after three seconds of
 * continuous excess is closed. Excess is continuous while frames keep being refused less than a
 * second apart.
 */
final class RateLimit {

  /** What becomes of one frame. */
  enum Verdict {
    /** Within the limit: route it. */
    PASS,
    /** Over the limit: drop it without a word (the client was told less than a second ago). */
    DROP,
    /** Over the limit: drop it and tell the client. */
    WARN,
    /** Over the limit for too long: close the connection. */
    CLOSE
  }

  private static final long SECOND = 1_000_000_000L;
  /** How long excess may last before the connection is closed. */
  static final long CLOSE_AFTER = 3 * SECOND;

  final int perSecond;
  private final long interval;
  private final long tolerance;

  RateLimit(int perSecond, int burst) {
    this.perSecond = perSecond;
    this.interval = Math.max(1, SECOND / perSecond);
    this.tolerance = (long) (burst - 1) * interval;
  }

  /** The problem the client is told of. */
  String problem() {
    return "rate limit: " + perSecond + " messages per second";
  }

  /**
   * One connection's bucket. Used only by the transport's thread that delivers the connection's
   * frames (one at a time, as {@link Connection} requires), never by the hub's thread.
   */
  final class Bucket {
    private long arrival;
    private boolean inExcess;
    private long excessSince;
    private long lastRefused;
    private boolean warned;
    private long lastWarned;
    private boolean closing;

    Bucket(long now) {
      this.arrival = now;
    }

    Verdict take(long now) {
      if (closing) {
        return Verdict.DROP;
      }
      long start = now - arrival > 0 ? now : arrival;
      if (start - now <= tolerance) {
        arrival = start + interval;
        return Verdict.PASS;
      }
      if (!inExcess || now - lastRefused >= SECOND) {
        inExcess = true;
        excessSince = now;
      }
      lastRefused = now;
      if (now - excessSince >= CLOSE_AFTER) {
        closing = true;
        return Verdict.CLOSE;
      }
      if (!warned || now - lastWarned >= SECOND) {
        warned = true;
        lastWarned = now;
        return Verdict.WARN;
      }
      return Verdict.DROP;
    }
  }
}

package io.wshub.core;

/**
 * The heartbeat's decision for one connection at one sweep, made from the connection's timestamps
 * and the hub's settings alone: close it as idle, close it as a slow consumer, ping it, or leave
 * it. The hub does what it decides (counts, closes, pings); only the port's write progress, which
 * the hub reads and which may fail, comes in from outside, asked for only when it is needed.
 */
final class Heartbeat {

  /** What a sweep does with one connection. */
  enum Verdict {
    /** Nothing is due. */
    NOTHING,
    /** A ping is due: the hub asks the port for one. */
    PING,
    /** Silent past its answer window: closed with 1001. */
    IDLE,
    /** Its frames, or a ping, are not being written: closed as a slow consumer with 1013. */
    STALLED
  }

  /**
   * Whether a connection's port has sat on unwritten frames for the write timeout. Asked only when
   * the connection is not idle; it may have side effects (the hub records the port's progress,
   * and closes a port that cannot say).
   */
  @FunctionalInterface
  interface WriteStall<Id> {
    boolean stalled(Conn<Id> conn, long now);
  }

  private final long pingNanos;
  private final long idleNanos;
  private final long writeNanos;
  private final long sweepNanos;

  /** All in nanoseconds: the ping interval, the idle timeout, the write timeout and the sweep period. */
  Heartbeat(long pingNanos, long idleNanos, long writeNanos, long sweepNanos) {
    this.pingNanos = pingNanos;
    this.idleNanos = idleNanos;
    this.writeNanos = writeNanos;
    this.sweepNanos = sweepNanos;
  }

  /**
   * The verdict on {@code conn} at {@code now}. In this order: idle (silent, and its answer window
   * passed), then stalled ({@code writeStalled}, asked only here, or a ping not written), then a
   * ping (registered, and due or silent and not pinged since last seen).
   */
  <Id> Verdict verdict(Conn<Id> conn, long now, WriteStall<Id> writeStalled) {
    boolean silent = now - conn.lastSeen >= idleNanos;
    if (silent && answerWindowPassed(conn, now)) {
      return Verdict.IDLE;
    }
    if (writeStalled.stalled(conn, now) || pingStalled(conn, now)) {
      return Verdict.STALLED;
    }
    if (conn.registered
        && (now - (conn.nextPingAt - sweepNanos) >= 0 || (silent && !pingedSinceLastSeen(conn)))) {
      // Up to one sweep early, never late: the client keeps the whole gap between the ping
      // interval and the idle timeout (protocol v1's second) to answer. A silent connection
      // that a late hub has not pinged yet is pinged now, and closed only after its window.
      return Verdict.PING;
    }
    return Verdict.NOTHING;
  }

  /**
   * Whether a silent connection has had its chance: a ping written since it was last heard from,
   * and the answer window (idle timeout less ping interval) since the first such ping went out. A
   * hub that fell behind (a burst of connections, a slow listener) pings late, and a port may
   * write the ping late (behind other writes, on busy threads): the client pays for neither.
   */
  private boolean answerWindowPassed(Conn<?> conn, long now) {
    long written = conn.pingWrittenAt;
    return written - conn.lastSeen > 0 && now - written >= idleNanos - pingNanos;
  }

  /**
   * Whether a ping the hub asked for since the client was last heard from has not been written
   * for the write timeout (nor any other since then): the client is not reading, as for a frame
   * stuck in its queue.
   */
  private boolean pingStalled(Conn<?> conn, long now) {
    return pingedSinceLastSeen(conn) && conn.pingWrittenAt - conn.lastSeen <= 0
        && now - conn.unansweredSince >= writeNanos;
  }

  static boolean pingedSinceLastSeen(Conn<?> conn) {
    return conn.unansweredSince - conn.lastSeen > 0;
  }
}

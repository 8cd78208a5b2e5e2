package io.wshub.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.wshub.core.Heartbeat.Verdict;
import io.wshub.core.Heartbeat.WriteStall;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The heartbeat's decision alone, without a hub: a connection's timestamps are set by hand as the
 * hub and its port would set them, and each test asks for the verdict at exact instants.
 *
 * <p>Settings: ping every 10 s, idle after 15 s (so the answer window is 5 s), write timeout 4 s,
 * a sweep every 400 ms.
 */
class HeartbeatTest {

  private static final long S = TimeUnit.SECONDS.toNanos(1);
  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final long PING = 10 * S;
  private static final long IDLE = 15 * S;
  private static final long WRITE = 4 * S;
  private static final long SWEEP = 400 * MS;
  /** Any instant on the ticker: not 0, so nothing passes by accident of zeroed fields. */
  private static final long T0 = 123_456_789_000L;
  private static final WriteStall<String> WRITING = (conn, now) -> false;
  private static final WriteStall<String> NOT_WRITING = (conn, now) -> true;

  private final Heartbeat heartbeat = new Heartbeat(PING, IDLE, WRITE, SWEEP);

  /**
   * A connection as the hub registers one at {@code now}: last seen then, no ping asked for or
   * written, the first ping due a ping interval later. The verdict reads no port and no hub, so
   * it has neither.
   */
  private static Conn<String> registeredAt(long now) {
    Conn<String> conn = new Conn<>("alice", null, null, now, null);
    conn.registered = true;
    conn.nextPingAt = now + PING;
    conn.unansweredSince = conn.lastSeen; // not pinged yet
    return conn;
  }

  /** What the hub does on a PING verdict, at {@code now}. */
  private static void pingAsked(Conn<String> conn, long now) {
    conn.nextPingAt = now + PING;
    if (!Heartbeat.pingedSinceLastSeen(conn)) {
      conn.unansweredSince = now;
    }
  }

  private Verdict verdict(Conn<String> conn, long now) {
    return heartbeat.verdict(conn, now, WRITING);
  }

  @Test
  void nothingIsDueBetweenPings() {
    Conn<String> conn = registeredAt(T0);

    assertThat(verdict(conn, T0)).isEqualTo(Verdict.NOTHING);
    assertThat(verdict(conn, T0 + 5 * S)).isEqualTo(Verdict.NOTHING);
  }

  @Test
  void aPingIsDueUpToOneSweepEarlyButNotEarlier() {
    Conn<String> conn = registeredAt(T0);

    assertThat(verdict(conn, T0 + PING - SWEEP - 1)).as("more than one sweep early").isEqualTo(Verdict.NOTHING);
    assertThat(verdict(conn, T0 + PING - SWEEP)).as("one sweep early").isEqualTo(Verdict.PING);
    assertThat(verdict(conn, T0 + PING)).as("on time").isEqualTo(Verdict.PING);
  }

  @Test
  void aLatePingIsStillDueNeverSkipped() {
    Conn<String> conn = registeredAt(T0);

    assertThat(verdict(conn, T0 + PING + 3 * S)).as("a hub 3 s late, the client not silent yet")
        .isEqualTo(Verdict.PING);
  }

  @Test
  void aSilentConnectionALateHubHasNotPingedIsPingedNotClosed() {
    Conn<String> conn = registeredAt(T0);
    conn.nextPingAt = T0 + 100 * S; // the scheduled ping is far off: only silence makes one due

    assertThat(verdict(conn, T0 + IDLE - 1)).as("not silent yet").isEqualTo(Verdict.NOTHING);
    assertThat(verdict(conn, T0 + IDLE)).as("silent, never pinged: its chance first").isEqualTo(Verdict.PING);
    assertThat(verdict(conn, T0 + IDLE + 30 * S)).as("however long silent, not idle before a ping")
        .isEqualTo(Verdict.PING);
  }

  @Test
  void aSilentConnectionIsClosedAsIdleOnlyAnAnswerWindowAfterItsPingWasWritten() {
    Conn<String> conn = registeredAt(T0);
    pingAsked(conn, T0 + PING); // asked at 10 s
    conn.pingWrittenAt = T0 + 13 * S; // written 3 s later, behind other writes

    assertThat(verdict(conn, T0 + PING + (IDLE - PING))).as("an answer window after it was asked")
        .isEqualTo(Verdict.NOTHING);
    assertThat(verdict(conn, T0 + 18 * S - 1)).as("just inside the window from when it was written")
        .isEqualTo(Verdict.NOTHING);
    assertThat(verdict(conn, T0 + 18 * S)).as("the window from when it was written has passed")
        .isEqualTo(Verdict.IDLE);
  }

  @Test
  void aConnectionThatAnsweredIsNotIdle() {
    Conn<String> conn = registeredAt(T0);
    pingAsked(conn, T0 + PING);
    conn.pingWrittenAt = T0 + PING;
    conn.lastSeen = T0 + PING + 1 * S; // its pong

    assertThat(verdict(conn, T0 + 18 * S)).isEqualTo(Verdict.NOTHING);
  }

  @Test
  void aPingAskedForButNeverWrittenForTheWriteTimeoutIsStalledNeverIdle() {
    Conn<String> conn = registeredAt(T0);
    pingAsked(conn, T0 + PING); // asked at 10 s; the port never writes it: pingWrittenAt stays T0

    assertThat(verdict(conn, T0 + PING + WRITE - 1)).as("not for the write timeout yet")
        .isEqualTo(Verdict.NOTHING);
    assertThat(verdict(conn, T0 + PING + WRITE)).as("1013, not reading").isEqualTo(Verdict.STALLED);
    assertThat(verdict(conn, T0 + IDLE + 60 * S)).as("long silent, but never given its chance: not 1001")
        .isEqualTo(Verdict.STALLED);
  }

  @Test
  void framesTheClientDoesNotReadAreStalledBeforeAPingIsDue() {
    Conn<String> conn = registeredAt(T0);
    AtomicInteger asked = new AtomicInteger();

    Verdict verdict = heartbeat.verdict(conn, T0 + PING, (c, now) -> {
      asked.incrementAndGet();
      assertThat(c).isSameAs(conn);
      assertThat(now).isEqualTo(T0 + PING);
      return true;
    });

    assertThat(verdict).as("stalled writes win over a due ping").isEqualTo(Verdict.STALLED);
    assertThat(asked).hasValue(1);
    assertThat(heartbeat.verdict(registeredAt(T0), T0 + 1 * S, NOT_WRITING)).isEqualTo(Verdict.STALLED);
  }

  @Test
  void anIdleConnectionIsClosedWithoutAskingThePort() {
    Conn<String> conn = registeredAt(T0);
    pingAsked(conn, T0 + PING);
    conn.pingWrittenAt = T0 + PING;
    AtomicInteger asked = new AtomicInteger();

    Verdict verdict = heartbeat.verdict(conn, T0 + IDLE, (c, now) -> {
      asked.incrementAndGet();
      return true;
    });

    assertThat(verdict).as("idle is decided first, even over stalled writes").isEqualTo(Verdict.IDLE);
    assertThat(asked).as("the port's writes were not read").hasValue(0);
  }

  @Test
  void anUnregisteredConnectionIsNeverPinged() {
    Conn<String> conn = registeredAt(T0);
    conn.registered = false;

    assertThat(verdict(conn, T0 + PING)).as("a ping due").isEqualTo(Verdict.NOTHING);
    conn.nextPingAt = T0 + 100 * S;
    assertThat(verdict(conn, T0 + IDLE)).as("silent and not pinged").isEqualTo(Verdict.NOTHING);
  }

  @Test
  void timestampsAreComparedByDifferenceSoATickerThatWrapsChangesNothing() {
    long t0 = Long.MAX_VALUE - 5 * S; // the ping falls due after the ticker wraps
    Conn<String> conn = registeredAt(t0);

    assertThat(verdict(conn, t0 + PING - SWEEP - 1)).isEqualTo(Verdict.NOTHING);
    assertThat(verdict(conn, t0 + PING - SWEEP)).isEqualTo(Verdict.PING);
    pingAsked(conn, t0 + PING);
    conn.pingWrittenAt = t0 + PING;
    assertThat(verdict(conn, t0 + IDLE - 1)).isEqualTo(Verdict.NOTHING);
    assertThat(verdict(conn, t0 + IDLE)).isEqualTo(Verdict.IDLE);
  }
}

package io.wshub.core;

import io.wshub.core.testing.VirtualTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A port for {@link HubModelTest}: it records what the hub sent, when it pinged and closed, and
 * every call the hub must never make (a frame or a ping after the close, a close after the
 * transport reported the connection gone). It can stall (a client that stopped reading, with a
 * queue of {@code capacity} frames), answer pings or not, vanish (the socket died and nobody
 * has told the hub yet: frames are refused and it is no longer open), and break (a transport with
 * a bug: every call but {@code close} throws).
 *
 * <p>Used on the test's thread only, as the test hub runs the hub there.
 */
final class WatchedPort implements ClientPort {

  private final VirtualTime time;
  final int capacity;
  final boolean answersPings;
  /** Set right after the connect, so that a ping can be answered. */
  Connection<Long> connection;

  final List<String> written = new ArrayList<>();
  final ArrayDeque<String> waiting = new ArrayDeque<>();
  final List<Long> pings = new ArrayList<>();
  final List<Long> pongs = new ArrayList<>();
  final List<String> violations = new ArrayList<>();
  boolean stalled;
  boolean vanished;
  boolean broken;
  /** The transport told the hub the connection is gone. */
  boolean reported;
  int closeCode = -1;
  String closeReason;
  long closedAt = -1;

  WatchedPort(VirtualTime time, int capacity, boolean answersPings) {
    this.time = time;
    this.capacity = capacity;
    this.answersPings = answersPings;
  }

  private void failIfBroken() {
    if (broken) {
      throw new IllegalStateException("a transport bug (on purpose, in a test)");
    }
  }

  @Override
  public boolean send(String frame) {
    if (closeCode != -1 || reported) {
      violations.add("sent " + frame + " after " + (reported ? "the transport reported it closed" : "closing it"));
      return false;
    }
    failIfBroken();
    if (vanished) {
      return false;
    }
    if (!stalled) {
      written.add(frame);
      return true;
    }
    if (waiting.size() >= capacity) {
      return false;
    }
    waiting.add(frame);
    return true;
  }

  @Override
  public boolean isOpen() {
    failIfBroken();
    return closeCode == -1 && !vanished && !reported;
  }

  @Override
  public void ping() {
    if (closeCode != -1 || reported) {
      violations.add("pinged after " + (reported ? "the transport reported it closed" : "closing it"));
      return;
    }
    failIfBroken();
    pings.add(time.nanos());
    if (answersPings && !vanished) {
      pongs.add(time.nanos());
      connection.pong();
    }
  }

  @Override
  public void close(int code, String reason) {
    if (reported) {
      violations.add("closed with " + code + " after the transport reported it closed");
    }
    if (!CloseCodes.isSendable(code)) {
      violations.add("closed with " + code + ", which cannot be sent");
    }
    if (closeCode == -1) {
      closeCode = code;
      closeReason = reason;
      closedAt = time.nanos();
      if (code == CloseCodes.TRY_AGAIN_LATER) {
        waiting.clear(); // a slow consumer's queue goes with it
      }
    }
  }

  @Override
  public void flush() {
    failIfBroken();
  }

  @Override
  public int pendingFrames() {
    failIfBroken();
    return waiting.size();
  }

  @Override
  public long framesWritten() {
    failIfBroken();
    return written.size();
  }

  /** The client reads again: what waited is written (before the close, if the hub closed it meanwhile). */
  void resume() {
    stalled = false;
    if (!vanished && !reported) {
      written.addAll(waiting);
    }
    waiting.clear();
  }

  /** The transport reports the connection gone; what waited for it is lost, as on any network. */
  void report(int code) {
    reported = true;
    waiting.clear();
    connection.closed(code, "");
  }
}

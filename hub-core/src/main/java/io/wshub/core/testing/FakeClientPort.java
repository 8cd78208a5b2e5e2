package io.wshub.core.testing;

import io.wshub.core.ClientPort;
import io.wshub.core.CloseCodes;
import io.wshub.core.HubConfig;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * A {@link ClientPort} that records what the hub sends: frames, pings and the close.
 *
 * <p>It writes each frame at once, unless {@linkplain #stall() stalled}: then frames wait in a
 * queue of the port's capacity, as behind a client that stopped reading, and a full queue refuses
 * the next one, which makes the hub close the connection as a slow consumer. Frames that are
 * waiting count as {@link #pendingFrames() pending}, so the hub's write timeout sees them. A ping
 * that comes while frames wait goes out behind them, as on a real socket: the hub hears it was
 * written ({@link ClientPort#ping(Runnable)}) on {@link #resume()}, and counts the client's answer
 * window from then.
 *
 * <p>A close behaves as a real port's: frames waiting when the hub closes the port are still
 * written on {@link #resume()}, before the close, except after a slow-consumer close
 * ({@link CloseCodes#TRY_AGAIN_LATER}), which drops them.
 *
 * <p>Thread-safe.
 */
public final class FakeClientPort implements ClientPort {

  private final int capacity;
  private final long capacityBytes;
  private long waitingBytes;
  private final List<String> frames = new ArrayList<>();
  private final ArrayDeque<String> waiting = new ArrayDeque<>();
  private boolean stalled;
  private int pings;
  /** A ping waiting behind the stalled frames: run on {@link #resume()}. */
  private Runnable pingWaiting;
  private int closeCode = -1;
  private String closeReason;

  /** A port with an unbounded queue. */
  public FakeClientPort() {
    this(Integer.MAX_VALUE);
  }

  /**
   * A port whose queue holds {@code capacity} frames while stalled.
   *
   * @param capacity at least 1
   */
  public FakeClientPort(int capacity) {
    this(capacity, Long.MAX_VALUE);
  }

  private FakeClientPort(int capacity, long capacityBytes) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
    }
    this.capacity = capacity;
    this.capacityBytes = capacityBytes;
  }

  /**
   * A port whose queue is bounded as a real transport bounds it for this hub: by
   * {@link HubConfig#outboundQueueBytes()}, each frame counted by its {@code length()}.
   *
   * @param config the hub's settings, {@code hub.config()}
   * @return the port
   */
  public static FakeClientPort like(HubConfig<?> config) {
    return new FakeClientPort(Integer.MAX_VALUE, config.outboundQueueBytes());
  }

  @Override
  public synchronized boolean send(String frame) {
    if (closeCode != -1) {
      return false;
    }
    if (!stalled) {
      frames.add(frame);
      return true;
    }
    if (waiting.size() >= capacity || waitingBytes + frame.length() > capacityBytes) {
      return false;
    }
    waiting.add(frame);
    waitingBytes += frame.length();
    return true;
  }

  @Override
  public synchronized boolean isOpen() {
    return closeCode == -1;
  }

  @Override
  public void ping() {
    ping(() -> {});
  }

  @Override
  public void ping(Runnable written) {
    synchronized (this) {
      pings++;
      if (stalled && !waiting.isEmpty()) {
        pingWaiting = written; // one waiting ping is enough
        return;
      }
    }
    written.run();
  }

  @Override
  public synchronized void close(int code, String reason) {
    if (closeCode == -1) {
      closeCode = code;
      closeReason = reason;
      pingWaiting = null; // no pings on the way out
      if (code == CloseCodes.TRY_AGAIN_LATER) {
        waiting.clear(); // that client is not reading: its queue goes with it
        waitingBytes = 0;
      }
    }
  }

  @Override
  public synchronized int pendingFrames() {
    return waiting.size();
  }

  @Override
  public synchronized long framesWritten() {
    return frames.size();
  }

  /** From now on, frames wait in the queue instead of being written: a client that stopped reading. */
  public synchronized void stall() {
    stalled = true;
  }

  /** Writes every waiting frame, and the ping behind them, and goes back to writing frames at once. */
  public void resume() {
    Runnable pinged;
    synchronized (this) {
      stalled = false;
      frames.addAll(waiting);
      waiting.clear();
      waitingBytes = 0;
      pinged = pingWaiting;
      pingWaiting = null;
    }
    if (pinged != null) {
      pinged.run();
    }
  }

  /**
   * The frames written to the client so far, oldest first.
   *
   * @return a copy
   */
  public synchronized List<String> frames() {
    return List.copyOf(frames);
  }

  /**
   * Returns the frames written so far and forgets them, so the next call sees only newer ones.
   *
   * @return the frames, oldest first
   */
  public synchronized List<String> takeFrames() {
    List<String> taken = List.copyOf(frames);
    frames.clear();
    return taken;
  }

  /**
   * How many pings the hub sent (asked for; one waiting behind stalled frames counts at once).
   *
   * @return the count
   */
  public synchronized int pings() {
    return pings;
  }

  /**
   * The close code the hub closed this port with.
   *
   * @return the code, or empty while open
   */
  public synchronized OptionalInt closeCode() {
    return closeCode == -1 ? OptionalInt.empty() : OptionalInt.of(closeCode);
  }

  /**
   * The close reason the hub gave.
   *
   * @return the reason, or {@code null} while open
   */
  public synchronized String closeReason() {
    return closeReason;
  }

  /**
   * Whether the hub closed this port.
   *
   * @return {@code true} once closed
   */
  public synchronized boolean isClosed() {
    return closeCode != -1;
  }
}

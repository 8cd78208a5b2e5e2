package io.wshub.jakarta;

import io.wshub.core.ClientPort;
import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The hub's way out to one JSR-356 session: a bounded queue drained with exactly one write in
 * flight at a time, text, ping and close alike, so the container never sees two at once (which
 * Tomcat and Jetty refuse with "TEXT_FULL_WRITING"), and a ping never waits behind a blocked
 * text write on the hub's thread.
 *
 * <p>Texts go out with {@link RemoteEndpoint.Async#sendText(String, SendHandler)} from whichever
 * thread drains (the hub's, or the container's after the previous write completed). Pings and the
 * close may block in some containers, so they run on the binding's threads.
 */
final class SessionPort implements ClientPort {

  private static final Object PING = new Object();
  private static final ByteBuffer NO_DATA = ByteBuffer.allocate(0);

  private final Session session;
  private final RemoteEndpoint.Async remote;
  private final int capacity;
  private final long writeTimeoutMillis;
  private final ScheduledExecutorService blocking;

  /** Frames ({@link String}) and pings ({@link #PING}) waiting for their turn. */
  private final Queue<Object> queue = new ConcurrentLinkedQueue<>();
  /** Texts queued or being written: what the hub's write timeout watches. */
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicLong written = new AtomicLong();
  private final AtomicBoolean pingQueued = new AtomicBoolean();
  /** Who drains: the first to increment it from 0, until it is back at 0 (no locks, no recursion). */
  private final AtomicInteger drainers = new AtomicInteger();
  private volatile boolean inFlight;
  private volatile CloseReason closing;
  private boolean closeStarted; // by the drainer only
  private final AtomicBoolean closeDone = new AtomicBoolean();
  private volatile ScheduledFuture<?> forcedClose;

  private final SendHandler textSent = this::textSent;

  SessionPort(Session session, int capacity, Duration writeTimeout, ScheduledExecutorService blocking) {
    this.session = session;
    this.remote = session.getAsyncRemote();
    this.capacity = capacity;
    this.writeTimeoutMillis = Math.max(1, writeTimeout.toMillis());
    this.blocking = blocking;
  }

  @Override
  public boolean send(String frame) {
    if (closing != null) {
      return false;
    }
    if (pending.incrementAndGet() > capacity) {
      pending.decrementAndGet();
      return false;
    }
    queue.add(frame);
    drain();
    return true;
  }

  @Override
  public void ping() {
    // One ping waiting is enough; a full queue means the write timeout will decide.
    if (closing == null && pingQueued.compareAndSet(false, true)) {
      queue.add(PING);
      drain();
    }
  }

  @Override
  public void close(int code, String reason) {
    if (closing != null) {
      return;
    }
    closing = new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason);
    // Whatever is not yet with the container is dropped: the close goes out next.
    for (Object item; (item = queue.poll()) != null; ) {
      if (item != PING) {
        pending.decrementAndGet();
      }
    }
    drain();
    // A client that stopped reading may never let the write in flight finish: then close anyway
    // after the write timeout, and the container drops the connection.
    if (!closeDone.get()) {
      forcedClose = blocking.schedule(this::forceClose, writeTimeoutMillis, TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public int pendingFrames() {
    return pending.get();
  }

  @Override
  public long framesWritten() {
    return written.get();
  }

  /** The container reports the session closed: nothing more will be written. */
  void closedByContainer() {
    if (closing == null) {
      closing = new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "");
    }
    closeDone.set(true);
    queue.clear();
    pending.set(0);
    cancelForcedClose();
  }

  private void cancelForcedClose() {
    ScheduledFuture<?> forced = forcedClose;
    if (forced != null) {
      forced.cancel(false);
    }
  }

  private void drain() {
    if (drainers.getAndIncrement() != 0) {
      return;
    }
    int missed = 1;
    do {
      while (!inFlight) {
        if (closing != null) {
          if (!closeStarted) {
            closeStarted = true;
            inFlight = true;
            blocking.execute(this::closeNow);
          }
          break;
        }
        Object next = queue.poll();
        if (next == null) {
          break;
        }
        inFlight = true;
        if (next == PING) {
          pingQueued.set(false);
          blocking.execute(this::sendPing);
        } else {
          sendText((String) next);
        }
      }
      missed = drainers.addAndGet(-missed);
    } while (missed != 0);
  }

  private void sendText(String frame) {
    try {
      remote.sendText(frame, textSent);
    } catch (RuntimeException e) {
      textSent(new SendResult(e));
    }
  }

  private void textSent(SendResult result) {
    pending.decrementAndGet();
    if (result.isOK()) {
      written.incrementAndGet();
    } else {
      Binding.LOG.log(Level.DEBUG, "wshub: a write failed; closing the connection", result.getException());
      if (closing == null) {
        closing = new CloseReason(CloseReason.CloseCodes.UNEXPECTED_CONDITION, "write failed");
      }
    }
    inFlight = false;
    drain();
  }

  private void sendPing() {
    try {
      remote.sendPing(NO_DATA.duplicate());
    } catch (IOException | RuntimeException e) {
      Binding.LOG.log(Level.DEBUG, "wshub: a ping failed", e);
    }
    inFlight = false;
    drain();
  }

  /**
   * The close behind a write that never finished. Tomcat then blocks for its blocking-send timeout
   * (20 s by default) before it drops the connection: on a thread of its own, so that the shared
   * threads keep pinging and closing everyone else.
   */
  private void forceClose() {
    if (!closeDone.get()) {
      Thread thread = new Thread(this::closeNow, "wshub-jakarta-close");
      thread.setDaemon(true);
      thread.start();
    }
  }

  private void closeNow() {
    if (!closeDone.compareAndSet(false, true)) {
      return;
    }
    try {
      session.close(closing);
    } catch (IOException | RuntimeException e) {
      Binding.LOG.log(Level.DEBUG, "wshub: closing a session failed", e);
    }
    cancelForcedClose();
  }
}

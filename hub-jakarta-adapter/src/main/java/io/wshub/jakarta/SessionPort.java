package io.wshub.jakarta;

import io.wshub.core.ClientPort;
import io.wshub.core.CloseCodes;
import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The hub's way out to one JSR-356 session: a bounded queue drained with exactly one write in
 * flight at a time, text, ping and close alike, so the container never sees two at once (which
 * Tomcat and Jetty refuse with "TEXT_FULL_WRITING"), and a ping never waits behind a blocked
 * text write on the hub's thread.
 *
 * <p>{@link #send} only queues; {@link #flush}, at the end of the hub's burst, starts the writes.
 * One queued text goes out with {@link RemoteEndpoint.Async#sendText(String, SendHandler)} from
 * whichever thread drains (the hub's, or the container's after the previous write completed).
 * Two or more go out as one batch where the container supports batching (Tomcat and Jetty do,
 * Tyrus does not): each is added to the container's batch and one flush writes them all, usually
 * in one system call. That flush, pings and the close may block, so they run on the
 * {@link WriterThreads}.
 */
final class SessionPort implements ClientPort {

  /** Tomcat's per-session bound on blocking writes (its default is 20 s). */
  private static final String TOMCAT_BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";
  /** Texts per batch, at most: a batch is written as one unit, so keep it short. */
  static final int MAX_BATCH = 64;
  private static final Object PING = new Object();
  private static final ByteBuffer NO_DATA = ByteBuffer.allocate(0);

  private final Session session;
  private final RemoteEndpoint.Async remote;
  /** {@link io.wshub.core.HubConfig#outboundQueueBytes()}: the characters {@link #queue} may hold. */
  private final int capacity;
  private final long writeTimeoutMillis;
  private final ScheduledExecutorService timer;
  private final Executor writers;
  private final boolean batching;

  /** Frames ({@link String}) and pings ({@link #PING}) waiting for their turn. */
  private final Queue<Object> queue = new ConcurrentLinkedQueue<>();
  /** The texts in {@link #queue}. */
  private final AtomicInteger queuedTexts = new AtomicInteger();
  /** Their characters: what the bound counts. */
  private final AtomicLong queuedChars = new AtomicLong();
  /** Texts queued or being written: what the hub's write timeout watches. */
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicLong written = new AtomicLong();
  /** The hub's callback for the ping waiting in {@link #queue} or being written; null when none waits. */
  private final AtomicReference<Runnable> pingWaiting = new AtomicReference<>();
  /** The callback of the ping a writer thread is sending. */
  private volatile Runnable pingSending;
  /** Who drains: the first to increment it from 0, until it is back at 0 (no locks, no recursion). */
  private final AtomicInteger drainers = new AtomicInteger();
  private volatile boolean inFlight;
  private volatile CloseReason closing;
  private boolean closeStarted; // by the drainer only
  private final AtomicBoolean closeDone = new AtomicBoolean();
  private volatile ScheduledFuture<?> forcedClose;

  /** The batch being written; owned by whoever holds the write in flight. */
  private final List<String> batch = new ArrayList<>();
  private int batchNext;
  /** Who finished a batched send second, the sender or its handler: that one goes on. */
  private final AtomicInteger batchTurn = new AtomicInteger();

  private final SendHandler textSent = this::textSent;
  private final SendHandler batchedTextSent = this::batchedTextSent;
  private final Runnable writeBatch = this::writeBatch;
  private final Runnable continueBatch = this::continueBatch;
  private final Runnable sendPing = this::sendPing;

  SessionPort(Session session, int capacity, Duration writeTimeout, ScheduledExecutorService timer,
      Executor writers) {
    this.session = session;
    this.remote = session.getAsyncRemote();
    this.capacity = capacity;
    this.writeTimeoutMillis = Math.max(1, writeTimeout.toMillis());
    this.timer = timer;
    this.writers = writers;
    // A blocked flush, ping or close holds a writer thread: bound it. The hub's write timeout
    // closes the connection first; these are the backstop, after the forced close had its turn.
    long backstop = 2 * writeTimeoutMillis + 1_000;
    remote.setSendTimeout(backstop);
    session.getUserProperties().put(TOMCAT_BLOCKING_SEND_TIMEOUT, backstop);
    this.batching = supportsBatching(remote);
  }

  private static boolean supportsBatching(RemoteEndpoint.Async remote) {
    try {
      remote.setBatchingAllowed(true);
      boolean supported = remote.getBatchingAllowed();
      remote.setBatchingAllowed(false);
      return supported;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  @Override
  public boolean send(String frame) {
    if (closing != null) {
      return false;
    }
    int size = frame.length();
    if (queuedChars.addAndGet(size) > capacity) {
      queuedChars.addAndGet(-size);
      return false;
    }
    pending.incrementAndGet();
    queue.add(frame);
    queuedTexts.incrementAndGet();
    return true;
  }

  @Override
  public boolean isOpen() {
    return closing == null;
  }

  @Override
  public void flush() {
    drain();
  }

  @Override
  public void ping() {
    ping(() -> {});
  }

  /**
   * Queues a ping behind the texts queued before it; {@code written} runs once the container's
   * {@code sendPing} returned, on the writer thread that sent it. A ping that waits (behind a
   * write the client does not read, behind other connections' work on the writer threads) thus
   * starts the client's answer window only when it goes out.
   */
  @Override
  public void ping(Runnable written) {
    // One ping waiting is enough; a full queue means the write timeout will decide.
    if (closing == null && pingWaiting.compareAndSet(null, written)) {
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
    if (code == CloseCodes.TRY_AGAIN_LATER) {
      // A slow consumer is not reading: what it was sent goes with it, and the close goes out next.
      // Any other close writes the queue first, so that its receipts hold.
      for (Object item; (item = queue.poll()) != null; ) {
        if (item != PING) {
          taken((String) item);
          pending.decrementAndGet();
        }
      }
    }
    drain();
    // A client that stopped reading may never let the write in flight finish: then close anyway
    // after the write timeout, and the container drops the connection.
    if (!closeDone.get()) {
      forcedClose = timer.schedule(this::forceClose, writeTimeoutMillis, TimeUnit.MILLISECONDS);
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
    queuedTexts.set(0);
    queuedChars.set(0);
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
        Object next = queue.poll();
        if (next == PING && closing != null) {
          continue; // no pings on the way out
        }
        if (next == null) {
          if (closing != null && !closeStarted) {
            closeStarted = true; // after the last text: the close frame follows what was sent before it
            inFlight = true;
            writers.execute(this::closeNow);
          }
          break;
        }
        inFlight = true;
        if (next == PING) {
          pingSending = pingWaiting.getAndSet(null);
          writers.execute(sendPing);
        } else {
          boolean more = taken((String) next) > 0;
          if (batching && more) {
            takeBatch((String) next);
            writers.execute(writeBatch);
          } else {
            sendText((String) next);
          }
        }
      }
      missed = drainers.addAndGet(-missed);
    } while (missed != 0);
  }

  /** The first text and the ones queued right behind it, up to a ping or {@link #MAX_BATCH}. */
  private void takeBatch(String first) {
    batch.clear();
    batchNext = 0;
    batch.add(first);
    for (Object more; batch.size() < MAX_BATCH && (more = queue.peek()) != null && more != PING; ) {
      queue.poll();
      taken((String) more);
      batch.add((String) more);
    }
  }

  /** A text left the queue for the container: it no longer counts against the bound. Returns the texts left. */
  private int taken(String frame) {
    queuedChars.addAndGet(-frame.length());
    return queuedTexts.decrementAndGet();
  }

  private void sendText(String frame) {
    try {
      remote.sendText(frame, textSent);
    } catch (RuntimeException e) {
      textSent(new SendResult(e));
    }
  }

  private void textSent(SendResult result) {
    counted(result);
    inFlight = false;
    drain();
  }

  private void counted(SendResult result) {
    pending.decrementAndGet();
    if (result.isOK()) {
      written.incrementAndGet();
    } else {
      Binding.LOG.log(Level.DEBUG, "wshub: a write failed; closing the connection", result.getException());
      if (closing == null) {
        closing = new CloseReason(CloseReason.CloseCodes.UNEXPECTED_CONDITION, "write failed");
      }
    }
  }

  /** On a writer thread: batching on, the batch's texts one at a time, then a flush and batching off. */
  private void writeBatch() {
    try {
      remote.setBatchingAllowed(true);
    } catch (IOException | RuntimeException e) {
      batchFailed(e);
      return;
    }
    continueBatch();
  }

  private void continueBatch() {
    while (batchNext < batch.size()) {
      String frame = batch.get(batchNext++);
      batchTurn.set(0);
      try {
        remote.sendText(frame, batchedTextSent);
      } catch (RuntimeException e) {
        batchedTextSent(new SendResult(e));
      }
      if (batchTurn.getAndIncrement() == 0) {
        // Not sent yet. Tomcat and Jetty are writing a full batch and will call back; Undertow
        // calls back only once the batch is flushed. A flush serves both (Tomcat and Jetty queue
        // it behind the write in progress); the handler goes on either way.
        try {
          remote.flushBatch();
        } catch (IOException | RuntimeException e) {
          Binding.LOG.log(Level.DEBUG, "wshub: flushing a batch failed", e);
        }
        return;
      }
    }
    try {
      // JSR-356 has setBatchingAllowed(false) flush what is batched, but Undertow only clears the
      // flag: flush explicitly first (a blocking write of the batch), then leave batching mode.
      remote.flushBatch();
      remote.setBatchingAllowed(false);
    } catch (IOException | RuntimeException e) {
      batchFailed(e);
      return;
    }
    inFlight = false;
    drain();
  }

  private void batchedTextSent(SendResult result) {
    counted(result);
    if (batchTurn.getAndIncrement() != 0) {
      // Completed later, on the container's thread: the rest may block, so not there.
      writers.execute(continueBatch);
    }
  }

  private void batchFailed(Exception e) {
    Binding.LOG.log(Level.DEBUG, "wshub: a batched write failed; closing the connection", e);
    if (closing == null) {
      closing = new CloseReason(CloseReason.CloseCodes.UNEXPECTED_CONDITION, "write failed");
    }
    pending.addAndGet(batchNext - batch.size()); // the texts not handed over
    batch.clear();
    inFlight = false;
    drain();
  }

  private void sendPing() {
    Runnable written = pingSending;
    pingSending = null;
    try {
      remote.sendPing(NO_DATA.duplicate());
      if (written != null) {
        written.run(); // the hub counts the client's answer window from now
      }
    } catch (IOException | RuntimeException e) {
      // Not written: the hub's write timeout decides, as for a text that cannot be written.
      Binding.LOG.log(Level.DEBUG, "wshub: a ping failed", e);
    }
    inFlight = false;
    drain();
  }

  /**
   * The close behind a write that never finished. Tomcat then blocks for its blocking-send timeout
   * before it drops the connection: on a thread of its own, so that the shared threads keep
   * pinging and closing everyone else.
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

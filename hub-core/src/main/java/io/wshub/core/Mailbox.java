package io.wshub.core;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A many-producer, one-consumer mailbox that runs its handler on an executor, one command at a
 * time and in arrival order. Whoever flips {@code scheduled} from false to true owns the drain
 * until it flips it back, so commands never run concurrently, whatever the executor; with a
 * direct executor they run on the caller's thread, and a command told during a drain is run
 * by that same drain.
 *
 * <p>The commands run in bursts: {@code endOfBurst} runs, in the drain, whenever the queue is
 * found empty and after every {@value #BURST} commands, so work batched across a burst (the hub's
 * flushes) waits for neither an idle mailbox nor more than a bounded number of commands.
 *
 * <p>Frames from clients are bounded: once {@code frameCapacity} of them wait, {@link #tellFrame}
 * closes a gate and its callers (transports' reading threads) wait until the drain has worked the
 * backlog down to half of that; then the gate opens for all of them at once. Readers that arrive
 * while it is closed wait too, so nobody overtakes a waiting reader and each waits one round at
 * most (a gate that let newcomers through whenever there was room starved some readers for
 * seconds). A container whose reading thread waits stops reading that connection, so a flood
 * pushes back on the clients that send it instead of growing the hub's memory. Every other
 * command (connects, closes, the application's calls, the hub's own timers) is never made to
 * wait, and the thread that drains never waits on itself.
 *
 * <p>The hub's own timers (its heartbeat sweep, its shutdown deadline) are {@linkplain #tellUrgent
 * urgent}: they go before whatever waits, at the next burst's start, so a backlog of frames cannot
 * delay the pings everybody's liveness depends on. On a {@link Yielding} executor (the hub's own
 * thread, which also runs those timers) a drain that never finds the queue empty gives the thread
 * back after {@value #YIELD_BURSTS} bursts and goes on behind whatever became due meanwhile.
 */
final class Mailbox<T> {

  private static final System.Logger LOG = System.getLogger(Hub.class.getName());

  static final int BURST = 256;
  /** Bursts a drain runs on a {@link Yielding} executor before it lets the executor's timers run. */
  static final int YIELD_BURSTS = 16;

  /**
   * An executor whose thread a drain may give back, by executing itself again, without recursing:
   * one that queues the task, never one that runs it on the caller's thread.
   */
  interface Yielding extends Executor {}
  /** How long a waiting reader sleeps between looks, in case a wake-up was missed. */
  private static final long RECHECK_MILLIS = 50;

  private final Queue<T> queue = new ConcurrentLinkedQueue<>();
  private final Queue<T> urgent = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final Executor executor;
  private final Consumer<T> handler;
  private final Runnable endOfBurst;
  private final Runnable drain = this::drain;

  private final int frameCapacity;
  /** Frames told and not yet handled. */
  private final AtomicInteger frames = new AtomicInteger();
  private final Object room = new Object();
  /** Closed from the moment the backlog is full until it is down to half. */
  private volatile boolean gateClosed;
  /** How many times the gate opened; a waiter goes on once it changes. Guarded by {@link #room}. */
  private long openings;
  /** The thread draining now, or null: it must never wait for room it alone can make. */
  private volatile Thread drainer;

  Mailbox(Executor executor, Consumer<T> handler, Runnable endOfBurst, int frameCapacity) {
    this.executor = executor;
    this.handler = handler;
    this.endOfBurst = endOfBurst;
    this.frameCapacity = frameCapacity;
  }

  void tell(T command) {
    queue.offer(command);
    schedule();
  }

  /** Tells a command that goes before every command waiting: the hub's own timers. */
  void tellUrgent(T command) {
    urgent.offer(command);
    schedule();
  }

  private void schedule() {
    if (scheduled.compareAndSet(false, true)) {
      try {
        executor.execute(drain);
      } catch (RejectedExecutionException stopped) {
        // The hub's own thread is gone (after shutdown): we hold the drain, so run it here.
        drain();
      }
    }
  }

  /**
   * Tells a command that carries a client's frame; the handler must call {@link #frameHandled()}
   * for it. Waits while the mailbox holds {@code frameCapacity} frames, unless called by the drain.
   */
  void tellFrame(T command) {
    if ((frames.incrementAndGet() > frameCapacity || gateClosed) && Thread.currentThread() != drainer) {
      awaitRoom();
    }
    tell(command);
  }

  /** How many frames wait to be handled now. */
  int framesWaiting() {
    return Math.max(0, frames.get());
  }

  /** A frame told with {@link #tellFrame} has been handled: opens the gate once the backlog is down to half. */
  void frameHandled() {
    if (frames.decrementAndGet() <= frameCapacity / 2 && gateClosed) {
      synchronized (room) {
        open();
      }
    }
  }

  private void awaitRoom() {
    synchronized (room) {
      gateClosed = true;
      long round = openings;
      try {
        while (openings == round) {
          if (frames.get() <= frameCapacity / 2) {
            open(); // the drain got there before the gate closed: nobody else will open it
          } else {
            room.wait(RECHECK_MILLIS);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // the frame still goes in: the caller decides what an interrupt means
      }
    }
  }

  /** Under {@link #room}: lets every waiting reader go on. */
  private void open() {
    if (gateClosed) {
      gateClosed = false;
      openings++;
      room.notifyAll();
    }
  }

  private void drain() {
    Thread self = Thread.currentThread();
    boolean yielding = executor instanceof Yielding;
    do {
      drainer = self;
      int inBurst = 0;
      int bursts = 0;
      T command;
      runUrgent();
      while ((command = queue.poll()) != null) {
        run(command);
        if (++inBurst == BURST) {
          endBurst();
          inBurst = 0;
          if (yielding && ++bursts == YIELD_BURSTS && yieldThread()) {
            return;
          }
          runUrgent();
        }
      }
      endBurst();
      drainer = null;
      scheduled.set(false);
    } while (!(queue.isEmpty() && urgent.isEmpty()) && scheduled.compareAndSet(false, true));
  }

  private void runUrgent() {
    for (T command; (command = urgent.poll()) != null; ) {
      run(command);
    }
  }

  /** Still holding the drain, gives the thread back: the drain goes on as the executor's next task. */
  private boolean yieldThread() {
    drainer = null;
    try {
      executor.execute(drain);
      return true;
    } catch (RejectedExecutionException stopped) {
      return false; // the hub's thread is stopping: finish here
    }
  }

  private void run(T command) {
    try {
      handler.accept(command);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "wshub: command " + command + " failed", e);
    }
  }

  private void endBurst() {
    try {
      endOfBurst.run();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "wshub: the end of a burst failed", e);
    }
  }
}

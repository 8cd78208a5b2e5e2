package io.wshub.jakarta;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The threads for the writes JSR-356 offers only as blocking calls: batched flushes, pings and
 * closes. They block only while a client's socket is full, so two threads do the work while
 * writes complete. When neither has finished a task for a tick while work waits (each is stuck
 * behind a client that stopped reading), one more thread starts, up to {@link #MAX_THREADS}: a
 * stalled client holds one thread until its write times out, never everyone else's writes.
 * Threads die after a second idle, so an undeployed application leaves none behind for long.
 */
final class WriterThreads implements Executor {

  static final int CORE_THREADS = 2;
  static final int MAX_THREADS = 256;
  private static final long TICK_MILLIS = 10;

  private final ThreadPoolExecutor pool;
  private final ScheduledExecutorService timer;
  private final AtomicBoolean watching = new AtomicBoolean();
  private final Runnable watch = this::watch;
  private long completedAtLastTick = -1; // by the watch only

  WriterThreads(ScheduledExecutorService timer) {
    this.timer = timer;
    this.pool = new ThreadPoolExecutor(CORE_THREADS, MAX_THREADS, 1, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), task -> {
          Thread thread = new Thread(task, "wshub-jakarta-write");
          thread.setDaemon(true);
          thread.setUncaughtExceptionHandler((t, e) -> Binding.LOG.log(Level.WARNING, "wshub: unexpected error", e));
          return thread;
        });
    pool.allowCoreThreadTimeOut(true);
    // Once shut down (its application stopped), writes are dropped: the container closes the sessions.
    pool.setRejectedExecutionHandler(new ThreadPoolExecutor.DiscardPolicy());
  }

  /**
   * Lets the tasks already handed over finish for up to {@code patience}, then interrupts them;
   * later tasks are dropped.
   */
  void shutdown(Duration patience) {
    pool.shutdown();
    try {
      if (!pool.awaitTermination(patience.toMillis(), TimeUnit.MILLISECONDS)) {
        pool.shutdownNow();
      }
    } catch (InterruptedException e) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void execute(Runnable task) {
    pool.execute(task);
    if (watching.compareAndSet(false, true)) {
      timer.schedule(watch, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  /** How many threads there are now: for tests and diagnostics. */
  int threads() {
    return pool.getPoolSize();
  }

  /** Each tick while there is work: add a thread if all are stuck, give it back once they are not. */
  private void watch() {
    long completed = pool.getCompletedTaskCount();
    boolean waiting = !pool.getQueue().isEmpty();
    int core = pool.getCorePoolSize();
    if (waiting && completed == completedAtLastTick && core < MAX_THREADS) {
      pool.setCorePoolSize(core + 1); // starts a thread for the waiting work
    } else if (!waiting && core > CORE_THREADS) {
      pool.setCorePoolSize(core - 1); // the extra thread dies once idle
    }
    completedAtLastTick = completed;
    if (waiting || pool.getActiveCount() > 0 || pool.getCorePoolSize() > CORE_THREADS) {
      timer.schedule(watch, TICK_MILLIS, TimeUnit.MILLISECONDS);
      return;
    }
    watching.set(false);
    // Work that arrived after the check above, but before the flag fell, still gets watched.
    if (!pool.getQueue().isEmpty() && watching.compareAndSet(false, true)) {
      timer.schedule(watch, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }
  }
}

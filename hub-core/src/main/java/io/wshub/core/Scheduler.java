package io.wshub.core;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task after a delay: the hub's heartbeat sweep and shutdown deadline. The test kit
 * replaces it with virtual time.
 */
@FunctionalInterface
public interface Scheduler {

  /**
   * Schedules {@code task} to run once after {@code delay}. The task only hands a command to the
   * hub's mailbox, so any thread may run it.
   *
   * @param delay how long to wait
   * @param task what to run
   * @return a handle that cancels the task
   */
  Cancellable schedule(Duration delay, Runnable task);

  /** A scheduled task that has not run yet can be cancelled. */
  @FunctionalInterface
  interface Cancellable {
    /** Cancels the task if it has not run; harmless otherwise. */
    void cancel();
  }

  /**
   * A scheduler over an executor service; the caller keeps ownership of {@code executor}.
   *
   * @param executor the executor service to schedule on
   * @return the scheduler
   */
  static Scheduler of(ScheduledExecutorService executor) {
    return (delay, task) -> {
      ScheduledFuture<?> future = executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
      return () -> future.cancel(false);
    };
  }
}

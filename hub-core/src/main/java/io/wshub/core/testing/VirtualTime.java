package io.wshub.core.testing;

import io.wshub.core.Scheduler;
import io.wshub.core.Ticker;
import java.time.Duration;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * A clock and a scheduler that move only when a test says so. {@link #advance} runs every task
 * that falls due, in due order, each seeing the time it was due at.
 *
 * <p>Thread-safe; tasks run on the thread that calls {@link #advance}.
 */
public final class VirtualTime implements Ticker, Scheduler {

  private final PriorityQueue<Task> tasks = new PriorityQueue<>();
  private long now;
  private long scheduled;

  /** Virtual time starting at 0. */
  public VirtualTime() {}

  @Override
  public synchronized long nanos() {
    return now;
  }

  /**
   * How far time has been advanced since this clock was made.
   *
   * @return the elapsed virtual time
   */
  public synchronized Duration elapsed() {
    return Duration.ofNanos(now);
  }

  @Override
  public synchronized Cancellable schedule(Duration delay, Runnable task) {
    Task entry = new Task(now + Math.max(0, delay.toNanos()), scheduled++, Objects.requireNonNull(task, "task"));
    tasks.add(entry);
    return () -> {
      synchronized (VirtualTime.this) {
        tasks.remove(entry);
      }
    };
  }

  /**
   * Moves time forward, running the tasks that fall due on the way.
   *
   * @param duration how far; not negative
   */
  public void advance(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("virtual time only moves forward, got " + duration);
    }
    long target;
    synchronized (this) {
      target = now + duration.toNanos();
    }
    while (true) {
      Task due;
      synchronized (this) {
        due = tasks.peek();
        if (due == null || due.at > target) {
          now = target;
          return;
        }
        tasks.poll();
        now = due.at;
      }
      due.task.run();
    }
  }

  private record Task(long at, long order, Runnable task) implements Comparable<Task> {
    @Override
    public int compareTo(Task other) {
      int byTime = Long.compare(at, other.at);
      return byTime != 0 ? byTime : Long.compare(order, other.order);
    }
  }
}

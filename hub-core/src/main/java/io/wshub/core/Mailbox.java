package io.wshub.core;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
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
 */
final class Mailbox<T> {

  private static final System.Logger LOG = System.getLogger(Hub.class.getName());

  static final int BURST = 256;

  private final Queue<T> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final Executor executor;
  private final Consumer<T> handler;
  private final Runnable endOfBurst;
  private final Runnable drain = this::drain;

  Mailbox(Executor executor, Consumer<T> handler, Runnable endOfBurst) {
    this.executor = executor;
    this.handler = handler;
    this.endOfBurst = endOfBurst;
  }

  void tell(T command) {
    queue.offer(command);
    if (scheduled.compareAndSet(false, true)) {
      try {
        executor.execute(drain);
      } catch (RejectedExecutionException stopped) {
        // The hub's own thread is gone (after shutdown): we hold the drain, so run it here.
        drain();
      }
    }
  }

  private void drain() {
    do {
      int inBurst = 0;
      T command;
      while ((command = queue.poll()) != null) {
        run(command);
        if (++inBurst == BURST) {
          endBurst();
          inBurst = 0;
        }
      }
      endBurst();
      scheduled.set(false);
    } while (!queue.isEmpty() && scheduled.compareAndSet(false, true));
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

package io.wshub.core;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The hub's thread, made to run one drain per permit: a hub that falls behind on demand, or whose
 * commands pile up until a test lets them run as one burst.
 */
final class HeldBackExecutor implements Executor {

  final Semaphore permits = new Semaphore(0);
  final ExecutorService thread = Executors.newSingleThreadExecutor();

  /**
   * Lets the one drain waiting for a permit run, and returns once it has: from then on the hub is
   * held again. Call it only when a drain waits (a command was told since the last one ran), and
   * with a scheduler that gives the hub no timers meanwhile (virtual time).
   */
  void runOneDrain() throws Exception {
    permits.release();
    thread.submit(() -> {}).get(10, TimeUnit.SECONDS); // runs after that drain, on the same thread
  }

  @Override
  public void execute(Runnable drain) {
    thread.execute(() -> {
      permits.acquireUninterruptibly();
      drain.run();
    });
  }
}

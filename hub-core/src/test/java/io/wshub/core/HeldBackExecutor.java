package io.wshub.core;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * The hub's thread, made to run one drain per permit: a hub that falls behind on demand, or whose
 * commands pile up until a test lets them run as one burst.
 */
final class HeldBackExecutor implements Executor {

  final Semaphore permits = new Semaphore(0);
  final ExecutorService thread = Executors.newSingleThreadExecutor();

  @Override
  public void execute(Runnable drain) {
    thread.execute(() -> {
      permits.acquireUninterruptibly();
      drain.run();
    });
  }
}

package io.wshub.benchmarks.load;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * What every scenario runs with: the client stack, the options, the server's probe (or null; a
 * cluster's nodes together), the probe of the Redis a cluster shares (or null).
 */
record Setup(WsTransport transport, Options options, ProcessProbe server, ProcessProbe redis, AtomicLong nextId) {

  /**
   * Connects {@code size} clients, ids never used before in this run (a leftover connection of
   * an earlier scenario would otherwise be replaced, and its close counted), and waits until the
   * server routes to all of them.
   */
  Fleet fleet(int size) throws InterruptedException {
    Fleet fleet = Fleet.connect(transport, options.urls(), nextId.getAndAdd(size), size, options.connectTimeout());
    try {
      fleet.awaitOnline(options.connectTimeout());
      return fleet;
    } catch (RuntimeException | InterruptedException e) {
      fleet.close();
      throw e;
    }
  }

  /**
   * Polls {@code condition} until it holds or {@code timeout} passes; true if it held. For what
   * happens in another process (the server draining, its memory settling), nothing to wait on.
   */
  static boolean awaitCondition(BooleanSupplier condition, Duration timeout, Duration every) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline >= 0) {
        return false;
      }
      LockSupport.parkNanos(every.toNanos());
    }
    return true;
  }

  /** Lets time pass until {@code deadlineNanos} (a {@code System.nanoTime} value): the load runs meanwhile. */
  static void pauseUntil(long deadlineNanos) {
    for (long left; (left = deadlineNanos - System.nanoTime()) > 0; ) {
      LockSupport.parkNanos(left);
    }
  }
}

package io.wshub.jakarta;

import io.wshub.core.Hub;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One hub served at one path, and what its connections share: the handshake settings, a timer,
 * and the threads for the calls that may block (batched flushes, pings and closes; JSR-356 offers
 * them only as blocking calls), so that they never run on the hub's thread.
 */
final class Binding<Id> {

  static final System.Logger LOG = System.getLogger("io.wshub.jakarta");

  final Hub<Id> hub;
  final String path;
  final Authenticator<Id> authenticator;
  /** Lower-case origins; empty accepts all. */
  final Set<String> origins;
  /** One thread, for timeouts; it dies when idle, so an undeployed application leaves none behind. */
  final ScheduledExecutorService timer;
  final WriterThreads writers;

  Binding(Hub<Id> hub, String path, Authenticator<Id> authenticator, Set<String> origins) {
    this.hub = hub;
    this.path = path;
    this.authenticator = authenticator;
    this.origins = origins;
    ScheduledThreadPoolExecutor threads = new ScheduledThreadPoolExecutor(1, task -> {
      Thread thread = new Thread(task, "wshub-jakarta-timer");
      thread.setDaemon(true);
      thread.setUncaughtExceptionHandler((t, e) -> LOG.log(Level.WARNING, "wshub: unexpected error", e));
      return thread;
    });
    threads.setKeepAliveTime(10, TimeUnit.SECONDS);
    threads.allowCoreThreadTimeOut(true);
    threads.setRemoveOnCancelPolicy(true);
    // Once closed (its application stopped), timeouts are not scheduled: the container closes the sessions.
    threads.setRejectedExecutionHandler(new ThreadPoolExecutor.DiscardPolicy());
    this.timer = threads;
    this.writers = new WriterThreads(threads);
  }

  /**
   * Stops this binding's threads, for an application that stops: the writes already handed over
   * (the hub's closes among them) are given a moment to finish, and later ones are dropped. The hub
   * is the caller's to shut down first.
   */
  void close() {
    writers.shutdown(Duration.ofSeconds(1));
    timer.shutdownNow();
  }
}

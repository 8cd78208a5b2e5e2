package io.wshub.jakarta;

import io.wshub.core.Hub;
import java.lang.System.Logger.Level;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One hub served at one path, and what its connections share: the handshake settings, and the
 * threads for the few calls that may block (pings and closes; JSR-356 containers such as Tomcat
 * implement them with blocking writes), so that they never run on the hub's thread.
 */
final class Binding<Id> {

  static final System.Logger LOG = System.getLogger("io.wshub.jakarta");

  final Hub<Id> hub;
  final String path;
  final Authenticator<Id> authenticator;
  /** Lower-case origins; empty accepts all. */
  final Set<String> origins;
  /** Threads that die when idle, so an undeployed application leaves none behind for long. */
  final ScheduledExecutorService blocking;

  Binding(Hub<Id> hub, String path, Authenticator<Id> authenticator, Set<String> origins) {
    this.hub = hub;
    this.path = path;
    this.authenticator = authenticator;
    this.origins = origins;
    ScheduledThreadPoolExecutor threads = new ScheduledThreadPoolExecutor(2, task -> {
      Thread thread = new Thread(task, "wshub-jakarta-io");
      thread.setDaemon(true);
      thread.setUncaughtExceptionHandler((t, e) -> LOG.log(Level.WARNING, "wshub: unexpected error", e));
      return thread;
    });
    threads.setKeepAliveTime(10, TimeUnit.SECONDS);
    threads.allowCoreThreadTimeOut(true);
    threads.setRemoveOnCancelPolicy(true);
    this.blocking = threads;
  }
}

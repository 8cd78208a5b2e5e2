package io.wshub.benchmarks.load;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What overload watches besides its messages, from the moment it starts sending: the server's
 * resident memory each second, one fresh connection every 2 s (does the server still accept,
 * and how fast), and the pings of a client that never sends (does the heartbeat go on while
 * the server is swamped). A server that queues without bound shows in the first; one whose
 * accept loop or timer starves, in the others.
 */
final class OverloadWatch implements AutoCloseable {

  private static final long SAMPLE_EVERY_MS = 1000;
  private static final long CONNECT_EVERY_MS = 2000;

  private final Setup setup;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "overload-watch");
    thread.setDaemon(true);
    return thread;
  });
  // Written by the timer and the I/O threads, read once the watch has stopped.
  private final ConcurrentLinkedQueue<Result.Sample> rss = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Connect> connects = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Double> pings = new ConcurrentLinkedQueue<>();
  private final AtomicInteger idleClosedWith = new AtomicInteger();
  private volatile long startNanos;
  private volatile String rssGone;
  private WsConnection idle;

  /** One fresh connect, {@code seconds} into the run: its time to the upgrade, once it completed. */
  private static final class Connect {
    final double seconds;
    final long startNanos = System.nanoTime();
    final CompletableFuture<WsConnection> future;
    volatile double millis = Double.NaN;

    Connect(double seconds, CompletableFuture<WsConnection> future) {
      this.seconds = seconds;
      this.future = future.whenComplete((connection, error) -> {
        if (error == null) {
          millis = (System.nanoTime() - startNanos) / 1e6;
        }
      });
    }
  }

  private OverloadWatch(Setup setup) {
    this.setup = setup;
  }

  /**
   * Connects the idle client (it must be up before the load starts, or its pings would say
   * nothing), then starts the clock, the samples and the fresh connects.
   */
  static OverloadWatch start(Setup setup) throws InterruptedException {
    OverloadWatch watch = new OverloadWatch(setup);
    WsListener listener = new WsListener() {
      @Override
      public void onText(WsConnection connection, String text) {}

      @Override
      public void onClose(WsConnection connection, int code) {
        watch.idleClosedWith.set(code);
      }

      @Override
      public void onPing(WsConnection connection) {
        if (watch.startNanos != 0) {
          watch.pings.add(watch.secondsNow());
        }
      }
    };
    try {
      watch.idle = setup.transport().connect(freshUri(setup), listener)
          .get(setup.options().connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("the idle probe client could not connect: " + e, e);
    }
    watch.startNanos = System.nanoTime();
    ProcessProbe server = setup.server();
    if (server != null) {
      watch.timer.scheduleAtFixedRate(() -> watch.sample(server), 0, SAMPLE_EVERY_MS, TimeUnit.MILLISECONDS);
    }
    watch.timer.scheduleAtFixedRate(watch::connectOne, 0, CONNECT_EVERY_MS, TimeUnit.MILLISECONDS);
    return watch;
  }

  /** A {@code System.nanoTime} value: when the watch started, the run's time zero. */
  long startNanos() {
    return startNanos;
  }

  private double secondsNow() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static URI freshUri(Setup setup) {
    return URI.create(setup.options().url() + setup.nextId().getAndIncrement());
  }

  private void sample(ProcessProbe server) {
    if (rssGone != null) {
      return;
    }
    try {
      rss.add(new Result.Sample(secondsNow(), server.rssKb()));
    } catch (RuntimeException e) {
      rssGone = String.format(Locale.ROOT, "server memory unreadable from %.0f s (%s)", secondsNow(), e.getMessage());
    }
  }

  private void connectOne() {
    WsListener quiet = new WsListener() {
      @Override
      public void onText(WsConnection connection, String text) {}

      @Override
      public void onClose(WsConnection connection, int code) {}
    };
    connects.add(new Connect(secondsNow(), setup.transport().connect(freshUri(setup), quiet)));
  }

  /** Stops sampling and connecting; what was seen stays readable. */
  void stop() throws InterruptedException {
    timer.shutdownNow();
    timer.awaitTermination(5, TimeUnit.SECONDS);
  }

  List<Result.Sample> rss() {
    return List.copyOf(rss);
  }

  /** Notes about the watch itself: memory it could not read, an idle client the server closed. */
  List<String> notes() {
    List<String> notes = new ArrayList<>();
    if (rssGone != null) {
      notes.add(rssGone);
    }
    if (idleClosedWith.get() != 0) {
      notes.add("the idle probe client was closed by the server (code " + idleClosedWith.get() + ")");
    }
    return notes;
  }

  /** "10 of 10 connected, median 2.1 ms, max 35.0 ms (0 s: 1.2 ms, ...)": how the fresh connects went. */
  String connectsFigure() {
    List<Double> done = new ArrayList<>();
    StringBuilder each = new StringBuilder();
    for (Connect connect : connects) {
      each.append(each.length() == 0 ? "" : ", ")
          .append(String.format(Locale.ROOT, "%.0f s: %s", connect.seconds,
              Double.isNaN(connect.millis) ? (connect.future.isDone() ? "failed" : "not up") : millis(connect.millis)));
      if (!Double.isNaN(connect.millis)) {
        done.add(connect.millis);
      }
    }
    if (connects.isEmpty()) {
      return "none tried";
    }
    done.sort(null);
    String summary = done.size() + " of " + connects.size() + " connected";
    if (!done.isEmpty()) {
      summary += ", median " + millis(done.get((done.size() - 1) / 2)) + ", max " + millis(done.get(done.size() - 1));
    }
    return summary + " (" + each + ")";
  }

  /** "2, at 9.0 18.0 s": the pings the idle client got, and when. */
  String pingsFigure() {
    if (pings.isEmpty()) {
      return "0";
    }
    StringBuilder at = new StringBuilder();
    for (double seconds : pings) {
      at.append(String.format(Locale.ROOT, " %.1f", seconds));
    }
    return pings.size() + ", at" + at + " s";
  }

  private static String millis(double millis) {
    return String.format(Locale.ROOT, "%.1f ms", millis);
  }

  /** Drops the idle client and the fresh ones. */
  @Override
  public void close() {
    timer.shutdownNow();
    idle.abort();
    for (Connect connect : connects) {
      connect.future.thenAccept(WsConnection::abort); // one still connecting is dropped once up
    }
  }
}

package io.wshub.benchmarks.load;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * N clients send 1:1 messages to random peers as fast as a window allows: each client keeps
 * at most {@code window} messages unreceipted, and sends the next one when a receipt comes
 * back. A closed loop, so it measures the server's throughput, not a rate we chose.
 */
final class P2pWindow {

  /** Deliveries/s this tool could ever see, to size the ledger of a run. */
  private static final long CEILING_PER_SECOND = 400_000;

  private P2pWindow() {}

  static Result run(Setup setup, int window) throws InterruptedException {
    Options options = setup.options();
    String load = String.format(Locale.ROOT, "%d clients, window %d, %d s", options.clients(), window,
        options.duration().toSeconds());
    try (Fleet fleet = setup.fleet(options.clients())) {
      if (!options.warmup().isZero()) {
        new P2pWindow.Phase(fleet, window, options.warmup()).run(options.drainTimeout());
      }
      CpuMeter cpu = new CpuMeter(setup);
      Phase measured = new Phase(fleet, window, options.duration());
      double seconds = measured.run(options.drainTimeout());
      cpu.stop();
      Ledger.Counts counts = measured.ledger.count();
      return new Result("p2p-window", load, counts.delivered(), seconds, measured.latencies.summarize(),
          counts.lost(), counts.notOnline(), cpu.serverSeconds(), cpu.toolSeconds(), Double.NaN,
          notes(fleet, counts, measured.settled)).with(cpu);
    }
  }

  /** Unrecorded windowed load on {@code fleet} for {@code duration}: a warm-up. */
  static void unrecorded(Fleet fleet, int window, Duration duration, Duration drain) {
    new Phase(fleet, window, duration).run(drain);
  }

  /** What a 1:1 run's row says besides its numbers. */
  static List<String> notes(Fleet fleet, Ledger.Counts counts, boolean settled) {
    List<String> notes = fleet.notes();
    if (!settled) {
      notes.add("did not settle within the drain time");
    }
    if (counts.unreceipted() > 0) {
      notes.add(counts.unreceipted() + " never receipted");
    }
    if (counts.deliveredNotOnline() > 0) {
      notes.add(counts.deliveredNotOnline() + " delivered although receipted \"not online\"");
    }
    if (counts.duplicates() > 0 || counts.strays() > 0) {
      notes.add(counts.duplicates() + " duplicates, " + counts.strays() + " strays");
    }
    return notes;
  }

  /** One timed stretch of windowed sending, with its own ledger. */
  private static final class Phase {
    final Fleet fleet;
    final int window;
    final long nanos;
    final Ledger ledger;
    final Latencies latencies;
    final Unreceipted unreceipted;
    volatile long stopAt;
    boolean settled;

    Phase(Fleet fleet, int window, Duration duration) {
      this.fleet = fleet;
      this.window = window;
      this.nanos = duration.toNanos();
      long capacity = Math.min(20_000_000L, CEILING_PER_SECOND * duration.toMillis() / 1000
          + (long) fleet.size() * window);
      this.ledger = new Ledger((int) capacity);
      this.latencies = new Latencies((int) Math.min(capacity, 4_000_000));
      this.unreceipted = new Unreceipted(fleet.size());
    }

    /** Runs the phase and drains it; the seconds from the first send to the end of the drain. */
    double run(Duration drain) {
      long start = System.nanoTime();
      stopAt = start + nanos;
      fleet.handler(this::onFrame);
      for (int w = 0; w < window; w++) {
        for (int peer = 0; peer < fleet.size(); peer++) {
          sendNext(peer);
        }
      }
      Setup.pauseUntil(stopAt);
      settled = Setup.awaitCondition(ledger::settled, drain, Duration.ofMillis(5));
      double seconds = (System.nanoTime() - start) / 1e9;
      fleet.handler((peer, frame) -> {});
      return seconds;
    }

    private void onFrame(int peer, String frame) {
      boolean receipt = P2pRate.onFrame(fleet, peer, frame, ledger, latencies, unreceipted);
      if (receipt && System.nanoTime() - stopAt < 0) {
        sendNext(peer);
      }
    }

    private void sendNext(int from) {
      int seq = ledger.send();
      if (seq < 0) {
        return; // the ledger is full: the run is bounded in count too
      }
      int to = fleet.receiver(from, ThreadLocalRandom.current());
      unreceipted.sent(from, seq, to);
      fleet.send(from, V1.send(fleet.id(to), V1.stamp(seq, System.nanoTime())));
    }
  }
}

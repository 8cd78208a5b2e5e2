package io.wshub.benchmarks.load;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAccumulator;

/**
 * 1:1 messages offered faster than a server is expected to carry them (twice the standard
 * p2p-rate, 40,000 msg/s, for 20 s), then up to {@link #DRAIN} for what is still on its way.
 * Overload itself is not the finding; what the server does under it is: does it ever say
 * "success send" for a message that never arrives, does its memory grow without bound, does it
 * still accept connections and ping its idle clients ({@link OverloadWatch})?
 *
 * <p>The schedule is open-loop, as in {@link P2pRate}, and ends on time: what the tool could not
 * send by the end of the duration is "offered" but not "sent", rather than sent late.
 */
final class Overload {

  static final Duration DRAIN = Duration.ofSeconds(10);
  private static final Duration LATE_AT_THE_END = Duration.ofMillis(100);

  private Overload() {}

  static Result run(Setup setup) throws InterruptedException {
    Options options = setup.options();
    int rate = options.overloadRate();
    Duration duration = options.overloadDuration();
    String load = String.format(Locale.ROOT, "%d clients, %,d msg/s offered, %s s, drain up to %d s",
        options.clients(), rate, seconds(duration), DRAIN.toSeconds());
    // No warm-up of its own: the server's warm-up came before, and an unrecorded overload would
    // leave a backlog for the measured one.
    try (Fleet fleet = setup.fleet(options.clients()); OverloadWatch watch = OverloadWatch.start(setup)) {
      CpuMeter cpu = new CpuMeter(setup);
      Offer offer = new Offer(fleet, rate, duration);
      offer.run(watch.startNanos());
      boolean settled = Setup.awaitCondition(offer.ledger::settled, DRAIN, Duration.ofMillis(10));
      fleet.handler((peer, frame) -> {});
      cpu.stop();
      watch.stop();
      Ledger.Counts counts = offer.ledger.count();
      List<String> notes = P2pWindow.notes(fleet, counts, settled);
      notes.addAll(watch.notes());
      if (offer.behind(counts) > offer.total * 0.05) {
        notes.add(String.format(Locale.ROOT, "the tool fell behind: %,d of the %,d offered not sent in time",
            offer.behind(counts), offer.total));
      }
      // Deliveries/s over the time the server took: from the first send to its last answer.
      long lastFrame = offer.lastFrame.get();
      long nanos = (lastFrame == Long.MIN_VALUE ? System.nanoTime() : lastFrame) - watch.startNanos();
      return new Result("overload", load, counts.delivered(), nanos / 1e9, offer.latencies.summarize(), counts.lost(),
          counts.notOnline(), cpu.serverSeconds(), cpu.toolSeconds(), Double.NaN, notes,
          figures(offer, counts, watch), watch.rss()).with(cpu);
    }
  }

  private static String seconds(Duration duration) {
    return duration.toMillis() % 1000 == 0 ? Long.toString(duration.toSeconds())
        : String.format(Locale.ROOT, "%.1f", duration.toMillis() / 1000.0);
  }

  /** The fates of the messages, in the order the question asks them, then what the watch saw. */
  private static Map<String, String> figures(Offer offer, Ledger.Counts counts, OverloadWatch watch) {
    Map<String, String> figures = new LinkedHashMap<>();
    figures.put("offered", count(offer.total));
    figures.put("sent", count(counts.sent()));
    figures.put("not sent: sender closed by the server", count(offer.senderClosed));
    figures.put("not sent: the tool behind schedule", count(offer.behind(counts)));
    figures.put("delivered", count(counts.delivered()));
    figures.put("receipted \"success send\"", count(counts.accepted()));
    figures.put("receipted \"not online\"", count(counts.notOnline()));
    figures.put("LOST: \"success send\", never delivered", count(counts.lost()));
    figures.put("delivered without a receipt", count(counts.deliveredUnreceipted()));
    figures.put("delivered although \"not online\"", count(counts.deliveredNotOnline()));
    figures.put("never receipted", count(counts.unreceipted()));
    List<Result.Sample> rss = watch.rss();
    if (!rss.isEmpty()) {
      long peak = rss.stream().mapToLong(Result.Sample::rssKb).max().orElse(0);
      figures.put("server RSS MB: first / peak / last", String.format(Locale.ROOT, "%.0f / %.0f / %.0f",
          rss.get(0).rssKb() / 1024.0, peak / 1024.0, rss.get(rss.size() - 1).rssKb() / 1024.0));
    }
    figures.put("fresh connects, one every 2 s", watch.connectsFigure());
    figures.put("pings to a client that never sends", watch.pingsFigure());
    return figures;
  }

  private static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** The offered load of one run: its schedule, its ledger, and what the server answered when. */
  private static final class Offer {
    final Fleet fleet;
    final int rate;
    final long nanos;
    final int total;
    final Ledger ledger;
    final Latencies latencies;
    final Unreceipted unreceipted;
    final LongAccumulator lastFrame = new LongAccumulator(Math::max, Long.MIN_VALUE);
    int senderClosed;

    Offer(Fleet fleet, int rate, Duration duration) {
      this.fleet = fleet;
      this.rate = rate;
      this.nanos = duration.toNanos();
      this.total = (int) Math.min(Integer.MAX_VALUE - 8, (long) rate * duration.toMillis() / 1000);
      this.ledger = new Ledger(total);
      this.latencies = new Latencies(total);
      this.unreceipted = new Unreceipted(fleet.size());
    }

    /** Offered messages the tool had not sent when the duration ended. */
    int behind(Ledger.Counts counts) {
      return total - counts.sent() - senderClosed;
    }

    /** Sends on schedule from {@code start} (a {@code System.nanoTime} value) until the duration ends. */
    void run(long start) {
      int clients = fleet.size();
      fleet.handler((peer, frame) -> {
        lastFrame.accumulate(System.nanoTime());
        P2pRate.onFrame(fleet, peer, frame, ledger, latencies, unreceipted);
      });
      ThreadLocalRandom random = ThreadLocalRandom.current();
      // A parked thread wakes some microseconds late: the last few messages are not "behind".
      long end = start + nanos + LATE_AT_THE_END.toNanos();
      for (int i = 0; i < total; i++) {
        Setup.pauseUntil(start + i * 1_000_000_000L / rate);
        if (System.nanoTime() - end >= 0) {
          break; // behind schedule at the end: the rest stays offered, not sent late
        }
        int from = random.nextInt(clients);
        int to = fleet.receiver(from, random);
        if (!fleet.open(from)) {
          senderClosed++;
          continue;
        }
        int seq = ledger.send();
        unreceipted.sent(from, seq, to);
        fleet.send(from, V1.send(fleet.id(to), V1.stamp(seq, System.nanoTime())));
      }
    }
  }
}

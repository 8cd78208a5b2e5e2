package io.wshub.benchmarks.load;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * N clients send 1:1 messages to random peers at a fixed total rate. The latency of each is
 * from the sender's {@code System.nanoTime}, written into the content, to its arrival at the
 * receiver, both in this process. The rate is open-loop: messages go out on schedule whatever
 * the server's answers, so a slow server shows as latency, not as a lower rate.
 */
final class P2pRate {

  private P2pRate() {}

  static Result run(Setup setup) throws InterruptedException {
    Options options = setup.options();
    int clients = options.clients();
    int rate = options.rate();
    String load = String.format(Locale.ROOT, "%d clients, %,d msg/s, %d s", clients, rate,
        options.duration().toSeconds());
    try (Fleet fleet = setup.fleet(clients)) {
      if (!options.warmup().isZero()) {
        phase(fleet, rate, options.warmup(), options.drainTimeout());
      }
      CpuMeter cpu = new CpuMeter(setup);
      Phase measured = phase(fleet, rate, options.duration(), options.drainTimeout());
      cpu.stop();
      Ledger.Counts counts = measured.ledger.count();
      List<String> notes = P2pWindow.notes(fleet, counts, measured.settled);
      double achieved = counts.sent() / measured.sendSeconds;
      if (achieved < rate * 0.95) {
        notes.add(String.format(Locale.ROOT, "the tool sent only %,.0f msg/s", achieved));
      }
      return new Result("p2p-rate", load, counts.delivered(), measured.sendSeconds, measured.latencies.summarize(),
          counts.lost(), counts.notOnline(), cpu.serverSeconds(), cpu.toolSeconds(), Double.NaN, notes).with(cpu);
    }
  }

  private record Phase(Ledger ledger, Latencies latencies, double sendSeconds, boolean settled) {}

  private static Phase phase(Fleet fleet, int rate, Duration duration, Duration drain) {
    int clients = fleet.size();
    int total = (int) Math.min(Integer.MAX_VALUE - 8, (long) rate * duration.toMillis() / 1000);
    Ledger ledger = new Ledger(total);
    Latencies latencies = new Latencies(total);
    Unreceipted unreceipted = new Unreceipted(clients);
    fleet.handler((peer, frame) -> onFrame(fleet, peer, frame, ledger, latencies, unreceipted));
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long start = System.nanoTime();
    for (int i = 0; i < total; i++) {
      Setup.pauseUntil(start + i * 1_000_000_000L / rate);
      int from = random.nextInt(clients);
      int to = fleet.receiver(from, random);
      int seq = ledger.send();
      unreceipted.sent(from, seq, to);
      fleet.send(from, V1.send(fleet.id(to), V1.stamp(seq, System.nanoTime())));
    }
    double sendSeconds = (System.nanoTime() - start) / 1e9;
    boolean settled = Setup.awaitCondition(ledger::settled, drain, Duration.ofMillis(10));
    fleet.handler((peer, frame) -> {});
    return new Phase(ledger, latencies, sendSeconds, settled);
  }

  /** Books a delivery or a receipt of client {@code peer}; true when {@code frame} was a receipt of ours. */
  static boolean onFrame(Fleet fleet, int peer, String frame, Ledger ledger, Latencies latencies,
      Unreceipted unreceipted) {
    long now = System.nanoTime();
    long type = V1.number(frame, "type", -1);
    if (type == V1.SEND) {
      int seq = V1.stampSeq(frame);
      if (seq >= 0) {
        latencies.record(now - V1.stampNanos(frame));
        ledger.delivered(seq);
      }
      return false;
    }
    if (type == V1.SYSTEM) {
      int seq = unreceipted.receipted(peer, fleet.peer(V1.receiptReceiver(frame, -1)));
      if (seq >= 0) {
        ledger.receipted(seq, V1.SUCCESS.equals(V1.string(frame, "content")));
        return true;
      }
    }
    return false;
  }
}

package io.wshub.benchmarks.load;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAccumulator;

/**
 * One client broadcasts a burst of M messages back to back; all N clients (the sender too, as
 * protocol v1 says) receive each. Deliveries/s is N x M over the time from the first send to
 * the last arrival; the latency of each delivery is from its send.
 *
 * <p>One burst of the standard set lasts a fraction of a second, too short to read the server's
 * CPU or a steady rate from, so a run measures several bursts, one after the other, and reports
 * their sum: every delivery over the bursts' summed time, the latencies of all of them.
 */
final class Fanout {

  private Fanout() {}

  static Result run(Setup setup, int receivers, int messages) throws InterruptedException {
    Options options = setup.options();
    int rounds = options.rounds();
    String load = String.format(Locale.ROOT, "%,d receivers x %d broadcasts, %d bursts", receivers, messages,
        rounds);
    try (Fleet fleet = setup.fleet(receivers)) {
      long expected = (long) receivers * messages;
      if (!options.warmup().isZero()) {
        unrecorded(fleet, messages, 1, options.drainTimeout());
      }
      Latencies latencies = new Latencies((int) Math.min(expected * rounds, 20_000_000));
      long delivered = 0;
      double seconds = 0;
      CpuMeter cpu = new CpuMeter(setup);
      for (int round = 0; round < rounds; round++) {
        Burst burst = burst(fleet, messages, options.drainTimeout(), latencies);
        delivered += burst.delivered;
        seconds += burst.seconds;
        if (burst.delivered < expected) {
          break; // the server fell behind: more bursts would measure the backlog
        }
      }
      cpu.stop();
      List<String> notes = fleet.notes();
      if (delivered < expected * rounds) {
        notes.add("did not settle within the drain time");
      }
      return new Result("fanout", load, delivered, seconds, latencies.summarize(), expected * rounds - delivered,
          0, cpu.serverSeconds(), cpu.toolSeconds(), Double.NaN, notes).with(cpu);
    }
  }

  /** {@code bursts} unrecorded bursts of {@code messages} to {@code fleet}: a warm-up. */
  static void unrecorded(Fleet fleet, int messages, int bursts, Duration drain) {
    Latencies ignored = new Latencies(0);
    for (int i = 0; i < bursts; i++) {
      burst(fleet, messages, drain, ignored);
    }
  }

  private record Burst(long delivered, double seconds) {}

  private static Burst burst(Fleet fleet, int messages, Duration drain, Latencies latencies) {
    long expected = (long) fleet.size() * messages;
    AtomicInteger delivered = new AtomicInteger();
    LongAccumulator lastArrival = new LongAccumulator(Math::max, Long.MIN_VALUE);
    fleet.handler((peer, frame) -> {
      long now = System.nanoTime();
      if (V1.number(frame, "type", -1) == V1.BROADCAST && V1.stampSeq(frame) >= 0) {
        latencies.record(now - V1.stampNanos(frame));
        delivered.incrementAndGet();
        lastArrival.accumulate(now);
      }
    });
    long start = System.nanoTime();
    for (int m = 0; m < messages; m++) {
      fleet.send(0, V1.broadcast(V1.stamp(m, System.nanoTime())));
    }
    Setup.awaitCondition(() -> delivered.get() >= expected, drain, Duration.ofMillis(2));
    fleet.handler((peer, frame) -> {});
    long end = delivered.get() > 0 ? lastArrival.get() : System.nanoTime();
    return new Burst(delivered.get(), (end - start) / 1e9);
  }
}

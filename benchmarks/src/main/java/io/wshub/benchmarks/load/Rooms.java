package io.wshub.benchmarks.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAccumulator;

/**
 * R rooms of M members each (R x M clients); every member joins its room (JOIN, waiting for its
 * "joined"), then the members send to their rooms (ROOM) in turn at a fixed total rate, open
 * loop as p2p-rate, each message delivered to the M members of its room (the sender's
 * included). Beside it, in the same run, the same fan-out through BROADCAST: M clients, the only
 * ones connected, broadcasting at the same total rate, so each message again reaches M clients
 * and both rows carry the same deliveries/s; what differs is the routing (a room's members vs
 * every connection), which server CPU per delivery and latency show.
 *
 * <p>Latency is from the sender's stamp to each delivery; lost is what was sent times M less
 * what arrived once the drain time is up. A server without rooms (a plain protocol v1 peer) that
 * answers no JOIN gets a "NOT SUPPORTED" row, not a failure; the BROADCAST row still runs.
 */
final class Rooms {

  /** How long the first "joined" may take before the server is taken to have no rooms. */
  private static final Duration FIRST_JOIN = Duration.ofSeconds(5);

  private Rooms() {}

  static List<Result> run(Setup setup) {
    Options options = setup.options();
    List<Result> results = new ArrayList<>();
    String roomLoad = String.format(Locale.ROOT, "ROOM: %d rooms x %d members, %,d msg/s, %d s", options.rooms(),
        options.members(), options.roomRate(), options.duration().toSeconds());
    results.add(attempt(roomLoad, () -> rooms(setup, roomLoad)));
    String broadcastLoad = String.format(Locale.ROOT, "BROADCAST: %d clients, %,d msg/s, %d s", options.members(),
        options.roomRate(), options.duration().toSeconds());
    results.add(attempt(broadcastLoad, () -> broadcast(setup, broadcastLoad)));
    return results;
  }

  private interface Row {
    Result run() throws Exception;
  }

  private static Result attempt(String load, Row row) {
    try {
      return row.run();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Result.failed("rooms", load, e);
    } catch (Exception e) {
      return Result.failed("rooms", load, e);
    }
  }

  private static Result rooms(Setup setup, String load) throws InterruptedException {
    Options options = setup.options();
    int members = options.members();
    int size = options.rooms() * members;
    try (Fleet fleet = setup.fleet(size)) {
      // Names unique to this fleet: a leftover member of an earlier run must not be in them.
      String[] names = new String[options.rooms()];
      for (int r = 0; r < names.length; r++) {
        names[r] = "bench-" + fleet.id(0) + "-" + r;
      }
      String unsupported = join(fleet, names, members, options.connectTimeout());
      if (unsupported != null) {
        List<String> notes = fleet.notes();
        notes.add(0, "NOT SUPPORTED: " + unsupported);
        return new Result("rooms", load, 0, 0, Latencies.Summary.NONE, 0, 0, Double.NaN, Double.NaN, Double.NaN,
            notes);
      }
      Sender sender = (i, content) -> {
        int peer = i % size;
        fleet.send(peer, V1.room(names[peer / members], content));
      };
      return measure(setup, fleet, load, V1.ROOM, members, sender);
    }
  }

  private static Result broadcast(Setup setup, String load) throws InterruptedException {
    Options options = setup.options();
    int members = options.members();
    try (Fleet fleet = setup.fleet(members)) {
      return measure(setup, fleet, load, V1.BROADCAST, members, (i, content) -> fleet.send(i % members,
          V1.broadcast(content)));
    }
  }

  /**
   * Every client joins room {@code names[peer / members]}; returns once each got its own
   * "joined". Returns why the server seems to have no rooms when none did within
   * {@link #FIRST_JOIN} (or it closed them, or answered with an error); throws when some but not
   * all joined in time.
   */
  private static String join(Fleet fleet, String[] names, int members, Duration timeout)
      throws InterruptedException {
    int size = fleet.size();
    AtomicIntegerArray joined = new AtomicIntegerArray(size);
    CountDownLatch all = new CountDownLatch(size);
    AtomicReference<String> error = new AtomicReference<>();
    fleet.handler((peer, frame) -> {
      if (V1.number(frame, "type", -1) != V1.SYSTEM) {
        return;
      }
      String content = V1.string(frame, "content");
      // The others' "joined" are presence events: only the one naming this client is its answer.
      if ("joined".equals(content) && V1.number(frame, "receiver", -1) == fleet.id(peer)) {
        if (joined.compareAndSet(peer, 0, 1)) {
          all.countDown();
        }
      } else if (content != null && content.startsWith("error")) {
        error.compareAndSet(null, content);
      }
    });
    try {
      for (int peer = 0; peer < size; peer++) {
        fleet.send(peer, V1.join(names[peer / members]));
      }
      long deadline = System.nanoTime() + timeout.toNanos();
      long firstDeadline = System.nanoTime() + FIRST_JOIN.toNanos();
      while (!all.await(50, TimeUnit.MILLISECONDS)) {
        boolean none = all.getCount() == size;
        if (none && error.get() != null) {
          return "JOIN (type 5) got an error reply: " + error.get();
        }
        if (none && fleet.closedByServer() > 0) {
          return "the server closed clients that sent JOIN (type 5)";
        }
        if (none && System.nanoTime() - firstDeadline >= 0) {
          return "no JOIN (type 5) answered \"joined\" within " + FIRST_JOIN.toSeconds() + " s";
        }
        if (fleet.closedByServer() > 0 || System.nanoTime() - deadline >= 0) {
          throw new IllegalStateException((size - all.getCount()) + " of " + size + " members joined within "
              + timeout.toSeconds() + " s" + (error.get() == null ? "" : "; an error reply: " + error.get()) + "; "
              + String.join("; ", fleet.notes()));
        }
      }
      return null;
    } finally {
      fleet.handler((peer, frame) -> {});
    }
  }

  /** Sends message {@code i} (whose stamped content is {@code content}) from some client. */
  @FunctionalInterface
  private interface Sender {
    void send(int i, String content);
  }

  private static Result measure(Setup setup, Fleet fleet, String load, int type, int fanout, Sender sender) {
    Options options = setup.options();
    int rate = options.roomRate();
    if (!options.warmup().isZero()) {
      phase(fleet, type, fanout, rate, options.warmup(), options.drainTimeout(), sender, new Latencies(0));
    }
    long total = (long) rate * options.duration().toMillis() / 1000;
    Latencies latencies = new Latencies((int) Math.min(total * fanout, 20_000_000));
    CpuMeter cpu = new CpuMeter(setup);
    Phase measured = phase(fleet, type, fanout, rate, options.duration(), options.drainTimeout(), sender, latencies);
    cpu.stop();
    List<String> notes = fleet.notes();
    long expected = measured.sent * fanout;
    if (measured.delivered < expected) {
      notes.add("did not settle within the drain time");
    }
    double achieved = measured.sent / measured.sendSeconds;
    if (achieved < rate * 0.95) {
      notes.add(String.format(Locale.ROOT, "the tool sent only %,.0f msg/s", achieved));
    }
    return new Result("rooms", load, measured.delivered, measured.seconds, latencies.summarize(),
        expected - measured.delivered, 0, cpu.serverSeconds(), cpu.toolSeconds(), Double.NaN, notes).with(cpu);
  }

  /** What a phase did: messages sent, deliveries, the send time and the time to the last arrival. */
  private record Phase(long sent, long delivered, double sendSeconds, double seconds) {}

  private static Phase phase(Fleet fleet, int type, int fanout, int rate, Duration duration, Duration drain,
      Sender sender, Latencies latencies) {
    int total = (int) Math.min(Integer.MAX_VALUE - 8, (long) rate * duration.toMillis() / 1000);
    AtomicLong delivered = new AtomicLong();
    LongAccumulator lastArrival = new LongAccumulator(Math::max, Long.MIN_VALUE);
    fleet.handler((peer, frame) -> {
      long now = System.nanoTime();
      if (V1.number(frame, "type", -1) == type && V1.stampSeq(frame) >= 0) {
        latencies.record(now - V1.stampNanos(frame));
        delivered.incrementAndGet();
        lastArrival.accumulate(now);
      }
    });
    long start = System.nanoTime();
    for (int i = 0; i < total; i++) {
      Setup.pauseUntil(start + i * 1_000_000_000L / rate);
      sender.send(i, V1.stamp(i, System.nanoTime()));
    }
    long sendEnd = System.nanoTime();
    long expected = (long) total * fanout;
    Setup.awaitCondition(() -> delivered.get() >= expected, drain, Duration.ofMillis(10));
    fleet.handler((peer, frame) -> {});
    long end = delivered.get() > 0 ? Math.max(sendEnd, lastArrival.get()) : sendEnd;
    return new Phase(total, delivered.get(), (sendEnd - start) / 1e9, (end - start) / 1e9);
  }
}

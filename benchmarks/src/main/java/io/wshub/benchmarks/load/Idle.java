package io.wshub.benchmarks.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * N idle connections held while the server's resident memory is read: KB per connection is
 * (RSS with N connected - RSS before) / N. We cannot make the server collect its garbage, so
 * both readings wait until RSS stops moving (bounded), and the figure includes whatever the
 * server's heap keeps per connection, as a user's machine would see it.
 */
final class Idle {

  private static final Duration SETTLE = Duration.ofSeconds(15);

  private Idle() {}

  static Result run(Setup setup) throws InterruptedException {
    Options options = setup.options();
    int clients = options.idleClients();
    String load = String.format(Locale.ROOT, "%,d idle connections", clients);
    ProcessProbe server = setup.server();
    ProcessProbe tool = ProcessProbe.self();
    List<String> notes = new ArrayList<>();
    long serverBefore = server == null ? 0 : settledRss(server, notes);
    long toolBefore = tool.rssKb();
    CpuMeter cpu = new CpuMeter(server);
    long start = System.nanoTime();
    Duration timeout = setup.options().connectTimeout();
    try (Fleet fleet = Fleet.connect(setup.transport(), options.urls(), setup.nextId().getAndAdd(clients), clients,
        timeout)) {
      try {
        fleet.awaitOnline(timeout);
      } catch (IllegalStateException e) {
        // Clients the server closed are a finding of this scenario, not the end of it: the memory
        // of those still held is still worth reading.
        if (fleet.closedByServer() == 0) {
          throw e;
        }
      }
      double connectSeconds = (System.nanoTime() - start) / 1e9;
      cpu.stop();
      long serverAfter = server == null ? 0 : settledRss(server, notes);
      long toolAfter = tool.rssKb();
      int held = clients - fleet.closedByServer();
      notes.addAll(fleet.notes());
      notes.add(String.format(Locale.ROOT, "%s in %.1f s", held == clients ? "all held; connected and online"
          : held + " held; connected", connectSeconds));
      notes.add(String.format(Locale.ROOT, "tool %.1f KB/conn", (toolAfter - toolBefore) / (double) clients));
      if (server != null) {
        notes.add(String.format(Locale.ROOT, "server RSS %,d -> %,d KB", serverBefore, serverAfter));
      }
      return new Result("idle", load, 0, connectSeconds, Latencies.Summary.NONE, 0, 0, cpu.serverSeconds(),
          cpu.toolSeconds(), server == null || held == 0 ? Double.NaN : (serverAfter - serverBefore) / (double) held, notes);
    }
  }

  /**
   * RSS once three readings 300 ms apart agree within 1%: the server has finished what the
   * connections set off (buffers, their first GC). Bounded: after {@link #SETTLE} the last reading.
   */
  static long settledRss(ProcessProbe server, List<String> notes) {
    long[] last = {server.rssKb(), -1, -1};
    boolean settled = Setup.awaitCondition(() -> {
      last[2] = last[1];
      last[1] = last[0];
      last[0] = server.rssKb();
      long max = Math.max(last[0], Math.max(last[1], last[2]));
      long min = Math.min(last[0], Math.min(last[1], last[2]));
      return last[2] >= 0 && max - min <= max / 100;
    }, SETTLE, Duration.ofMillis(300));
    if (!settled) {
      notes.add("server RSS still moving after " + SETTLE.toSeconds() + " s");
    }
    return last[0];
  }
}

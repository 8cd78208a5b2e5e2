package io.wshub.benchmarks.load;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CPU used between two points of a run: by the server (if its pid is known; a cluster's nodes
 * summed), by the Redis they share (if its pid is known), by the tool, and by each of the
 * server's threads, so that a row can say which thread was busiest.
 */
final class CpuMeter {

  /** Threads named in a row's busiest threads, per server process. */
  private static final int BUSIEST = 4;

  private final ProcessProbe server;
  private final ProcessProbe redis;
  private final long serverStart;
  private final long redisStart;
  private final long toolStart;
  private final long wallStart;
  private final Map<String, Long> threadsStart;
  private double serverSeconds = Double.NaN;
  private double redisSeconds = Double.NaN;
  private double toolSeconds;
  private String busiestThreads = "";

  /** Starts measuring; {@code server} may be null. */
  CpuMeter(ProcessProbe server) {
    this(server, null);
  }

  /** Starts measuring; {@code server} and {@code redis} may be null. */
  CpuMeter(ProcessProbe server, ProcessProbe redis) {
    this.server = server;
    this.redis = redis;
    this.threadsStart = server == null ? Map.of() : threads(server);
    this.serverStart = server == null ? 0 : server.cpuNanos();
    this.redisStart = redis == null ? 0 : redis.cpuNanos();
    this.toolStart = ProcessProbe.selfCpuNanos();
    this.wallStart = System.nanoTime();
  }

  /** Starts measuring what {@code setup} knows of: its server and its Redis. */
  CpuMeter(Setup setup) {
    this(setup.server(), setup.redis());
  }

  CpuMeter stop() {
    toolSeconds = (ProcessProbe.selfCpuNanos() - toolStart) / 1e9;
    double wall = (System.nanoTime() - wallStart) / 1e9;
    if (server != null) {
      try {
        serverSeconds = (server.cpuNanos() - serverStart) / 1e9;
        busiestThreads = busiest(threadsStart, server.threadCpuNanos(), wall, server.processes());
      } catch (UncheckedIOException e) {
        // The server is gone (a peer that died under load): unknown, and the row says it exited.
      }
    }
    if (redis != null) {
      try {
        redisSeconds = (redis.cpuNanos() - redisStart) / 1e9;
      } catch (UncheckedIOException e) {
        // Redis is gone: unknown.
      }
    }
    return this;
  }

  double serverSeconds() {
    return serverSeconds;
  }

  double redisSeconds() {
    return redisSeconds;
  }

  double toolSeconds() {
    return toolSeconds;
  }

  /**
   * The server's busiest threads over the measured time, in cores (CPU seconds per second), per
   * process: "wshub-hub 0.52, wshub-server-0 0.31, ..."; with several processes each is led by its
   * number ("node 1: ...; node 2: ..."). Empty when unknown.
   */
  String busiestThreads() {
    return busiestThreads;
  }

  private static Map<String, Long> threads(ProcessProbe server) {
    try {
      return server.threadCpuNanos();
    } catch (UncheckedIOException e) {
      return Map.of();
    }
  }

  static String busiest(Map<String, Long> before, Map<String, Long> after, double seconds, int processes) {
    if (seconds <= 0) {
      return "";
    }
    List<String> perProcess = new ArrayList<>();
    for (int p = 0; p < processes; p++) {
      String prefix = p + " ";
      List<Map.Entry<String, Long>> used = new ArrayList<>();
      after.forEach((thread, nanos) -> {
        if (thread.startsWith(prefix)) {
          used.add(Map.entry(thread.substring(prefix.length()), nanos - before.getOrDefault(thread, 0L)));
        }
      });
      used.sort(Map.Entry.<String, Long>comparingByValue().reversed());
      List<String> named = new ArrayList<>();
      for (Map.Entry<String, Long> thread : used.subList(0, Math.min(BUSIEST, used.size()))) {
        if (thread.getValue() > 0) {
          // "wshub-hub 4711" -> "wshub-hub"; a thread the kernel names alike for several (Lettuce's) keeps its id.
          String name = thread.getKey();
          String base = name.substring(0, name.lastIndexOf(' '));
          long alike = used.stream().filter(other -> other.getKey().startsWith(base + " ")).count();
          named.add(String.format(Locale.ROOT, "%s %.2f", alike > 1 ? base + "#" + name.substring(base.length() + 1) : base,
              thread.getValue() / 1e9 / seconds));
        }
      }
      perProcess.add((processes > 1 ? "node " + (p + 1) + ": " : "") + String.join(", ", named));
    }
    return String.join("; ", perProcess);
  }
}

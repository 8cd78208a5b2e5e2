package io.wshub.benchmarks.load;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One row of the table: what a scenario achieved and what it cost. CPU times are NaN when
 * unknown (no server pid; {@code redisCpuSeconds}: no Redis pid, the server is not a cluster);
 * {@code serverCpuSeconds} is the sum over a cluster's nodes. {@code kbPerConnection} is NaN
 * except for idle. {@code figures} are a scenario's own named counts, in order (overload's fates
 * of messages, say), and {@code rss} the server's resident memory over the run, when a scenario
 * samples it; both are empty for the others.
 */
record Result(
    String scenario,
    String load,
    long delivered,
    double seconds,
    Latencies.Summary latency,
    long lost,
    long notOnline,
    double serverCpuSeconds,
    double toolCpuSeconds,
    double kbPerConnection,
    List<String> notes,
    Map<String, String> figures,
    List<Sample> rss,
    double redisCpuSeconds) {

  /** The figure naming the server's busiest threads; see {@link CpuMeter#busiestThreads()}. */
  static final String BUSIEST_THREADS = "busiest server threads, cores";

  /** The server's resident memory {@code seconds} into a run. */
  record Sample(double seconds, long rssKb) {}

  Result(String scenario, String load, long delivered, double seconds, Latencies.Summary latency, long lost,
      long notOnline, double serverCpuSeconds, double toolCpuSeconds, double kbPerConnection, List<String> notes) {
    this(scenario, load, delivered, seconds, latency, lost, notOnline, serverCpuSeconds, toolCpuSeconds,
        kbPerConnection, notes, Map.of(), List.of());
  }

  Result(String scenario, String load, long delivered, double seconds, Latencies.Summary latency, long lost,
      long notOnline, double serverCpuSeconds, double toolCpuSeconds, double kbPerConnection, List<String> notes,
      Map<String, String> figures, List<Sample> rss) {
    this(scenario, load, delivered, seconds, latency, lost, notOnline, serverCpuSeconds, toolCpuSeconds,
        kbPerConnection, notes, figures, rss, Double.NaN);
  }

  Result {
    notes = List.copyOf(notes);
    figures = Collections.unmodifiableMap(new LinkedHashMap<>(figures));
    rss = List.copyOf(rss);
  }

  double deliveriesPerSecond() {
    return seconds > 0 ? delivered / seconds : 0;
  }

  double serverMicrosPerDelivery() {
    return delivered > 0 ? serverCpuSeconds * 1e6 / delivered : Double.NaN;
  }

  double redisMicrosPerDelivery() {
    return delivered > 0 ? redisCpuSeconds * 1e6 / delivered : Double.NaN;
  }

  /** What a delivery cost the machine's server side: the server's CPU and, when known, Redis's. */
  double serverAndRedisMicrosPerDelivery() {
    return Double.isNaN(redisCpuSeconds) ? serverMicrosPerDelivery()
        : delivered > 0 ? (serverCpuSeconds + redisCpuSeconds) * 1e6 / delivered : Double.NaN;
  }

  /** The tool spent more CPU than the server: the figures may say more about the tool. */
  boolean toolBound() {
    return !Double.isNaN(serverCpuSeconds) && toolCpuSeconds > serverCpuSeconds;
  }

  static Result failed(String scenario, String load, Throwable error) {
    return failed(scenario, load, error.toString());
  }

  static Result failed(String scenario, String load, String why) {
    return new Result(scenario, load, 0, 0, Latencies.Summary.NONE, 0, 0, Double.NaN, Double.NaN, Double.NaN,
        List.of("FAILED: " + why));
  }

  boolean failed() {
    return notes.stream().anyMatch(note -> note.startsWith("FAILED"));
  }

  /** This row with {@code note} first among its notes. */
  Result withNote(String note) {
    List<String> more = new ArrayList<>(notes);
    more.add(0, note);
    return new Result(scenario, load, delivered, seconds, latency, lost, notOnline, serverCpuSeconds, toolCpuSeconds,
        kbPerConnection, more, figures, rss, redisCpuSeconds);
  }

  /** This row with what {@code cpu} measured beyond the server's CPU: Redis's CPU, the busiest threads. */
  Result with(CpuMeter cpu) {
    Map<String, String> more = new LinkedHashMap<>(figures);
    if (!cpu.busiestThreads().isEmpty()) {
      more.put(BUSIEST_THREADS, cpu.busiestThreads());
    }
    return new Result(scenario, load, delivered, seconds, latency, lost, notOnline, serverCpuSeconds, toolCpuSeconds,
        kbPerConnection, notes, more, rss, cpu.redisSeconds());
  }
}

package io.wshub.benchmarks.load;

import java.util.List;

/**
 * One row of the table: what a scenario achieved and what it cost. CPU times are NaN when
 * unknown (no server pid); {@code kbPerConnection} is NaN except for idle.
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
    List<String> notes) {

  double deliveriesPerSecond() {
    return seconds > 0 ? delivered / seconds : 0;
  }

  double serverMicrosPerDelivery() {
    return delivered > 0 ? serverCpuSeconds * 1e6 / delivered : Double.NaN;
  }

  /** The tool spent more CPU than the server: the figures may say more about the tool. */
  boolean toolBound() {
    return !Double.isNaN(serverCpuSeconds) && toolCpuSeconds > serverCpuSeconds;
  }

  static Result failed(String scenario, String load, Throwable error) {
    return new Result(scenario, load, 0, 0, Latencies.Summary.NONE, 0, 0, Double.NaN, Double.NaN, Double.NaN,
        List.of("FAILED: " + error));
  }

  boolean failed() {
    return notes.stream().anyMatch(note -> note.startsWith("FAILED"));
  }
}

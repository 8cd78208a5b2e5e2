package io.wshub.benchmarks.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The results as a markdown table, one row per scenario. */
final class ResultTable {

  private static final String HEADER = "| scenario | load | delivered | deliveries/s | p50 ms | p90 ms | p99 ms | max ms"
      + " | lost | not online | server CPU us/delivery | server CPU s | tool CPU s | server KB/conn | notes |";

  private ResultTable() {}

  static String markdown(List<Result> results) {
    StringBuilder table = new StringBuilder(HEADER).append('\n');
    table.append("|---".repeat(15)).append("|\n");
    for (Result r : results) {
      Latencies.Summary latency = r.latency();
      boolean timed = latency.samples() > 0;
      List<String> notes = new ArrayList<>(r.notes());
      if (!Double.isNaN(r.serverCpuSeconds()) && r.seconds() > 0 && r.delivered() > 0) {
        // More than about 1.6 of 2 cores: the server is CPU-bound, its latency is queueing.
        notes.add(0, String.format(Locale.ROOT, "server busy %.2f cores, tool %.2f", r.serverCpuSeconds() / r.seconds(),
            r.toolCpuSeconds() / r.seconds()));
      }
      if (r.toolBound()) {
        notes.add(0, "TOOL-BOUND: the tool used more CPU than the server");
      }
      table.append("| ").append(String.join(" | ",
          r.scenario(),
          r.load(),
          Long.toString(r.delivered()),
          r.delivered() > 0 && r.seconds() > 0 ? String.format(Locale.ROOT, "%,.0f", r.deliveriesPerSecond()) : "-",
          timed ? millis(latency.p50()) : "-",
          timed ? millis(latency.p90()) : "-",
          timed ? millis(latency.p99()) : "-",
          timed ? millis(latency.max()) : "-",
          Long.toString(r.lost()),
          Long.toString(r.notOnline()),
          number("%.2f", r.serverMicrosPerDelivery()),
          number("%.2f", r.serverCpuSeconds()),
          number("%.2f", r.toolCpuSeconds()),
          number("%.1f", r.kbPerConnection()),
          notes.isEmpty() ? "" : String.join("; ", notes))).append(" |\n");
    }
    return table.toString();
  }

  private static String millis(long nanos) {
    return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
  }

  private static String number(String format, double value) {
    return Double.isNaN(value) || Double.isInfinite(value) ? "-" : String.format(Locale.ROOT, format, value);
  }
}

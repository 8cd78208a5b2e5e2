package io.wshub.benchmarks.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The results as a markdown table, one row per scenario, then what a scenario reports beyond
 * the columns (overload's figures and memory series).
 */
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
      List<String> notes = notes(r);
      table.append("| ").append(String.join(" | ",
          r.scenario(),
          r.load(),
          Long.toString(r.delivered()),
          deliveriesPerSecond(r),
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
    for (Result r : results) {
      if (!r.figures().isEmpty()) {
        table.append('\n').append(r.scenario()).append(", ").append(r.load()).append(":\n\n| | |\n|---|---|\n");
        r.figures().forEach((name, value) -> table.append("| ").append(name).append(" | ").append(value).append(" |\n"));
      }
      if (!r.rss().isEmpty()) {
        table.append('\n').append(rssSeries(r.scenario(), r.rss()));
      }
    }
    return table.toString();
  }

  /** The row's notes, led by what its numbers imply: how busy the server was, whether the tool bound it. */
  static List<String> notes(Result r) {
    List<String> notes = new ArrayList<>(r.notes());
    if (!Double.isNaN(r.serverCpuSeconds()) && r.seconds() > 0 && r.delivered() > 0) {
      // More than about 1.6 of 2 cores: the server is CPU-bound, its latency is queueing.
      notes.add(0, String.format(Locale.ROOT, "server busy %.2f cores, tool %.2f", r.serverCpuSeconds() / r.seconds(),
          r.toolCpuSeconds() / r.seconds()));
      if (!Double.isNaN(r.redisCpuSeconds())) {
        notes.add(1, String.format(Locale.ROOT, "Redis busy %.2f cores, %.2f us/delivery", r.redisCpuSeconds() / r.seconds(),
            r.redisMicrosPerDelivery()));
      }
    }
    if (r.toolBound()) {
      notes.add(0, "TOOL-BOUND: the tool used more CPU than the server");
    }
    return notes;
  }

  static String deliveriesPerSecond(Result r) {
    return r.delivered() > 0 && r.seconds() > 0 ? String.format(Locale.ROOT, "%,.0f", r.deliveriesPerSecond()) : "-";
  }

  /** The server's memory through a run, ten samples (seconds) a line: "  0 s: 86 90 95 ...". */
  static String rssSeries(String scenario, List<Result.Sample> rss) {
    StringBuilder series = new StringBuilder(scenario)
        .append(", server resident memory (MB), a sample a second from the first send:\n\n");
    for (int i = 0; i < rss.size(); i += 10) {
      series.append(String.format(Locale.ROOT, "    %3.0f s:", rss.get(i).seconds()));
      for (Result.Sample sample : rss.subList(i, Math.min(rss.size(), i + 10))) {
        series.append(String.format(Locale.ROOT, " %5.0f", sample.rssKb() / 1024.0));
      }
      series.append('\n');
    }
    return series.toString();
  }

  /** The same series as CSV, for a plot: seconds since the first send, resident MB. */
  static String rssCsv(List<Result.Sample> rss) {
    StringBuilder csv = new StringBuilder("t_s,rss_mb\n");
    for (Result.Sample sample : rss) {
      csv.append(String.format(Locale.ROOT, "%.1f,%.1f\n", sample.seconds(), sample.rssKb() / 1024.0));
    }
    return csv.toString();
  }

  static String millis(long nanos) {
    return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
  }

  static String number(String format, double value) {
    return Double.isNaN(value) || Double.isInfinite(value) ? "-" : String.format(Locale.ROOT, format, value);
  }
}

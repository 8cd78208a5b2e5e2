package io.wshub.benchmarks.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * Several servers' results (files of {@link ResultFile}, written by the load tool's
 * {@code --results}) as one markdown table: per scenario a row per measure, a column per
 * server, and the ratio of the first server (wshub, by {@code run-standard.sh}) to each other
 * for deliveries/s, server CPU per delivery and memory per connection. Figures on a shared
 * machine swing from run to run; a ratio taken in one run, the servers alternating, holds
 * better, so with several rounds a ratio is taken round by round, then summarized.
 *
 * <p>{@code SideBySide [--out FILE] RESULTS...}, the files in the order they were run.
 */
public final class SideBySide {

  private SideBySide() {}

  /**
   * Prints the side-by-side table of the given results files, and writes it to {@code --out}.
   *
   * @param args {@code [--out FILE] RESULTS...}
   * @throws IOException when a file cannot be read or the table written
   */
  public static void main(String[] args) throws IOException {
    Path out = null;
    List<ResultFile.Run> runs = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--out") && i + 1 < args.length) {
        out = Path.of(args[++i]);
      } else if (args[i].startsWith("-")) {
        System.err.println("usage: SideBySide [--out FILE] RESULTS...");
        System.exit(2);
      } else {
        runs.add(ResultFile.read(Path.of(args[i])));
      }
    }
    String report = "Side by side, " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + ", "
        + Runtime.getRuntime().availableProcessors() + " cores, from " + runs.size() + " runs of the load tool"
        + " (run-standard.sh and run-cluster.sh start each server fresh for each scenario)\n\n"
        + markdown(runs);
    System.out.println(report);
    if (out != null) {
      if (out.getParent() != null) {
        Files.createDirectories(out.getParent());
      }
      Files.writeString(out, report);
    }
  }

  /** One scenario row of the standard set (fanout has two), each server's results in the order run. */
  private static final class Group {
    final String scenario;
    final Map<String, List<Result>> byServer = new LinkedHashMap<>();

    Group(String scenario) {
      this.scenario = scenario;
    }

    List<Result> all() {
      return byServer.values().stream().flatMap(List::stream).toList();
    }

    String load() {
      return all().stream().filter(r -> !r.failed() && !r.load().isEmpty()).map(Result::load).findFirst()
          .orElse(all().get(0).load());
    }
  }

  static String markdown(List<ResultFile.Run> runs) {
    Set<String> serverSet = new LinkedHashSet<>();
    Map<String, Group> groups = new LinkedHashMap<>();
    for (ResultFile.Run run : runs) {
      serverSet.add(run.server());
      Map<String, Integer> ordinal = new LinkedHashMap<>();
      for (Result r : run.results()) {
        // By scenario and position, not by load: a failed row's load is not worded as a measured one's.
        String key = r.scenario() + "#" + ordinal.merge(r.scenario(), 1, Integer::sum);
        groups.computeIfAbsent(key, k -> new Group(r.scenario())).byServer
            .computeIfAbsent(run.server(), s -> new ArrayList<>()).add(r);
      }
    }
    List<String> servers = List.copyOf(serverSet);
    String base = servers.isEmpty() ? "" : servers.get(0);
    List<String> peers = servers.subList(Math.min(1, servers.size()), servers.size());
    int rounds = groups.values().stream().flatMap(g -> g.byServer.values().stream()).mapToInt(List::size).max()
        .orElse(0);

    StringBuilder table = new StringBuilder();
    table.append(rounds > 1 ? rounds + " rounds, the servers alternating; a cell is the median (min-max) of its rounds, a"
        + " ratio the median (min-max) of the rounds' ratios.\n" : "One round.\n");
    if (!peers.isEmpty()) {
      table.append("A ratio ").append(base).append("/peer above 1: ").append(base)
          .append(" delivers more per second, or spends more server CPU or memory per delivery or connection.\n");
    }
    table.append("\n| scenario | load | measure | ").append(String.join(" | ", servers));
    for (String peer : peers) {
      table.append(" | ").append(base).append('/').append(peer);
    }
    table.append(" |\n").append("|---".repeat(3 + servers.size() + peers.size())).append("|\n");
    for (Group group : groups.values()) {
      List<String[]> rows = rows(group, servers, base, peers);
      for (int i = 0; i < rows.size(); i++) {
        table.append("| ").append(i == 0 ? group.scenario : "").append(" | ").append(i == 0 ? group.load() : "")
            .append(" | ").append(String.join(" | ", rows.get(i))).append(" |\n");
      }
    }
    for (Group group : groups.values()) {
      for (String server : servers) {
        List<Result> results = group.byServer.getOrDefault(server, List.of());
        for (int round = 0; round < results.size(); round++) {
          if (!results.get(round).rss().isEmpty()) {
            String label = group.scenario + " on " + server + (rounds > 1 ? " (round " + (round + 1) + ")" : "");
            table.append('\n').append(ResultTable.rssSeries(label, results.get(round).rss()));
          }
        }
      }
    }
    return table.toString();
  }

  /** A measure: its name, its value in a row (NaN when it has none), its format, whether to take ratios. */
  private record Measure(String name, ToDoubleFunction<Result> value, String format, boolean ratio) {}

  private static final List<Measure> MEASURES = List.of(
      new Measure("deliveries/s", r -> r.delivered() > 0 && r.seconds() > 0 ? r.deliveriesPerSecond() : Double.NaN,
          "%,.0f", true),
      new Measure("p50 ms", r -> latency(r, r.latency().p50()), "%.2f", false),
      new Measure("p99 ms", r -> latency(r, r.latency().p99()), "%.2f", false),
      new Measure("max ms", r -> latency(r, r.latency().max()), "%.2f", false),
      new Measure("lost", r -> r.delivered() > 0 || r.lost() > 0 ? r.lost() : Double.NaN, "%,.0f", false),
      new Measure("not online", r -> r.delivered() > 0 || r.notOnline() > 0 ? r.notOnline() : Double.NaN, "%,.0f",
          false),
      new Measure("server CPU us/delivery", Result::serverMicrosPerDelivery, "%.2f", true),
      // Shown only where a Redis was measured (a cluster's runs): what it costs, and the sum.
      new Measure("Redis CPU us/delivery", Result::redisMicrosPerDelivery, "%.2f", false),
      new Measure("server+Redis CPU us/delivery", r -> Double.isNaN(r.redisCpuSeconds()) ? Double.NaN
          : r.serverAndRedisMicrosPerDelivery(), "%.2f", true),
      new Measure("server KB/conn", Result::kbPerConnection, "%.1f", true));

  private static double latency(Result r, long nanos) {
    return r.latency().samples() > 0 ? nanos / 1e6 : Double.NaN;
  }

  private static List<String[]> rows(Group group, List<String> servers, String base, List<String> peers) {
    List<String[]> rows = new ArrayList<>();
    for (Measure measure : MEASURES) {
      List<String> cells = new ArrayList<>(List.of(measure.name()));
      boolean any = false;
      for (String server : servers) {
        double[] values = group.byServer.getOrDefault(server, List.of()).stream().mapToDouble(measure.value()).toArray();
        String cell = summary(values, measure.format());
        any |= !cell.equals("-");
        cells.add(cell);
      }
      for (String peer : peers) {
        cells.add(measure.ratio() ? ratios(group.byServer.getOrDefault(base, List.of()),
            group.byServer.getOrDefault(peer, List.of()), measure.value()) : "");
      }
      if (any) {
        rows.add(cells.toArray(String[]::new));
      }
    }
    Set<String> figures = new LinkedHashSet<>();
    group.all().forEach(r -> figures.addAll(r.figures().keySet()));
    for (String figure : figures) {
      List<String> cells = new ArrayList<>(List.of(figure));
      for (String server : servers) {
        cells.add(joined(group.byServer.getOrDefault(server, List.of()).stream()
            .map(r -> r.figures().getOrDefault(figure, "-")).toList()));
      }
      peers.forEach(peer -> cells.add(""));
      rows.add(cells.toArray(String[]::new));
    }
    List<String> notes = new ArrayList<>(List.of("notes"));
    for (String server : servers) {
      List<Result> results = group.byServer.getOrDefault(server, List.of());
      notes.add(results.isEmpty() ? "no result"
          : joined(results.stream().map(r -> String.join("; ", ResultTable.notes(r))).toList()));
    }
    peers.forEach(peer -> notes.add(""));
    rows.add(notes.toArray(String[]::new));
    return rows;
  }

  /** One round's value, or "median (min-max)" of several; "-" when no round has one. */
  static String summary(double[] values, String format) {
    double[] known = Arrays.stream(values).filter(v -> !Double.isNaN(v) && !Double.isInfinite(v)).sorted().toArray();
    if (known.length == 0) {
      return "-";
    }
    int mid = known.length / 2;
    double middle = known.length % 2 == 1 ? known[mid] : (known[mid - 1] + known[mid]) / 2;
    String median = String.format(Locale.ROOT, format, middle);
    if (values.length == 1 || known[0] == known[known.length - 1]) {
      return median + (known.length < values.length ? " (" + known.length + " of " + values.length + " rounds)" : "");
    }
    return median + " (" + String.format(Locale.ROOT, format, known[0]) + "-"
        + String.format(Locale.ROOT, format, known[known.length - 1]) + ")";
  }

  /** The ratio base/peer round by round (the i-th run of each), summarized. */
  private static String ratios(List<Result> base, List<Result> peer, ToDoubleFunction<Result> value) {
    int n = Math.min(base.size(), peer.size());
    double[] ratios = new double[n];
    for (int i = 0; i < n; i++) {
      ratios[i] = value.applyAsDouble(base.get(i)) / value.applyAsDouble(peer.get(i));
    }
    return n == 0 ? "-" : summary(ratios, "%.2f");
  }

  /** The rounds' texts: one, or each prefixed with its round when they differ. */
  private static String joined(List<String> texts) {
    if (texts.isEmpty()) {
      return "-";
    }
    if (texts.stream().distinct().count() == 1) {
      return texts.get(0).isEmpty() ? "" : texts.get(0);
    }
    List<String> each = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      each.add("r" + (i + 1) + ": " + (texts.get(i).isEmpty() ? "-" : texts.get(i)));
    }
    return String.join(" / ", each);
  }
}

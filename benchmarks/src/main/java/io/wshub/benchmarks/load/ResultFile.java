package io.wshub.benchmarks.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One server's results as a file, for {@link SideBySide} to set several servers' runs side by
 * side: a line per field, "NAME TAB VALUE", a "result" line before each row. Lines, not the
 * markdown table, because a table's cells are rounded and its notes are joined.
 */
final class ResultFile {

  private static final String HEADER = "# load tool results, one field a line; SideBySide reads these";

  /** What one run of the tool measured on one server. */
  record Run(String server, List<Result> results) {}

  private ResultFile() {}

  static void write(Path file, String server, List<Result> results) throws IOException {
    StringBuilder out = new StringBuilder(HEADER).append('\n');
    line(out, "server", server);
    for (Result r : results) {
      out.append("result\n");
      line(out, "scenario", r.scenario());
      line(out, "load", r.load());
      line(out, "delivered", Long.toString(r.delivered()));
      line(out, "seconds", Double.toString(r.seconds()));
      Latencies.Summary l = r.latency();
      line(out, "latency", l.samples() + " " + l.p50() + " " + l.p90() + " " + l.p99() + " " + l.max());
      line(out, "lost", Long.toString(r.lost()));
      line(out, "notOnline", Long.toString(r.notOnline()));
      line(out, "serverCpuSeconds", Double.toString(r.serverCpuSeconds()));
      line(out, "toolCpuSeconds", Double.toString(r.toolCpuSeconds()));
      line(out, "redisCpuSeconds", Double.toString(r.redisCpuSeconds()));
      line(out, "kbPerConnection", Double.toString(r.kbPerConnection()));
      for (String note : r.notes()) {
        line(out, "note", note);
      }
      r.figures().forEach((name, value) -> out.append("figure\t").append(escape(name)).append('\t')
          .append(escape(value)).append('\n'));
      StringBuilder rss = new StringBuilder();
      for (Result.Sample sample : r.rss()) {
        rss.append(rss.length() == 0 ? "" : " ").append(sample.seconds()).append(':').append(sample.rssKb());
      }
      if (rss.length() > 0) {
        line(out, "rss", rss.toString());
      }
    }
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    Files.writeString(file, out);
  }

  static Run read(Path file) throws IOException {
    String server = null;
    List<Result> results = new ArrayList<>();
    Fields fields = null;
    for (String line : Files.readAllLines(file)) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.equals("result")) {
        if (fields != null) {
          results.add(fields.result());
        }
        fields = new Fields();
        continue;
      }
      int tab = line.indexOf('\t');
      String name = tab < 0 ? line : line.substring(0, tab);
      String value = tab < 0 ? "" : line.substring(tab + 1);
      if (name.equals("server")) {
        server = unescape(value);
      } else if (fields == null) {
        throw new IOException(file + ": " + name + " before the first result");
      } else {
        fields.put(name, value);
      }
    }
    if (fields != null) {
      results.add(fields.result());
    }
    if (server == null) {
      throw new IOException(file + ": no server line; not a results file?");
    }
    return new Run(server, results);
  }

  /** The fields of one result as they are read. */
  private static final class Fields {
    final Map<String, String> values = new LinkedHashMap<>();
    final List<String> notes = new ArrayList<>();
    final Map<String, String> figures = new LinkedHashMap<>();
    final List<Result.Sample> rss = new ArrayList<>();

    void put(String name, String value) {
      switch (name) {
        case "note" -> notes.add(unescape(value));
        case "figure" -> {
          int tab = value.indexOf('\t');
          figures.put(unescape(value.substring(0, Math.max(0, tab))), unescape(value.substring(tab + 1)));
        }
        case "rss" -> {
          for (String sample : value.split(" ")) {
            String[] parts = sample.split(":");
            rss.add(new Result.Sample(Double.parseDouble(parts[0]), Long.parseLong(parts[1])));
          }
        }
        default -> values.put(name, unescape(value));
      }
    }

    Result result() {
      String[] l = values.getOrDefault("latency", "0 0 0 0 0").split(" ");
      Latencies.Summary latency = new Latencies.Summary(Integer.parseInt(l[0]), Long.parseLong(l[1]),
          Long.parseLong(l[2]), Long.parseLong(l[3]), Long.parseLong(l[4]));
      return new Result(values.getOrDefault("scenario", "?"), values.getOrDefault("load", ""),
          Long.parseLong(values.getOrDefault("delivered", "0")), number("seconds"), latency,
          Long.parseLong(values.getOrDefault("lost", "0")), Long.parseLong(values.getOrDefault("notOnline", "0")),
          number("serverCpuSeconds"), number("toolCpuSeconds"), number("kbPerConnection"), notes, figures, rss,
          number("redisCpuSeconds"));
    }

    private double number(String name) {
      return Double.parseDouble(values.getOrDefault(name, "NaN"));
    }
  }

  private static void line(StringBuilder out, String name, String value) {
    out.append(name).append('\t').append(escape(value)).append('\n');
  }

  private static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "");
  }

  private static String unescape(String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\\' && i + 1 < value.length()) {
        char next = value.charAt(++i);
        out.append(next == 't' ? '\t' : next == 'n' ? '\n' : next);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}

package io.wshub.benchmarks.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Draws the overload runs' resident memory over time as one SVG line chart, a line per series
 * ({@code overload-rss-NAME.csv}, as the load tool writes them: {@code t_s,rss_mb}), so the README
 * can show at a glance whether a server's memory stays flat while it is offered more than it
 * carries. No dependency: the SVG is written by hand.
 *
 * <pre>java -cp benchmarks.jar io.wshub.benchmarks.load.OverloadChart --out chart.svg NAME=FILE.csv ...</pre>
 */
public final class OverloadChart {

  private static final int WIDTH = 720;
  private static final int HEIGHT = 360;
  private static final int LEFT = 64;
  private static final int RIGHT = 150;
  private static final int TOP = 36;
  private static final int BOTTOM = 44;
  private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"};

  /** One line: its name and its points, seconds against MB. */
  record Series(String name, List<double[]> points) {}

  private OverloadChart() {}

  /**
   * Writes the chart.
   *
   * @param args {@code --out FILE} and {@code [--title TEXT]}, then the series as {@code NAME=CSV}
   * @throws IOException if a file cannot be read or written
   */
  public static void main(String[] args) throws IOException {
    Path out = null;
    String title = "Resident memory under overload";
    List<Series> series = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--out" -> out = Path.of(args[++i]);
        case "--title" -> title = args[++i];
        default -> {
          int eq = args[i].indexOf('=');
          if (eq < 1) {
            throw new IllegalArgumentException("expected NAME=FILE.csv, got " + args[i]);
          }
          series.add(read(args[i].substring(0, eq), Path.of(args[i].substring(eq + 1))));
        }
      }
    }
    if (out == null || series.isEmpty()) {
      throw new IllegalArgumentException("usage: OverloadChart --out FILE.svg [--title TEXT] NAME=FILE.csv ...");
    }
    Files.writeString(out, svg(title, series));
    System.out.println("chart saved to " + out);
  }

  static Series read(String name, Path csv) throws IOException {
    List<double[]> points = new ArrayList<>();
    for (String line : Files.readAllLines(csv)) {
      String[] cells = line.split(",");
      if (cells.length == 2 && !cells[0].startsWith("t_")) {
        points.add(new double[] {Double.parseDouble(cells[0]), Double.parseDouble(cells[1])});
      }
    }
    return new Series(name, points);
  }

  static String svg(String title, List<Series> series) {
    double maxT = 1;
    double maxMb = 1;
    for (Series s : series) {
      for (double[] p : s.points()) {
        maxT = Math.max(maxT, p[0]);
        maxMb = Math.max(maxMb, p[1]);
      }
    }
    double mbStep = step(maxMb);
    double tStep = step(maxT);
    double topMb = Math.ceil(maxMb / mbStep) * mbStep;
    double topT = Math.ceil(maxT / tStep) * tStep;
    int plotW = WIDTH - LEFT - RIGHT;
    int plotH = HEIGHT - TOP - BOTTOM;
    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
            + "font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
    svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, HEIGHT));
    svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"20\" font-size=\"14\">%s</text>%n", LEFT, escape(title)));
    for (double mb = 0; mb <= topMb + 1e-9; mb += mbStep) {
      double y = TOP + plotH - mb / topMb * plotH;
      svg.append(String.format(Locale.ROOT,
          "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>"
              + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.0f</text>%n",
          LEFT, y, LEFT + plotW, y, LEFT - 6, y + 4, mb));
    }
    for (double t = 0; t <= topT + 1e-9; t += tStep) {
      double x = LEFT + t / topT * plotW;
      svg.append(String.format(Locale.ROOT,
          "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>"
              + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%.0f</text>%n",
          x, TOP, x, TOP + plotH, x, TOP + plotH + 16, t));
    }
    svg.append(String.format(Locale.ROOT,
        "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">seconds into the run</text>%n", LEFT + plotW / 2, HEIGHT - 8));
    svg.append(String.format(Locale.ROOT,
        "<text transform=\"translate(16 %d) rotate(-90)\" text-anchor=\"middle\">resident MB</text>%n", TOP + plotH / 2));
    for (int i = 0; i < series.size(); i++) {
      Series s = series.get(i);
      String colour = COLOURS[i % COLOURS.length];
      StringBuilder points = new StringBuilder();
      for (double[] p : s.points()) {
        points.append(String.format(Locale.ROOT, "%.1f,%.1f ", LEFT + p[0] / topT * plotW, TOP + plotH - p[1] / topMb * plotH));
      }
      svg.append(String.format(Locale.ROOT,
          "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%n", colour, points.toString().trim()));
      int legendY = TOP + 8 + i * 18;
      svg.append(String.format(Locale.ROOT,
          "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"3\"/>"
              + "<text x=\"%d\" y=\"%d\">%s</text>%n",
          LEFT + plotW + 12, legendY, LEFT + plotW + 30, legendY, colour, LEFT + plotW + 36, legendY + 4, escape(s.name())));
    }
    svg.append("</svg>\n");
    return svg.toString();
  }

  /** A round step for about five grid lines: 1, 2 or 5 times a power of ten. */
  static double step(double max) {
    double raw = max / 5;
    double power = Math.pow(10, Math.floor(Math.log10(raw)));
    for (double m : new double[] {1, 2, 5}) {
      if (m * power >= raw) {
        return m * power;
      }
    }
    return 10 * power;
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}

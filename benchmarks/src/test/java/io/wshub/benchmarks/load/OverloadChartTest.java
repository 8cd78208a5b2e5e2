package io.wshub.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The overload runs' memory series, as the load tool saves them, drawn as one chart. */
class OverloadChartTest {

  @TempDir
  Path dir;

  @Test
  void eachSeriesTheToolSavedIsALineWithItsNameInTheLegend() throws Exception {
    Path wshub = dir.resolve("overload-rss-wshub.csv");
    Path seed = dir.resolve("overload-rss-seed.csv");
    Files.writeString(wshub, ResultTable.rssCsv(List.of(new Result.Sample(0, 100 * 1024), new Result.Sample(20, 150 * 1024))));
    Files.writeString(seed, ResultTable.rssCsv(List.of(new Result.Sample(0, 30 * 1024), new Result.Sample(20, 40 * 1024))));
    Path svg = dir.resolve("chart.svg");

    OverloadChart.main(new String[] {"--out", svg.toString(), "wshub=" + wshub, "seed=" + seed});

    String chart = Files.readString(svg);
    assertThat(chart).startsWith("<svg").endsWith("</svg>\n");
    assertThat(chart.split("<polyline", -1)).hasSize(3);
    assertThat(chart).contains(">wshub</text>", ">seed</text>", ">resident MB</text>");
  }

  @Test
  void theHighestPointIsOnTheChartAndTheAxisEndsOnARoundNumber() {
    OverloadChart.Series series = new OverloadChart.Series("wshub", List.of(new double[] {0, 0}, new double[] {20, 147}));

    String chart = OverloadChart.svg("title", List.of(series));

    // 147 MB on an axis of 0-150 in steps of 50: the point is inside the plot, below its top line.
    assertThat(OverloadChart.step(147)).isEqualTo(50);
    assertThat(chart).contains(">100</text>", ">150</text>").doesNotContain(">200</text>");
  }

  @Test
  void aSeriesWithoutItsNameIsRefused() {
    assertThatThrownBy(() -> OverloadChart.main(new String[] {"--out", dir.resolve("x.svg").toString(), "no-name.csv"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NAME=FILE.csv");
  }
}

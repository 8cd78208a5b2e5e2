package io.wshub.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Results saved by one run per server, read back and set side by side with their ratios. */
class SideBySideTest {

  @TempDir
  Path dir;

  static Result window(long delivered, double serverCpuSeconds) {
    return new Result("p2p-window", "1000 clients, window 8, 10 s", delivered, 10,
        new Latencies.Summary(3, 1_000_000, 2_000_000, 3_000_000, 4_000_000), 0, 0, serverCpuSeconds, 1, Double.NaN,
        List.of("a note\twith a tab"));
  }

  static Result overload(String lost) {
    return new Result("overload", "1000 clients, 40,000 msg/s offered, 20 s, drain up to 10 s", 10, 1,
        Latencies.Summary.NONE, 0, 0, 1, 1, Double.NaN, List.of(), Map.of("LOST: \"success send\", never delivered", lost),
        List.of(new Result.Sample(0.0, 100 * 1024), new Result.Sample(1.0, 200 * 1024)));
  }

  @Test
  void aResultsFileReadsBackAsWritten() throws Exception {
    Result written = overload("3");
    Path file = dir.resolve("seed.results");

    ResultFile.write(file, "seed", List.of(window(100, 2), written));
    ResultFile.Run run = ResultFile.read(file);

    assertThat(run.server()).isEqualTo("seed");
    assertThat(run.results()).hasSize(2);
    assertThat(run.results().get(0).notes()).containsExactly("a note\twith a tab");
    assertThat(run.results().get(1)).isEqualTo(written);
  }

  @Test
  void eachServerHasAColumnAndEachPeerARatioToWshub() throws Exception {
    Path wshub = dir.resolve("1-wshub.results");
    Path seed = dir.resolve("2-seed.results");
    ResultFile.write(wshub, "wshub", List.of(window(400_000, 4), overload("0")));
    ResultFile.write(seed, "seed", List.of(window(1_000_000, 2), overload("7")));

    String table = SideBySide.markdown(List.of(ResultFile.read(wshub), ResultFile.read(seed)));

    assertThat(table).contains("| scenario | load | measure | wshub | seed | wshub/seed |",
        "| p2p-window | 1000 clients, window 8, 10 s | deliveries/s | 40,000 | 100,000 | 0.40 |",
        "|  |  | server CPU us/delivery | 10.00 | 2.00 | 5.00 |",
        "|  |  | LOST: \"success send\", never delivered | 0 | 7 |  |",
        "overload on seed, server resident memory (MB)");
  }

  @Test
  void aClustersRunAddsRedisCpuAndWhatServersAndRedisCostTogether() throws Exception {
    Path cluster = dir.resolve("1-two-nodes.results");
    Path single = dir.resolve("2-one-node.results");
    Result twoNodes = new Result("p2p-window", "1000 clients, window 8, 10 s", 100_000, 10, Latencies.Summary.NONE, 0, 0,
        3, 1, Double.NaN, List.of(), Map.of(Result.BUSIEST_THREADS, "node 1: wshub-hub 0.40; node 2: wshub-hub 0.38"),
        List.of(), 1);
    Result oneNode = new Result("p2p-window", "1000 clients, window 8, 10 s", 200_000, 10, Latencies.Summary.NONE, 0, 0,
        1, 1, Double.NaN, List.of(), Map.of(), List.of(), 0);
    ResultFile.write(cluster, "two-nodes", List.of(twoNodes));
    ResultFile.write(single, "one-node", List.of(oneNode));

    String table = SideBySide.markdown(List.of(ResultFile.read(cluster), ResultFile.read(single)));

    assertThat(table).contains("| scenario | load | measure | two-nodes | one-node | two-nodes/one-node |",
        "|  |  | server CPU us/delivery | 30.00 | 5.00 | 6.00 |",
        "|  |  | Redis CPU us/delivery | 10.00 | 0.00 |  |",
        "|  |  | server+Redis CPU us/delivery | 40.00 | 5.00 | 8.00 |",
        "|  |  | busiest server threads, cores | node 1: wshub-hub 0.40; node 2: wshub-hub 0.38 | - |  |");
    Path alone = dir.resolve("3-wshub.results");
    ResultFile.write(alone, "wshub", List.of(window(100, 2)));
    assertThat(SideBySide.markdown(List.of(ResultFile.read(alone)))).as("no Redis measured, no Redis rows")
        .doesNotContain("Redis");
  }

  @Test
  void severalRoundsShowTheirMedianAndRange() {
    assertThat(SideBySide.summary(new double[] {3, 1, 2}, "%.0f")).isEqualTo("2 (1-3)");
    assertThat(SideBySide.summary(new double[] {1, 3}, "%.0f")).isEqualTo("2 (1-3)");
    assertThat(SideBySide.summary(new double[] {5}, "%.0f")).isEqualTo("5");
    assertThat(SideBySide.summary(new double[] {Double.NaN, 4}, "%.0f")).isEqualTo("4 (1 of 2 rounds)");
    assertThat(SideBySide.summary(new double[] {Double.NaN}, "%.0f")).isEqualTo("-");
  }
}

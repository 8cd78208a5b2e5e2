package io.wshub.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatenciesTest {

  @Test
  void percentilesAreNearestRank() {
    Latencies latencies = new Latencies(1000);
    for (int value = 100; value >= 1; value--) { // recorded out of order, as I/O threads would
      latencies.record(value);
    }

    Latencies.Summary summary = latencies.summarize();

    assertThat(summary).isEqualTo(new Latencies.Summary(100, 50, 90, 99, 100));
  }

  @Test
  void aSingleSampleIsEveryPercentile() {
    Latencies latencies = new Latencies(10);
    latencies.record(7);

    assertThat(latencies.summarize()).isEqualTo(new Latencies.Summary(1, 7, 7, 7, 7));
  }

  @Test
  void percentileRoundsTheRankUp() {
    long[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};

    assertThat(Latencies.percentile(sorted, 50)).isEqualTo(6);
    assertThat(Latencies.percentile(sorted, 99)).isEqualTo(11);
    assertThat(Latencies.percentile(new long[0], 99)).isZero();
  }

  @Test
  void pastTheCapacitySamplesAreCountedNotKept() {
    Latencies latencies = new Latencies(2);
    latencies.record(1);
    latencies.record(2);
    latencies.record(3);

    assertThat(latencies.count()).isEqualTo(3);
    assertThat(latencies.summarize().samples()).isEqualTo(2);
  }
}

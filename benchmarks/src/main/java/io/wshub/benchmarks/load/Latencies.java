package io.wshub.benchmarks.load;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Every latency of a run, kept whole (a run is bounded, so is this) and sorted once at the end:
 * exact percentiles, no histogram buckets to argue about. Thread-safe.
 */
final class Latencies {

  private final AtomicLongArray nanos;
  private final AtomicInteger count = new AtomicInteger();

  Latencies(int capacity) {
    nanos = new AtomicLongArray(capacity);
  }

  /** Records one latency; past the capacity it is counted but not kept. */
  void record(long latencyNanos) {
    int i = count.getAndIncrement();
    if (i < nanos.length()) {
      nanos.set(i, latencyNanos);
    }
  }

  int count() {
    return count.get();
  }

  /** The percentiles of what was recorded; call after the recording threads are done. */
  Summary summarize() {
    int kept = Math.min(count.get(), nanos.length());
    long[] sorted = new long[kept];
    for (int i = 0; i < kept; i++) {
      sorted[i] = nanos.get(i);
    }
    Arrays.sort(sorted);
    return new Summary(kept, percentile(sorted, 50), percentile(sorted, 90), percentile(sorted, 99),
        kept == 0 ? 0 : sorted[kept - 1]);
  }

  /** The nearest-rank percentile: the smallest value that at least {@code p}% of values do not exceed. */
  static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }

  /** Latency percentiles in nanoseconds; {@code samples} 0 means nothing was measured. */
  record Summary(int samples, long p50, long p90, long p99, long max) {
    static final Summary NONE = new Summary(0, 0, 0, 0, 0);
  }
}

package io.rewardstream.topology.stats;

/**
 * A compact latency histogram with log-spaced buckets (5% wide), good for p50/p99 within a few
 * percent from 0 ms to about 36 minutes (1.05^299 ms) in 300 counters.
 */
public final class LatencyHistogram {
  static final int BUCKETS = 300;
  private static final double GROWTH = Math.log(1.05);

  final long[] counts;

  /**
   * The counts as the window's serde last wrote them, until the next {@link #record}: a window is
   * written on every chunk, its histogram changes only on a rejection.
   */
  byte[] encoded;

  public LatencyHistogram() {
    this(new long[BUCKETS]);
  }

  LatencyHistogram(long[] counts) {
    this.counts = counts;
  }

  public void record(double millis) {
    counts[bucket(millis)]++;
    encoded = null;
  }

  /** Adds the counts of {@code other}. */
  public void merge(LatencyHistogram other) {
    for (int i = 0; i < counts.length; i++) {
      counts[i] += other.counts[i];
    }
    encoded = null;
  }

  public long count() {
    long total = 0;
    for (long c : counts) {
      total += c;
    }
    return total;
  }

  /**
   * The value at quantile {@code q} (0..1): the upper bound of the bucket holding it; 0 if empty.
   */
  public double quantile(double q) {
    long total = count();
    if (total == 0) {
      return 0;
    }
    long rank = (long) Math.ceil(q * total);
    long seen = 0;
    for (int i = 0; i < counts.length; i++) {
      seen += counts[i];
      if (seen >= Math.max(1, rank)) {
        return upperBound(i);
      }
    }
    return upperBound(counts.length - 1);
  }

  static int bucket(double millis) {
    if (!(millis > 0)) {
      return 0;
    }
    int b = 1 + (int) Math.floor(Math.log1p(millis) / GROWTH);
    return Math.min(BUCKETS - 1, b);
  }

  static double upperBound(int bucket) {
    if (bucket == 0) {
      return 0;
    }
    return Math.expm1(bucket * GROWTH);
  }
}

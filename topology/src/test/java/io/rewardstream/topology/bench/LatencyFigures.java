package io.rewardstream.topology.bench;

import java.util.ArrayList;
import java.util.List;

/** Percentiles of latencies in milliseconds, and the measured rounds of a latency run pooled. */
final class LatencyFigures {
  private LatencyFigures() {}

  /** "p50 .. ms, p99 .. ms, max .. ms (n)" of {@code values}. */
  static String percentiles(List<Long> values) {
    if (values.isEmpty()) {
      return "none";
    }
    List<Long> sorted = values.stream().sorted().toList();
    return String.format(
        "p50 %d ms, p90 %d ms, p99 %d ms, max %d ms (%d)",
        percentile(sorted, 0.5),
        percentile(sorted, 0.90),
        percentile(sorted, 0.99),
        sorted.get(sorted.size() - 1),
        sorted.size());
  }

  /** The {@code q} quantile of non-empty {@code sorted} values (nearest rank below). */
  static long percentile(List<Long> sorted, double q) {
    return sorted.get((int) Math.floor(q * (sorted.size() - 1)));
  }

  /** The measured latency rounds' figures, pooled, and each round's decided p99. */
  static final class Pooled {
    final List<Long> decided = new ArrayList<>();
    final List<Long> uncommitted = new ArrayList<>();
    final List<Long> committed = new ArrayList<>();
    final List<Long> roundP99s = new ArrayList<>();
    int rounds;

    void add(List<Long> roundDecided, List<Long> roundUncommitted, List<Long> roundCommitted) {
      decided.addAll(roundDecided);
      uncommitted.addAll(roundUncommitted);
      committed.addAll(roundCommitted);
      List<Long> sorted = roundDecided.stream().sorted().toList();
      if (!sorted.isEmpty()) {
        roundP99s.add(percentile(sorted, 0.99));
      }
      rounds++;
    }
  }
}

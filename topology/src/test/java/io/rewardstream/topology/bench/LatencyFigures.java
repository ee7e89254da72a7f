package io.rewardstream.topology.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

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

  /**
   * Decision latency by when the source chunk was produced: for each {@code bucketMillis} from the
   * earliest, "[from ms] count p50/max", to show which moments of a round make its tail.
   */
  static String timeline(List<RejectionReader.Seen> seen, long bucketMillis) {
    long startMillis =
        seen.stream().mapToLong(RejectionReader.Seen::sourceProducedAt).min().orElse(0);
    TreeMap<Long, List<Long>> buckets = new TreeMap<>();
    for (RejectionReader.Seen s : seen) {
      long bucket = (s.sourceProducedAt() - startMillis) / bucketMillis * bucketMillis;
      buckets
          .computeIfAbsent(bucket, b -> new ArrayList<>())
          .add(s.event().getDecidedAt().toEpochMilli() - s.sourceProducedAt());
    }
    StringBuilder out = new StringBuilder();
    buckets.forEach(
        (from, values) -> {
          List<Long> sorted = values.stream().sorted().toList();
          out.append(
              String.format(
                  " [%d] %d %d/%d",
                  from, sorted.size(), percentile(sorted, 0.5), sorted.get(sorted.size() - 1)));
        });
    return out.toString();
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

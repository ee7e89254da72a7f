package io.rewardstream.topology.bench;

import io.rewardstream.avro.StepScore;
import io.rewardstream.topology.StreamsHarnessAccess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Where a latency run's decision latency went, read from RewardStream's sensors and the stream
 * thread's metrics: per-round means from the sensors' sums and counts, the sensors' own averages
 * and maxima, and (with {@code bench.debug}) the stream thread's metrics and the StepScore lag.
 */
final class StageLatency {
  private StageLatency() {}

  /** RewardStream's latency sums and counts ({@code -latency-sum}, {@code -total}), over tasks. */
  static Map<String, Double> latencyTotals(KafkaStreams streams) {
    Map<String, Double> totals = new TreeMap<>();
    streams
        .metrics()
        .forEach(
            (name, metric) -> {
              if (name.group().contains("rewardstream")
                  && (name.name().endsWith("-latency-sum") || name.name().endsWith("-total"))) {
                totals.merge(
                    name.name(), ((Number) metric.metricValue()).doubleValue(), Double::sum);
              }
            });
    return totals;
  }

  /** Each stage's mean latency between two {@link #latencyTotals} snapshots. */
  static String latencyMeans(Map<String, Double> before, Map<String, Double> after) {
    StringBuilder means = new StringBuilder();
    after.forEach(
        (name, sum) -> {
          if (!name.endsWith("-latency-sum")) {
            return;
          }
          String stage = name.substring(0, name.length() - "-latency-sum".length());
          double count =
              after.getOrDefault(stage + "-total", 0.0)
                  - before.getOrDefault(stage + "-total", 0.0);
          double total = sum - before.getOrDefault(name, 0.0);
          means.append(
              String.format(
                  "%s %.1f (%d); ", stage, count > 0 ? total / count : 0.0, Math.round(count)));
        });
    return means.toString().trim();
  }

  /**
   * Where the decision latency went, from RewardStream's sensors (mean over tasks of their
   * averages, and the largest maximum; the sensors' windows cover the last 30-60 s) and the stream
   * thread's commit figures.
   */
  static void latencyBreakdown(KafkaStreams streams) {
    Map<String, List<Double>> values = new TreeMap<>();
    streams
        .metrics()
        .forEach(
            (name, metric) -> {
              boolean ours =
                  name.group().contains("rewardstream")
                      && (name.name().endsWith("-latency-avg")
                          || name.name().endsWith("-latency-max"));
              boolean commit =
                  name.group().equals("stream-thread-metrics")
                      && name.name().startsWith("commit-")
                      && !name.name().endsWith("-rate");
              if (ours || commit) {
                values
                    .computeIfAbsent(name.name(), k -> new ArrayList<>())
                    .add(((Number) metric.metricValue()).doubleValue());
              }
            });
    StringBuilder line = new StringBuilder("latency breakdown (ms):");
    values.forEach(
        (name, all) -> {
          double value =
              name.endsWith("-max")
                  ? all.stream().max(Double::compare).orElse(0.0)
                  : all.stream().reduce(0.0, Double::sum) / all.size();
          line.append(String.format(" %s %.1f;", name.replace("-latency", ""), value));
        });
    System.out.println(line);
  }

  /** Stream-thread metrics and the lag of StepScores behind their chunks. */
  static void debugStreamMetrics(StreamsHarnessAccess harness, KafkaStreams streams) {
    streams
        .metrics()
        .forEach(
            (name, metric) -> {
              if (name.group().equals("stream-thread-metrics")
                  && (name.name().endsWith("-latency-avg")
                      || name.name().endsWith("-latency-max")
                      || name.name().endsWith("-ratio")
                      || name.name().endsWith("-total"))) {
                System.out.println("DEBUG " + name.name() + " " + metric.metricValue());
              }
            });
    try (KafkaConsumer<String, StepScore> scores =
        harness.consumer(harness.topics().stepScores(), StepScore.class)) {
      List<Long> lags = new ArrayList<>();
      for (int k = 0; k < 30; k++) {
        for (ConsumerRecord<String, StepScore> r : scores.poll(Duration.ofMillis(200))) {
          lags.add(
              r.value().getScoredAt().toEpochMilli()
                  - r.value().getSourceProducedAt().toEpochMilli());
        }
      }
      System.out.println("DEBUG step score lag " + LatencyFigures.percentiles(lags));
    }
  }
}

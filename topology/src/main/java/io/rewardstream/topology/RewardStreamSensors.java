package io.rewardstream.topology;

import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.common.metrics.stats.Rate;
import org.apache.kafka.streams.StreamsMetrics;

/**
 * RewardStream's own figures as Kafka Streams sensors (scope {@code rewardstream}, one entity per
 * task), so that everything exporting Streams metrics (JMX, Micrometer's Kafka Streams binder)
 * exports them too. They are removed when the task's processor closes, so a task that moves to
 * another thread or instance leaves no stale metrics behind.
 */
final class RewardStreamSensors {
  static final String SCOPE = "rewardstream";

  final Sensor chunks;
  final Sensor duplicates;
  final Sensor tokens;
  final Sensor stepScores;
  final Sensor rejections;
  final Sensor sequencesEnded;
  final Sensor groupsEnded;
  final Sensor tokensSaved;
  final Sensor tokensIgnored;
  final Sensor decisionLatency;

  /* Where decision latency goes, in milliseconds: chunk produced -> processed by its task,
  scoring job queued -> in a model call, the model call, and the result waiting for its task. */
  final Sensor chunkIntake;
  final Sensor scoreQueue;
  final Sensor scoreModel;
  final Sensor scoreResultWait;

  private final StreamsMetrics metrics;

  RewardStreamSensors(StreamsMetrics metrics, String entity) {
    this.metrics = metrics;
    chunks = rateTotal(metrics, entity, "chunks");
    duplicates = rateTotal(metrics, entity, "duplicate-chunks");
    tokens = rateSum(metrics, entity, "tokens-generated");
    stepScores = rateTotal(metrics, entity, "step-scores");
    rejections = rateTotal(metrics, entity, "rejections");
    sequencesEnded = rateTotal(metrics, entity, "sequences-ended");
    groupsEnded = rateTotal(metrics, entity, "groups-ended");
    tokensSaved = rateSum(metrics, entity, "tokens-saved");
    tokensIgnored = rateSum(metrics, entity, "tokens-ignored-after-rejection");
    decisionLatency =
        metrics.addLatencyRateTotalSensor(SCOPE, entity, "decision", Sensor.RecordingLevel.INFO);
    chunkIntake =
        metrics.addLatencyRateTotalSensor(
            SCOPE, entity, "chunk-intake", Sensor.RecordingLevel.INFO);
    scoreQueue =
        metrics.addLatencyRateTotalSensor(SCOPE, entity, "score-queue", Sensor.RecordingLevel.INFO);
    scoreModel =
        metrics.addLatencyRateTotalSensor(SCOPE, entity, "score-model", Sensor.RecordingLevel.INFO);
    scoreResultWait =
        metrics.addLatencyRateTotalSensor(
            SCOPE, entity, "score-result-wait", Sensor.RecordingLevel.INFO);
  }

  /** Removes every sensor (and its metrics) this task registered. */
  void remove() {
    for (Sensor sensor :
        new Sensor[] {
          chunks,
          duplicates,
          tokens,
          stepScores,
          rejections,
          sequencesEnded,
          groupsEnded,
          tokensSaved,
          tokensIgnored,
          decisionLatency,
          chunkIntake,
          scoreQueue,
          scoreModel,
          scoreResultWait
        }) {
      metrics.removeSensor(sensor);
    }
  }

  /**
   * A sensor whose recorded values are amounts (tokens): {@code <operation>-total} sums them and
   * {@code <operation>-rate} is their sum per second. (Streams' own rate-total sensors count calls,
   * whatever the value.) Named and tagged like the rate-total sensors beside it.
   */
  private static Sensor rateSum(StreamsMetrics metrics, String entity, String operation) {
    Sensor sensor = metrics.addSensor(entity + "." + operation, Sensor.RecordingLevel.INFO);
    Map<String, String> tags =
        Map.of("thread-id", Thread.currentThread().getName(), SCOPE + "-id", entity);
    String group = "stream-" + SCOPE + "-metrics";
    sensor.add(
        new MetricName(operation + "-total", group, "The total of " + operation, tags),
        new CumulativeSum());
    sensor.add(
        new MetricName(operation + "-rate", group, "The per-second " + operation, tags),
        new Rate());
    return sensor;
  }

  private static Sensor rateTotal(StreamsMetrics metrics, String entity, String operation) {
    return metrics.addRateTotalSensor(SCOPE, entity, operation, Sensor.RecordingLevel.INFO);
  }
}

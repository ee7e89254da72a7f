package io.rewardstream.topology;

import java.util.ArrayList;
import java.util.List;
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
  private final String entity;
  private final List<Sensor> registered = new ArrayList<>();

  RewardStreamSensors(StreamsMetrics metrics, String entity) {
    this.metrics = metrics;
    this.entity = entity;
    chunks = rateTotal("chunks");
    duplicates = rateTotal("duplicate-chunks");
    tokens = rateSum("tokens-generated");
    stepScores = rateTotal("step-scores");
    rejections = rateTotal("rejections");
    sequencesEnded = rateTotal("sequences-ended");
    groupsEnded = rateTotal("groups-ended");
    tokensSaved = rateSum("tokens-saved");
    tokensIgnored = rateSum("tokens-ignored-after-rejection");
    decisionLatency = latency("decision");
    chunkIntake = latency("chunk-intake");
    scoreQueue = latency("score-queue");
    scoreModel = latency("score-model");
    scoreResultWait = latency("score-result-wait");
  }

  /** Removes every sensor (and its metrics) this task registered. */
  void remove() {
    registered.forEach(metrics::removeSensor);
    registered.clear();
  }

  /**
   * A sensor whose recorded values are amounts (tokens): {@code <operation>-total} sums them and
   * {@code <operation>-rate} is their sum per second. (Streams' own rate-total sensors count calls,
   * whatever the value.) Named and tagged like the rate-total sensors beside it.
   */
  private Sensor rateSum(String operation) {
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
    return register(sensor);
  }

  /**
   * {@code <operation>-latency-avg/-max}, {@code -rate} and {@code -total} (a count), in
   * milliseconds, and {@code <operation>-latency-sum}: avg and max cover Kafka's sample windows
   * (the last 30-60 s), while sum and total never reset, so the mean over any interval is the
   * change of the one over the change of the other (what Prometheus computes from a summary).
   */
  private Sensor latency(String operation) {
    Sensor sensor =
        metrics.addLatencyRateTotalSensor(SCOPE, entity, operation, Sensor.RecordingLevel.INFO);
    sensor.add(
        new MetricName(
            operation + "-latency-sum",
            "stream-" + SCOPE + "-metrics",
            "The total " + operation + " latency in ms, of every value recorded",
            Map.of("thread-id", Thread.currentThread().getName(), SCOPE + "-id", entity)),
        new CumulativeSum());
    return register(sensor);
  }

  private Sensor rateTotal(String operation) {
    return register(
        metrics.addRateTotalSensor(SCOPE, entity, operation, Sensor.RecordingLevel.INFO));
  }

  private Sensor register(Sensor sensor) {
    registered.add(sensor);
    return sensor;
  }
}

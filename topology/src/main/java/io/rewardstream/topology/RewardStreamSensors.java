package io.rewardstream.topology;

import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.StreamsMetrics;

/**
 * RewardStream's own figures as Kafka Streams sensors (scope {@code rewardstream}, one entity per
 * task), so that everything exporting Streams metrics (JMX, Micrometer's Kafka Streams binder)
 * exports them too.
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

  RewardStreamSensors(StreamsMetrics metrics, String entity) {
    chunks = rateTotal(metrics, entity, "chunks");
    duplicates = rateTotal(metrics, entity, "duplicate-chunks");
    tokens = rateTotal(metrics, entity, "tokens-generated");
    stepScores = rateTotal(metrics, entity, "step-scores");
    rejections = rateTotal(metrics, entity, "rejections");
    sequencesEnded = rateTotal(metrics, entity, "sequences-ended");
    groupsEnded = rateTotal(metrics, entity, "groups-ended");
    tokensSaved = rateTotal(metrics, entity, "tokens-saved");
    tokensIgnored = rateTotal(metrics, entity, "tokens-ignored-after-rejection");
    decisionLatency =
        metrics.addLatencyRateTotalSensor(SCOPE, entity, "decision", Sensor.RecordingLevel.INFO);
  }

  private static Sensor rateTotal(StreamsMetrics metrics, String entity, String operation) {
    return metrics.addRateTotalSensor(SCOPE, entity, operation, Sensor.RecordingLevel.INFO);
  }
}

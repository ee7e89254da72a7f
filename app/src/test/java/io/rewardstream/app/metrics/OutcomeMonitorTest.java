package io.rewardstream.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rewardstream.avro.RejectionStats;
import io.rewardstream.serde.SchemaRegistryUnavailableException;
import io.rewardstream.topology.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.internals.AutoOffsetResetStrategy;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class OutcomeMonitorTest {

  private static RejectionStats window(long start, long saved, double rate) {
    return window("v1", start, saved, rate);
  }

  private static RejectionStats window(String policy, long start, long saved, double rate) {
    return RejectionStats.newBuilder()
        .setWindowStart(Instant.ofEpochMilli(start))
        .setWindowEnd(Instant.ofEpochMilli(start + 60_000))
        .setPolicyVersion(policy)
        .setSequencesStarted(0)
        .setSequencesFinished(0)
        .setSequencesRejected(0)
        .setRejectionRate(rate)
        .setTokensGenerated(0)
        .setTokensSaved(saved)
        .setDecisions(0)
        .setDecisionLatencyP50Ms(0)
        .setDecisionLatencyP99Ms(0)
        .build();
  }

  @Test
  void shouldCountOnlyWhatACorrectedWindowAddsAndKeepTheLatestWindowsRate() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (OutcomeMonitor monitor = unstarted(registry)) {
      monitor.observe(window(0, 100, 0.25));
      monitor.observe(window(60_000, 50, 0.5));
      // Window 0 again, corrected by a late task's share.
      monitor.observe(window(0, 130, 0.3));

      assertThat(registry.get("rewardstream.outcome.tokens.saved").counter().count())
          .isEqualTo(180);
      assertThat(registry.get("rewardstream.outcome.rejection.rate").gauge().value())
          .isEqualTo(0.5);
    }
  }

  @Test
  void shouldKeepEachPolicyVersionsRejectionRateApart() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (OutcomeMonitor monitor = unstarted(registry)) {
      monitor.observe(window("policy-a", 60_000, 0, 0.25));
      monitor.observe(window("policy-b", 60_000, 0, 0.75));
      monitor.observe(window("policy-a", 0, 0, 0.9)); // an older window, corrected late

      assertThat(rate(registry, "policy-a")).isEqualTo(0.25);
      assertThat(rate(registry, "policy-b")).isEqualTo(0.75);
      assertThat(registry.get("rewardstream.outcome.monitor.up").gauge().value()).isZero();
    }
  }

  /** A monitor that is never started: the tests hand it records themselves. */
  private static OutcomeMonitor unstarted(SimpleMeterRegistry registry) {
    return new OutcomeMonitor(
        Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1"),
        (topic, data) -> null,
        Topics.defaults(),
        registry);
  }

  private static double rate(SimpleMeterRegistry registry, String policy) {
    return registry
        .get("rewardstream.outcome.rejection.rate")
        .tag("policy_version", policy)
        .gauge()
        .value();
  }

  @Test
  void shouldReadARecordAgainWhenTheRegistryFailedToDecodeItAndSayWhileItRetries()
      throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    MockConsumer<String, SpecificRecord> consumer =
        new MockConsumer<>(AutoOffsetResetStrategy.LATEST.name());
    Topics topics = Topics.defaults();
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : List.of(topics.rejections(), topics.rewards(), topics.metrics())) {
      consumer.updatePartitions(topic, List.of(new PartitionInfo(topic, 0, null, null, null)));
      partitions.add(new TopicPartition(topic, 0));
    }
    Map<TopicPartition, Long> ends = new HashMap<>();
    partitions.forEach(p -> ends.put(p, 7L));
    consumer.updateEndOffsets(ends);
    TopicPartition metrics = new TopicPartition(topics.metrics(), 0);
    consumer.schedulePollTask(() -> {}); // one quiet poll: the monitor is up
    consumer.schedulePollTask(
        () ->
            consumer.setPollException(
                new RecordDeserializationException(
                    RecordDeserializationException.DeserializationExceptionOrigin.VALUE,
                    metrics,
                    7,
                    0L,
                    TimestampType.CREATE_TIME,
                    null,
                    null,
                    new RecordHeaders(),
                    "registry down",
                    new SchemaRegistryUnavailableException(
                        "http://registry", 1, "down", -1, null))));
    AtomicReference<Double> upWhileRetrying = new AtomicReference<>();
    consumer.schedulePollTask(
        () -> {
          upWhileRetrying.set(registry.get("rewardstream.outcome.monitor.up").gauge().value());
          consumer.addRecord(
              new ConsumerRecord<>(
                  topics.metrics(), 0, consumer.position(metrics), "v1", window(0, 40, 0.5)));
        });
    try (OutcomeMonitor monitor =
        new OutcomeMonitor(consumer, topics, registry, Duration.ofMillis(10))) {
      monitor.start();

      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> registry.get("rewardstream.outcome.tokens.saved").counter().count() == 40);
      assertThat(upWhileRetrying.get()).isZero();
      assertThat(consumer.position(metrics)).isEqualTo(8);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> registry.get("rewardstream.outcome.monitor.up").gauge().value() == 1);
    }
  }
}

package io.rewardstream.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

class KafkaSettingsTest {

  @Test
  void shouldBoundTheStartupAdminByTheStartupTimeoutAndApplyAdminPrefixedSettings() {
    Properties streams = new Properties();
    streams.put("bootstrap.servers", "kafka:9092");
    streams.put("sasl.mechanism", "PLAIN");
    streams.put("admin.sasl.mechanism", "SCRAM-SHA-512");
    streams.put("admin.sasl.jaas.config", "secret");
    streams.put("consumer.max.poll.records", "100");
    streams.put("processing.guarantee", "exactly_once_v2");

    Map<String, Object> admin = KafkaSettings.startupAdmin(streams, Duration.ofSeconds(2));

    assertThat(admin)
        .containsEntry("bootstrap.servers", "kafka:9092")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("sasl.jaas.config", "secret")
        .containsEntry(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2_000)
        .containsEntry(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000)
        .doesNotContainKeys(
            "processing.guarantee", "max.poll.records", "consumer.max.poll.records");
  }

  @Test
  void shouldGiveTheOutcomeMonitorTheSecuritySettingsOfTheStreamsConsumers() {
    Properties streams = new Properties();
    streams.put("bootstrap.servers", "kafka:9092");
    streams.put("consumer.security.protocol", "SASL_SSL");
    streams.put("main.consumer.sasl.jaas.config", "secret");
    streams.put("main.consumer.processing.exception.handler.global.enabled", "true");
    streams.put("consumer.max.poll.records", "100");

    Map<String, Object> consumer = KafkaSettings.monitorConsumer(streams);

    assertThat(consumer)
        .containsEntry("bootstrap.servers", "kafka:9092")
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.jaas.config", "secret")
        .doesNotContainKeys("processing.exception.handler.global.enabled", "max.poll.records");
  }
}

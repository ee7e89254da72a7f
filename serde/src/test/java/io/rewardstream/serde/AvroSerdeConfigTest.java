package io.rewardstream.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rewardstream.avro.StepScore;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class AvroSerdeConfigTest {

  @Test
  void shouldDocumentEveryKey() {
    for (ConfigDef.ConfigKey key : AvroSerdeConfig.configDef().configKeys().values()) {
      assertThat(key.documentation).as(key.name).isNotBlank().endsWith(".");
      assertThat(key.importance).as(key.name).isNotNull();
    }
  }

  @Test
  void shouldRejectAnUnknownSubjectNameStrategyListingTheKnownOnes() {
    Map<String, Object> props =
        Map.of(AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY_CONFIG, "TopicRecordNameStrategy");

    assertThatThrownBy(() -> new AvroSerdeConfig(props))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("TopicRecordNameStrategy")
        .hasMessageContaining("RecordNameStrategy, TopicNameStrategy");
  }

  @Test
  void shouldAcceptConfluentStrategyClassNames() {
    AvroSerdeConfig config =
        new AvroSerdeConfig(
            Map.of(
                AvroSerdeConfig.KEY_SUBJECT_NAME_STRATEGY_CONFIG,
                "io.confluent.kafka.serializers.subject.RecordNameStrategy"));

    assertThat(config.subjectNameStrategy(true).subjectName("t", true, StepScore.getClassSchema()))
        .isEqualTo("io.rewardstream.avro.StepScore");
    assertThat(config.subjectNameStrategy(false).subjectName("t", false, null))
        .isEqualTo("t-value");
  }

  @Test
  void shouldRequireARegistryUrlWhenNoClientIsGiven() {
    try (SpecificAvroSerde<StepScore> serde = new SpecificAvroSerde<>(StepScore.class)) {
      assertThatThrownBy(() -> serde.configure(Map.of(), false))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("schema.registry.url is required");
    }
  }

  @Test
  void shouldRejectANonHttpRegistryUrl() {
    Map<String, Object> props = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, "ftp://x");

    assertThatThrownBy(() -> SchemaRegistryClients.create(new AvroSerdeConfig(props)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("must be http(s):// or mock://");
  }

  @Test
  void shouldRejectANonPositiveRequestTimeout() {
    Map<String, Object> props = Map.of(AvroSerdeConfig.REQUEST_TIMEOUT_MS_CONFIG, 0);

    assertThatThrownBy(() -> new AvroSerdeConfig(props))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(AvroSerdeConfig.REQUEST_TIMEOUT_MS_CONFIG);
  }

  @Test
  void shouldRefuseAConfluentSettingItDoesNotImplementNamingIt() {
    Map<String, Object> props =
        Map.of(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS_CONFIG, false, "use.latest.version", true);

    assertThatThrownBy(() -> new AvroSerdeConfig(props))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("use.latest.version")
        .hasMessageContaining("does not implement")
        .hasMessageContaining("set it to false");
  }

  @Test
  void shouldAcceptAConfluentSettingItDoesNotImplementAtItsHarmlessValue() {
    Map<String, Object> props =
        Map.of(
            "use.latest.version", "false",
            "normalize.schemas", false,
            "bearer.auth.credentials.source", "STATIC_TOKEN");

    assertThat(new AvroSerdeConfig(props).autoRegisterSchemas()).isTrue();
  }
}

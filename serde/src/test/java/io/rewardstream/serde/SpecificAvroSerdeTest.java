package io.rewardstream.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rewardstream.avro.GenerationChunk;
import io.rewardstream.avro.StepScore;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SpecificAvroSerdeTest {

  private final String scope = "serde-test-" + UUID.randomUUID();
  private final Map<String, Object> config =
      Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, MockSchemaRegistry.URL_PREFIX + scope);

  static Iterable<SpecificRecord> everyType() {
    return Records.everyType();
  }

  @ParameterizedTest
  @MethodSource("everyType")
  void shouldRoundTripEveryEventType(SpecificRecord record) {
    try (SpecificAvroSerde<SpecificRecord> serde = new SpecificAvroSerde<>()) {
      serde.configure(config, false);

      byte[] frame = serde.serializer().serialize("events", record);

      assertThat(serde.deserializer().deserialize("events", frame)).isEqualTo(record);
    }
  }

  @Test
  void shouldPrefixTheAvroBodyWithMagicByteAndRegisteredId() {
    GenerationChunk chunk = Records.generationChunk(4);
    try (SpecificAvroSerde<GenerationChunk> serde =
        new SpecificAvroSerde<>(GenerationChunk.class)) {
      serde.configure(config, false);

      byte[] frame = serde.serializer().serialize("generations", chunk);

      int id = MockSchemaRegistry.forScope(scope).getId("generations-value", chunk.getSchema());
      assertThat(frame[0]).isEqualTo(WireFormat.MAGIC_BYTE);
      assertThat(WireFormat.schemaId(frame)).isEqualTo(id);
    }
  }

  @Test
  void shouldRegisterKeysAndValuesUnderTopicNameSubjectsByDefault() {
    MockSchemaRegistry registry = MockSchemaRegistry.forScope(scope);
    try (SpecificAvroSerde<StepScore> keys = new SpecificAvroSerde<>(StepScore.class);
        SpecificAvroSerde<StepScore> values = new SpecificAvroSerde<>(StepScore.class)) {
      keys.configure(config, true);
      values.configure(config, false);

      keys.serializer().serialize("scores", Records.stepScore());
      values.serializer().serialize("scores", Records.stepScore());
    }

    assertThat(registry.getId("scores-key", StepScore.getClassSchema())).isPositive();
    assertThat(registry.getId("scores-value", StepScore.getClassSchema())).isPositive();
  }

  @Test
  void shouldRegisterUnderTheRecordNameWhenConfigured() {
    try (SpecificAvroSerde<StepScore> serde = new SpecificAvroSerde<>(StepScore.class)) {
      serde.configure(
          Map.of(
              AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG,
              MockSchemaRegistry.URL_PREFIX + scope,
              AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY_CONFIG,
              "RecordNameStrategy"),
          false);

      serde.serializer().serialize("scores", Records.stepScore());
    }

    assertThat(
            MockSchemaRegistry.forScope(scope)
                .getId("io.rewardstream.avro.StepScore", StepScore.getClassSchema()))
        .isPositive();
  }

  @Test
  void shouldRefuseUnregisteredSchemaWhenAutoRegistrationIsOff() {
    try (SpecificAvroSerde<StepScore> serde = new SpecificAvroSerde<>(StepScore.class)) {
      serde.configure(
          Map.of(
              AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG,
              MockSchemaRegistry.URL_PREFIX + scope,
              AvroSerdeConfig.AUTO_REGISTER_SCHEMAS_CONFIG,
              false),
          false);

      assertThatThrownBy(() -> serde.serializer().serialize("scores", Records.stepScore()))
          .isInstanceOf(SchemaNotRegisteredException.class)
          .hasMessageContaining("subject 'scores-value'")
          .hasMessageContaining("auto.register.schemas");
    }
  }

  @Test
  void shouldUseThePreRegisteredIdWhenAutoRegistrationIsOff() {
    int id =
        MockSchemaRegistry.forScope(scope).register("scores-value", StepScore.getClassSchema());
    try (SpecificAvroSerde<StepScore> serde = new SpecificAvroSerde<>(StepScore.class)) {
      serde.configure(
          Map.of(
              AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG,
              MockSchemaRegistry.URL_PREFIX + scope,
              AvroSerdeConfig.AUTO_REGISTER_SCHEMAS_CONFIG,
              "false"),
          false);

      byte[] frame = serde.serializer().serialize("scores", Records.stepScore());

      assertThat(WireFormat.schemaId(frame)).isEqualTo(id);
    }
  }

  @Test
  void shouldWriteTheNextRecordWholeAfterOneFailedHalfway() {
    GenerationChunk good = Records.generationChunk(3);
    GenerationChunk broken = GenerationChunk.newBuilder(good).build();
    broken.setTokenIds(null); // a required field: the writer fails after the fields before it
    try (SpecificAvroSerde<GenerationChunk> serde =
        new SpecificAvroSerde<>(GenerationChunk.class)) {
      serde.configure(config, false);
      byte[] expected = serde.serializer().serialize("generations", good);

      assertThatThrownBy(() -> serde.serializer().serialize("generations", broken))
          .isInstanceOf(SerializationException.class);

      assertThat(serde.serializer().serialize("generations", good)).isEqualTo(expected);
    }
  }

  @Test
  void shouldMapNullToNullBothWays() {
    try (SpecificAvroSerde<StepScore> serde = new SpecificAvroSerde<>(StepScore.class)) {
      serde.configure(config, false);

      assertThat(serde.serializer().serialize("scores", null)).isNull();
      assertThat(serde.deserializer().deserialize("scores", null)).isNull();
    }
  }

  @Test
  void shouldCallTheRegistryOncePerSchemaWithAWarmCache() {
    CountingSchemaRegistryClient writes =
        new CountingSchemaRegistryClient(MockSchemaRegistry.forScope(scope));
    CountingSchemaRegistryClient reads =
        new CountingSchemaRegistryClient(MockSchemaRegistry.forScope(scope));
    SpecificAvroSerializer<SpecificRecord> serializer =
        new SpecificAvroSerializer<>(new CachedSchemaRegistryClient(writes));
    SpecificAvroDeserializer<SpecificRecord> deserializer =
        new SpecificAvroDeserializer<>(null, new CachedSchemaRegistryClient(reads));

    for (int i = 0; i < 50; i++) {
      deserializer.deserialize("scores", serializer.serialize("scores", Records.stepScore()));
      deserializer.deserialize(
          "chunks", serializer.serialize("chunks", Records.generationChunk(i)));
    }

    MockSchemaRegistry registry = MockSchemaRegistry.forScope(scope);
    int scoreId = registry.getId("scores-value", StepScore.getClassSchema());
    int chunkId = registry.getId("chunks-value", GenerationChunk.getClassSchema());
    assertThat(writes.registrations("scores-value")).isEqualTo(1);
    assertThat(writes.registrations("chunks-value")).isEqualTo(1);
    assertThat(writes.total()).isEqualTo(2);
    assertThat(reads.fetches(scoreId)).isEqualTo(1);
    assertThat(reads.fetches(chunkId)).isEqualTo(1);
    assertThat(reads.total()).isEqualTo(2);
  }

  @Test
  void shouldWorkUnconfiguredWhenGivenAClient() {
    SchemaRegistryClient client = MockSchemaRegistry.forScope(scope);
    SpecificAvroSerde<StepScore> serde = new SpecificAvroSerde<>(StepScore.class, client);

    byte[] frame = serde.serializer().serialize("scores", Records.stepScore());

    assertThat(serde.deserializer().deserialize("scores", frame)).isEqualTo(Records.stepScore());
  }
}

package io.rewardstream.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rewardstream.avro.GenerationChunk;
import io.rewardstream.avro.StepScore;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MockSchemaRegistryTest {

  private final String scope = "mock-test-" + UUID.randomUUID();

  @Test
  void shouldShareOneRegistryBetweenSerdesOfTheSameScope() {
    byte[] frame;
    try (SpecificAvroSerde<StepScore> writer = serde(scope)) {
      frame = writer.serializer().serialize("scores", Records.stepScore());
    }
    try (SpecificAvroSerde<StepScore> reader = serde(scope)) {
      assertThat(reader.deserializer().deserialize("scores", frame)).isEqualTo(Records.stepScore());
    }
  }

  @Test
  void shouldKeepScopesApart() {
    byte[] frame;
    try (SpecificAvroSerde<StepScore> writer = serde(scope)) {
      frame = writer.serializer().serialize("scores", Records.stepScore());
    }
    try (SpecificAvroSerde<StepScore> stranger = serde(scope + "-other")) {
      assertThatThrownBy(() -> stranger.deserializer().deserialize("scores", frame))
          .isInstanceOf(UnknownSchemaIdException.class)
          .hasMessageContaining("mock://" + scope + "-other");
    }
  }

  @Test
  void shouldForgetEverythingOnReset() {
    MockSchemaRegistry.forScope(scope).register("scores-value", StepScore.getClassSchema());

    MockSchemaRegistry.reset(scope);

    assertThatThrownBy(
            () ->
                MockSchemaRegistry.forScope(scope)
                    .getId("scores-value", StepScore.getClassSchema()))
        .isInstanceOf(SchemaNotRegisteredException.class)
        .hasMessageContaining("subject not found");
  }

  @Test
  void shouldReturnTheSameIdWhenASchemaIsRegisteredAgain() {
    MockSchemaRegistry registry = MockSchemaRegistry.forScope(scope);

    int first = registry.register("chunks-value", GenerationChunk.getClassSchema());
    int again = registry.register("chunks-value", GenerationChunk.getClassSchema());

    assertThat(again).isEqualTo(first);
  }

  @Test
  void shouldNeverReuseAnIdAfterAReset() {
    int before = MockSchemaRegistry.forScope(scope).register("s", StepScore.getClassSchema());
    MockSchemaRegistry.reset(scope);

    int after = MockSchemaRegistry.forScope(scope).register("s", GenerationChunk.getClassSchema());

    assertThat(after).isNotEqualTo(before);
  }

  private static SpecificAvroSerde<StepScore> serde(String scope) {
    SpecificAvroSerde<StepScore> serde = new SpecificAvroSerde<>(StepScore.class);
    serde.configure(
        Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, MockSchemaRegistry.URL_PREFIX + scope),
        false);
    return serde;
  }
}

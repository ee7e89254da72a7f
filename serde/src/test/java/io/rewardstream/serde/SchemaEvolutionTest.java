package io.rewardstream.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rewardstream.avro.GenerationChunk;
import java.util.List;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.junit.jupiter.api.Test;

/** Writers and readers on different versions of GenerationChunk, as the registry allows them. */
class SchemaEvolutionTest {

  private static final String TOPIC = "generations";

  private final SchemaRegistryClient registry =
      MockSchemaRegistry.forScope("evolution-" + UUID.randomUUID());
  private final SpecificAvroDeserializer<GenerationChunk> currentReader =
      new SpecificAvroDeserializer<>(GenerationChunk.class, registry);
  private final GenericAvroSerializer genericWriter = new GenericAvroSerializer(registry);

  @Test
  void shouldFillFieldsMissingFromAnOlderWriterWithTheirDefaults() {
    GenericRecord old =
        new GenericRecordBuilder(Schemas.evolution("GenerationChunkV0"))
            .set("group_id", "g")
            .set("sequence_id", "s")
            .set("chunk_index", 3L)
            .set("prompt", null)
            .set("token_ids", List.of(1, 2, 3))
            .set("produced_at", Records.T0.toEpochMilli())
            .build();

    GenerationChunk chunk = currentReader.deserialize(TOPIC, genericWriter.serialize(TOPIC, old));

    assertThat(chunk.getGroupId()).isEqualTo("g");
    assertThat(chunk.getChunkIndex()).isEqualTo(3L);
    assertThat(chunk.getTokenIds()).containsExactly(1, 2, 3);
    assertThat(chunk.getProducedAt()).isEqualTo(Records.T0);
    assertThat(chunk.getGroupSize()).isNull();
    assertThat(chunk.getText()).isNull();
    assertThat(chunk.getFinishReason()).isNull();
    assertThat(chunk.getAttributes()).isEmpty();
  }

  @Test
  void shouldIgnoreFieldsAddedByANewerWriter() {
    GenerationChunk expected = Records.generationChunk(5);
    new SpecificAvroSerializer<GenerationChunk>(registry).serialize(TOPIC, expected);
    GenericRecord newer = builderFrom(expected, Schemas.evolution("GenerationChunkV2")).build();

    byte[] frame = genericWriter.serialize(TOPIC, newer);

    assertThat(currentReader.deserialize(TOPIC, frame)).isEqualTo(expected);
  }

  @Test
  void shouldResolveToAGivenOlderReaderSchemaInTheGenericDeserializer() {
    Schema v0 = Schemas.evolution("GenerationChunkV0");
    GenericAvroDeserializer oldReader = new GenericAvroDeserializer(v0, registry);
    byte[] frame =
        new SpecificAvroSerializer<GenerationChunk>(registry)
            .serialize(TOPIC, Records.generationChunk(2));

    GenericRecord record = oldReader.deserialize(TOPIC, frame);

    assertThat(record.getSchema()).isEqualTo(v0);
    assertThat(record.get("sequence_id").toString()).isEqualTo("seq-1");
    assertThat(record.get("produced_at")).isEqualTo(Records.T0.toEpochMilli());
    assertThat(record.hasField("attributes")).isFalse();
  }

  @Test
  void shouldRefuseAnIncompatibleSchemaNamingTheSubject() {
    new SpecificAvroSerializer<GenerationChunk>(registry)
        .serialize(TOPIC, Records.generationChunk(1));
    Schema incompatible = Schemas.evolution("GenerationChunkIncompatible");
    GenericRecord record =
        builderFrom(Records.generationChunk(1), incompatible).set("worker_id", "w-9").build();

    assertThat(registry.isCompatible(TOPIC + "-value", incompatible)).isFalse();
    assertThatThrownBy(() -> genericWriter.serialize(TOPIC, record))
        .isInstanceOf(IncompatibleSchemaException.class)
        .hasMessageContaining("subject 'generations-value'")
        .satisfies(e -> assertThat(((SchemaRegistryException) e).httpStatus()).isEqualTo(409));
  }

  /** Copies a chunk's fields into a builder for {@code schema}; other fields keep defaults. */
  private static GenericRecordBuilder builderFrom(GenerationChunk chunk, Schema schema) {
    GenericRecordBuilder builder = new GenericRecordBuilder(schema);
    Schema promptSchema = schema.getField("prompt").schema().getTypes().get(1);
    Schema reasonSchema = schema.getField("finish_reason").schema().getTypes().get(1);
    builder
        .set("group_id", chunk.getGroupId())
        .set("sequence_id", chunk.getSequenceId())
        .set("chunk_index", chunk.getChunkIndex())
        .set("group_size", chunk.getGroupSize())
        .set("policy_version", chunk.getPolicyVersion())
        .set(
            "prompt",
            new GenericRecordBuilder(promptSchema)
                .set("text", chunk.getPrompt().getText())
                .set("token_ids", chunk.getPrompt().getTokenIds())
                .build())
        .set("token_ids", chunk.getTokenIds())
        .set("text", chunk.getText())
        .set(
            "finish_reason",
            new GenericData.EnumSymbol(reasonSchema, chunk.getFinishReason().name()))
        .set("produced_at", chunk.getProducedAt().toEpochMilli())
        .set("attributes", chunk.getAttributes());
    return builder;
  }
}

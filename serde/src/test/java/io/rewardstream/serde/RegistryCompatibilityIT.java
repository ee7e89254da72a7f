package io.rewardstream.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rewardstream.avro.GenerationChunk;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The registry's refusals and lookups surface as the serdes' typed exceptions. */
@ExtendWith(SharedInfrastructure.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RegistryCompatibilityIT {

  private final SchemaRegistryClient client = AvroRoundTripIT.restClient();

  @Test
  void shouldRefuseAnIncompatibleSchemaWith409AsATypedException() {
    new SpecificAvroSerializer<GenerationChunk>(client)
        .serialize("it-incompatible", Records.generationChunk(4));
    Schema incompatible = Schemas.evolution("GenerationChunkIncompatible");
    GenericRecord record = minimalChunk(incompatible).set("worker_id", "w-1").build();

    assertThat(client.isCompatible("it-incompatible-value", incompatible)).isFalse();
    assertThatThrownBy(() -> new GenericAvroSerializer(client).serialize("it-incompatible", record))
        .isInstanceOf(IncompatibleSchemaException.class)
        .hasMessageContaining("subject 'it-incompatible-value'")
        .hasMessageContaining(SharedInfrastructure.registry().confluentUrl())
        .satisfies(e -> assertThat(((SchemaRegistryException) e).httpStatus()).isEqualTo(409));
  }

  @Test
  void shouldAcceptABackwardCompatibleEvolutionAndReadItAsTheCurrentType() {
    GenerationChunk current = Records.generationChunk(3);
    byte[] v1 =
        new SpecificAvroSerializer<GenerationChunk>(client).serialize("it-evolved", current);
    Schema v2 = Schemas.evolution("GenerationChunkV2");
    GenericRecord newer = minimalChunk(v2).set("sampling_temperature", 0.7).build();

    byte[] v2Frame = new GenericAvroSerializer(client).serialize("it-evolved", newer);

    SpecificAvroDeserializer<GenerationChunk> reader =
        new SpecificAvroDeserializer<>(GenerationChunk.class, client);
    assertThat(WireFormat.schemaId(v2Frame)).isNotEqualTo(WireFormat.schemaId(v1));
    assertThat(reader.deserialize("it-evolved", v1)).isEqualTo(current);
    assertThat(reader.deserialize("it-evolved", v2Frame).getSequenceId()).isEqualTo("s-new");
  }

  @Test
  void shouldReportAnUnknownSchemaIdNamingTheRegistry() {
    byte[] frame = {0x00, 0x00, 0x0F, 0x12, 0x06, 0x02};

    assertThatThrownBy(
            () ->
                new SpecificAvroDeserializer<>(GenerationChunk.class, client)
                    .deserialize("it-unknown", frame))
        .isInstanceOf(UnknownSchemaIdException.class)
        .hasMessageContaining("Schema id 987654")
        .hasMessageContaining(SharedInfrastructure.registry().confluentUrl());
  }

  @Test
  void shouldRefuseAnUnregisteredSchemaWhenAutoRegistrationIsOff() {
    SpecificAvroSerializer<GenerationChunk> serializer = new SpecificAvroSerializer<>();
    serializer.configure(
        Map.of(
            AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG,
            SharedInfrastructure.registry().confluentUrl(),
            AvroSerdeConfig.AUTO_REGISTER_SCHEMAS_CONFIG,
            false),
        false);

    assertThatThrownBy(() -> serializer.serialize("it-unregistered", Records.generationChunk(1)))
        .isInstanceOf(SchemaNotRegisteredException.class)
        .hasMessageContaining("subject 'it-unregistered-value'");
  }

  @Test
  void shouldFindNothingIncompatibleUnderANewSubjectAndNoUnknownSchemaUnderAKnownOne() {
    new SpecificAvroSerializer<GenerationChunk>(client)
        .serialize("it-known", Records.generationChunk(2));
    Schema other = Schemas.evolution("GenerationChunkV2");

    assertThat(client.isCompatible("it-never-registered-value", other)).isTrue();
    assertThatThrownBy(() -> client.getId("it-known-value", other))
        .isInstanceOf(SchemaNotRegisteredException.class);
    assertThatThrownBy(() -> client.getId("it-never-registered-value", other))
        .isInstanceOf(SchemaNotRegisteredException.class);
  }

  @Test
  void shouldRefuseAUrlThatIsNotTheSchemaRegistryApi() {
    String confluentUrl = SharedInfrastructure.registry().confluentUrl();
    String root = confluentUrl.substring(0, confluentUrl.indexOf("/apis/"));
    SchemaRegistryClient wrong =
        new RestSchemaRegistryClient(
            new AvroSerdeConfig(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, root)));

    assertThatThrownBy(
            () -> wrong.isCompatible("it-wrong-url-value", GenerationChunk.getClassSchema()))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("does the URL point at a Schema Registry API");
  }

  private static GenericRecordBuilder minimalChunk(Schema schema) {
    Schema reasons = schema.getField("finish_reason").schema().getTypes().get(1);
    return new GenericRecordBuilder(schema)
        .set("group_id", "g-new")
        .set("sequence_id", "s-new")
        .set("chunk_index", 0L)
        .set("token_ids", java.util.List.of(1, 2))
        .set("finish_reason", new GenericData.EnumSymbol(reasons, "LENGTH"))
        .set("produced_at", Records.T0.toEpochMilli());
  }
}

package io.rewardstream.serde;

import org.apache.avro.specific.SpecificRecord;

/**
 * Kafka {@code Serde} for generated Avro classes in the Confluent wire format, e.g. {@code new
 * SpecificAvroSerde<>(GenerationChunk.class)} configured with {@code schema.registry.url}. The
 * serializer and deserializer share one registry client.
 *
 * @param <T> the generated record type
 */
public class SpecificAvroSerde<T extends SpecificRecord> extends AvroSerdeBase<T> {

  /**
   * A serde whose deserializer picks the class from the writer schema's name; for {@code
   * default.key.serde}/{@code default.value.serde}, which need a no-argument constructor.
   */
  public SpecificAvroSerde() {
    this(null, null);
  }

  /** A serde for {@code type} that creates its registry client in {@code configure()}. */
  public SpecificAvroSerde(Class<T> type) {
    this(type, null);
  }

  /**
   * A serde for {@code type} using {@code client}; usable without {@code configure()} (default
   * settings: TopicNameStrategy for values, auto-registration on).
   */
  public SpecificAvroSerde(Class<T> type, SchemaRegistryClient client) {
    super(
        new SpecificAvroSerializer<>(client),
        new SpecificAvroDeserializer<>(type, client),
        client != null);
  }
}

package io.rewardstream.serde;

import org.apache.avro.specific.SpecificRecord;

/**
 * Kafka {@code Serializer} for generated Avro classes ({@code io.rewardstream.avro.*}) in the
 * Confluent wire format; see {@link AvroSerdeConfig} for its configuration.
 *
 * @param <T> the generated record type
 */
public class SpecificAvroSerializer<T extends SpecificRecord> extends AvroSerializerBase<T> {

  /** A serializer that creates its registry client in {@code configure()}. */
  public SpecificAvroSerializer() {
    this(null);
  }

  /** A serializer using {@code client}; usable without {@code configure()} (default settings). */
  public SpecificAvroSerializer(SchemaRegistryClient client) {
    super(client, true);
  }
}

package io.rewardstream.serde;

import org.apache.avro.generic.GenericRecord;

/**
 * Kafka {@code Serializer} for {@link GenericRecord}s in the Confluent wire format; the record's
 * own schema is registered. See {@link AvroSerdeConfig} for its configuration.
 */
public class GenericAvroSerializer extends AvroSerializerBase<GenericRecord> {

  /** A serializer that creates its registry client in {@code configure()}. */
  public GenericAvroSerializer() {
    this(null);
  }

  /** A serializer using {@code client}; usable without {@code configure()} (default settings). */
  public GenericAvroSerializer(SchemaRegistryClient client) {
    super(client, false);
  }
}

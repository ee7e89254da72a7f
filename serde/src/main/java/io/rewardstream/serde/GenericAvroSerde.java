package io.rewardstream.serde;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * Kafka {@code Serde} for {@link GenericRecord}s in the Confluent wire format. The serializer and
 * deserializer share one registry client.
 */
public class GenericAvroSerde extends AvroSerdeBase<GenericRecord> {

  /** A serde that reads with the writer's schema and creates its client in configure(). */
  public GenericAvroSerde() {
    this(null, null);
  }

  /**
   * A serde whose deserializer resolves to {@code readerSchema} (the writer's when null), using
   * {@code client} (created in {@code configure()} when null).
   */
  public GenericAvroSerde(Schema readerSchema, SchemaRegistryClient client) {
    super(
        new GenericAvroSerializer(client),
        new GenericAvroDeserializer(readerSchema, client),
        client != null);
  }
}

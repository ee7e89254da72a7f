package io.rewardstream.serde;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;

/**
 * Kafka {@code Deserializer} to {@link GenericRecord}s: reads a Confluent wire-format frame and
 * decodes it with the writer's schema, resolved to a given reader schema when there is one.
 */
public class GenericAvroDeserializer extends AvroDeserializerBase<GenericRecord> {

  /** A deserializer that reads with the writer's schema; the client comes from configure(). */
  public GenericAvroDeserializer() {
    this(null, null);
  }

  /**
   * A deserializer that resolves writer schemas to {@code readerSchema} (the writer's own when
   * null), using {@code client} (from {@code configure()} when null).
   */
  public GenericAvroDeserializer(Schema readerSchema, SchemaRegistryClient client) {
    super(
        client,
        writer ->
            new GenericDatumReader<>(
                writer, readerSchema != null ? readerSchema : writer, GenericData.get()));
  }
}

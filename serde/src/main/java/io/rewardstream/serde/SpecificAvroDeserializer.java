package io.rewardstream.serde;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Kafka {@code Deserializer} for generated Avro classes: reads a Confluent wire-format frame,
 * fetches the writer's schema by id and resolves it to the generated class's schema, so that data
 * written with an older or newer compatible schema reads as {@code T}.
 *
 * @param <T> the generated record type
 */
public class SpecificAvroDeserializer<T extends SpecificRecord> extends AvroDeserializerBase<T> {

  /**
   * A deserializer that picks the generated class from the writer schema's full name and creates
   * its registry client in {@code configure()}.
   */
  public SpecificAvroDeserializer() {
    this(null, null);
  }

  /** A deserializer to {@code type} that creates its registry client in {@code configure()}. */
  public SpecificAvroDeserializer(Class<T> type) {
    this(type, null);
  }

  /**
   * A deserializer to {@code type} (or, when null, to the class named by the writer schema) using
   * {@code client}; usable without {@code configure()}.
   */
  public SpecificAvroDeserializer(Class<T> type, SchemaRegistryClient client) {
    super(client, writer -> readerFor(type, writer));
  }

  private static <T> SpecificDatumReader<T> readerFor(Class<T> type, Schema writer) {
    Class<?> target = type != null ? type : SpecificData.get().getClass(writer);
    if (target == null) {
      throw new SerializationException(
          "No generated Avro class for writer schema "
              + writer.getFullName()
              + " on the classpath");
    }
    SpecificData model = SpecificData.getForClass(target);
    return new SpecificDatumReader<>(writer, model.getSchema(target), model);
  }
}

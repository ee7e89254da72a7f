package io.rewardstream.serde;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Encodes records into Confluent wire-format frames: resolves the record's schema to a registry id
 * (registering or looking it up under the strategy's subject), then writes header and Avro body.
 *
 * <p>The hot path allocates only the returned array: the id comes from the client's cache, the
 * {@link DatumWriter} is cached per schema, and each thread reuses its output buffer and {@link
 * BinaryEncoder}.
 */
final class AvroRecordWriter {

  private final SchemaRegistryClient client;
  private final SubjectNameStrategy strategy;
  private final boolean autoRegister;
  private final boolean isKey;
  private final boolean specific;
  private final Map<Schema, DatumWriter<Object>> writers = new ConcurrentHashMap<>();
  private final ThreadLocal<Buffer> buffers = ThreadLocal.withInitial(Buffer::new);

  /**
   * @param specific whether records are generated {@code SpecificRecord}s (written with their
   *     class's model, logical-type conversions included) or {@code GenericRecord}s
   */
  AvroRecordWriter(
      SchemaRegistryClient client,
      SubjectNameStrategy strategy,
      boolean autoRegister,
      boolean isKey,
      boolean specific) {
    this.client = client;
    this.strategy = strategy;
    this.autoRegister = autoRegister;
    this.isKey = isKey;
    this.specific = specific;
  }

  byte[] write(String topic, IndexedRecord record) {
    if (record == null) {
      return null;
    }
    Schema schema = record.getSchema();
    String subject = strategy.subjectName(topic, isKey, schema);
    int id = autoRegister ? client.register(subject, schema) : client.getId(subject, schema);
    DatumWriter<Object> writer = writers.computeIfAbsent(schema, s -> newWriter(s, record));
    Buffer buffer = buffers.get();
    buffer.out.reset();
    WireFormat.writeHeader(buffer.out, id);
    buffer.encoder = EncoderFactory.get().binaryEncoder(buffer.out, buffer.encoder);
    try {
      writer.write(record, buffer.encoder);
      buffer.encoder.flush();
    } catch (IOException | RuntimeException e) {
      // The buffered encoder still holds the failed record's first bytes, and would flush them
      // behind the next record's header: drop it.
      buffer.encoder = null;
      throw new SerializationException(
          "Cannot encode a " + schema.getFullName() + " for topic '" + topic + "': " + e, e);
    }
    return buffer.out.toByteArray();
  }

  private DatumWriter<Object> newWriter(Schema schema, IndexedRecord record) {
    if (!specific) {
      return new GenericDatumWriter<>(schema, GenericData.get());
    }
    SpecificData model =
        record instanceof SpecificRecordBase base
            ? base.getSpecificData()
            : SpecificData.getForClass(record.getClass());
    return new SpecificDatumWriter<>(schema, model);
  }

  /** One thread's reusable output buffer and encoder. */
  private static final class Buffer {
    final UnsyncByteArrayOutputStream out = new UnsyncByteArrayOutputStream(256);
    BinaryEncoder encoder;
  }
}

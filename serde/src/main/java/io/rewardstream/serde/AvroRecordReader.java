package io.rewardstream.serde;

import java.io.EOFException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroTypeException;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;

/**
 * Decodes Confluent wire-format frames: validates the header, fetches the writer's schema by id,
 * and resolves it to the reader's schema, so that records written with an older or newer schema
 * read as the reader's type (schema evolution).
 *
 * <p>{@link DatumReader}s are cached per writer id (the reader schema is fixed for an instance, or
 * follows from the writer's), so the resolving grammar is built once per writer schema; each thread
 * reuses its {@link BinaryDecoder}.
 *
 * @param <T> the decoded type
 */
final class AvroRecordReader<T> {

  /**
   * Makes the {@link DatumReader} that turns data written with a writer schema into a {@code T}.
   */
  @FunctionalInterface
  interface DatumReaderFactory<T> {
    DatumReader<T> create(Schema writerSchema);
  }

  private final SchemaRegistryClient client;
  private final DatumReaderFactory<T> factory;
  private final Map<Integer, DatumReader<T>> readers = new ConcurrentHashMap<>();
  private final ThreadLocal<BinaryDecoder> decoders = new ThreadLocal<>();

  AvroRecordReader(SchemaRegistryClient client, DatumReaderFactory<T> factory) {
    this.client = client;
    this.factory = factory;
  }

  /**
   * Decodes {@code frame}; {@code null} (a tombstone) decodes to {@code null}.
   *
   * @throws InvalidFrameException for a bad header or an undecodable body
   * @throws SchemaRegistryException when the writer's schema cannot be fetched
   */
  T read(String topic, byte[] frame) {
    if (frame == null) {
      return null;
    }
    int id = WireFormat.schemaId(frame);
    DatumReader<T> reader =
        readers.computeIfAbsent(id, i -> factory.create(client.getSchemaById(i)));
    int length = frame.length - WireFormat.HEADER_SIZE;
    BinaryDecoder decoder =
        DecoderFactory.get().binaryDecoder(frame, WireFormat.HEADER_SIZE, length, decoders.get());
    decoders.set(decoder);
    T value;
    try {
      value = reader.read(null, decoder);
    } catch (EOFException e) {
      throw new InvalidAvroPayloadException(
          topic, id, length, "truncated: the data ends before the record does", e);
    } catch (AvroTypeException e) {
      throw new InvalidAvroPayloadException(
          topic, id, length, "cannot be read as the reader's type: " + e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      throw new InvalidAvroPayloadException(
          topic, id, length, "corrupt: " + Throwables.describe(e), e);
    }
    if (!isEnd(decoder)) {
      throw new InvalidAvroPayloadException(
          topic, id, length, "bytes left over after the record (wrong schema id?)", null);
    }
    return value;
  }

  private static boolean isEnd(BinaryDecoder decoder) {
    try {
      return decoder.isEnd();
    } catch (IOException e) {
      return false;
    }
  }
}

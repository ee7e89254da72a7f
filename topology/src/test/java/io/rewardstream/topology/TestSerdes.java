package io.rewardstream.topology;

import io.rewardstream.avro.GenerationChunk;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/** Plain Avro binary serdes (no registry) for topology unit tests. */
final class TestSerdes {
  private TestSerdes() {}

  static EventSerdes events() {
    return new EventSerdes(deserializer(GenerationChunk.class), serializer());
  }

  static <T extends SpecificRecord> Serializer<T> serializer() {
    return (topic, record) -> {
      if (record == null) {
        return null;
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
      try {
        new SpecificDatumWriter<T>(record.getSchema()).write(record, encoder);
        encoder.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return out.toByteArray();
    };
  }

  static <T extends SpecificRecord> Deserializer<T> deserializer(Class<T> type) {
    SpecificDatumReader<T> reader = new SpecificDatumReader<>(type);
    return (topic, data) -> {
      if (data == null) {
        return null;
      }
      try {
        return reader.read(null, DecoderFactory.get().binaryDecoder(data, null));
      } catch (IOException | RuntimeException e) {
        throw new SerializationException("not a " + type.getSimpleName() + ": " + e, e);
      }
    };
  }
}

package io.rewardstream.serde;

import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Configuration and client ownership shared by {@link SpecificAvroDeserializer} and {@link
 * GenericAvroDeserializer}; the decoding itself is {@link AvroRecordReader}'s.
 */
abstract class AvroDeserializerBase<T> implements Deserializer<T> {

  private final AvroRecordReader.DatumReaderFactory<T> factory;
  private SchemaRegistryClient client;
  private boolean ownsClient;
  private AvroRecordReader<T> reader;

  /** With a client the deserializer works unconfigured. */
  AvroDeserializerBase(
      SchemaRegistryClient client, AvroRecordReader.DatumReaderFactory<T> factory) {
    this.client = client;
    this.factory = factory;
    if (client != null) {
      reader = new AvroRecordReader<>(client, factory);
    }
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    configure(new AvroSerdeConfig(configs), isKey, null);
  }

  /** Configures with {@code shared} as the client unless one was given at construction. */
  void configure(AvroSerdeConfig config, boolean isKey, SchemaRegistryClient shared) {
    if (client == null) {
      client = shared != null ? shared : SchemaRegistryClients.create(config);
      ownsClient = shared == null;
    }
    reader = new AvroRecordReader<>(client, factory);
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    if (reader == null) {
      throw new IllegalStateException(
          getClass().getSimpleName() + " is not configured: call configure() or pass a client");
    }
    return reader.read(topic, data);
  }

  @Override
  public void close() {
    if (ownsClient) {
      client.close();
    }
  }
}

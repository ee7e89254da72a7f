package io.rewardstream.serde;

import java.util.Map;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Configuration and client ownership shared by {@link SpecificAvroSerializer} and {@link
 * GenericAvroSerializer}; the encoding itself is {@link AvroRecordWriter}'s.
 */
abstract class AvroSerializerBase<T extends IndexedRecord> implements Serializer<T> {

  private final boolean specific;
  private SchemaRegistryClient client;
  private boolean ownsClient;
  private AvroRecordWriter writer;

  /** With a client the serializer works unconfigured, with the default configuration. */
  AvroSerializerBase(SchemaRegistryClient client, boolean specific) {
    this.client = client;
    this.specific = specific;
    if (client != null) {
      configure(new AvroSerdeConfig(Map.of()), false, client);
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
    writer =
        new AvroRecordWriter(
            client,
            config.subjectNameStrategy(isKey),
            config.autoRegisterSchemas(),
            isKey,
            specific);
  }

  @Override
  public byte[] serialize(String topic, T data) {
    if (writer == null) {
      throw new IllegalStateException(
          getClass().getSimpleName() + " is not configured: call configure() or pass a client");
    }
    return writer.write(topic, data);
  }

  @Override
  public void close() {
    if (ownsClient) {
      client.close();
    }
  }
}

package io.rewardstream.serde;

import java.util.Map;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A serializer and a deserializer configured together so that they share one registry client (and
 * so one id cache).
 */
abstract class AvroSerdeBase<T extends IndexedRecord> implements Serde<T> {

  private final AvroSerializerBase<T> serializer;
  private final AvroDeserializerBase<T> deserializer;
  private final boolean clientGiven;
  private SchemaRegistryClient ownedClient;

  AvroSerdeBase(
      AvroSerializerBase<T> serializer, AvroDeserializerBase<T> deserializer, boolean clientGiven) {
    this.serializer = serializer;
    this.deserializer = deserializer;
    this.clientGiven = clientGiven;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    AvroSerdeConfig config = new AvroSerdeConfig(configs);
    if (!clientGiven && ownedClient == null) {
      ownedClient = SchemaRegistryClients.create(config);
    }
    serializer.configure(config, isKey, ownedClient);
    deserializer.configure(config, isKey, ownedClient);
  }

  @Override
  public Serializer<T> serializer() {
    return serializer;
  }

  @Override
  public Deserializer<T> deserializer() {
    return deserializer;
  }

  @Override
  public void close() {
    serializer.close();
    deserializer.close();
    if (ownedClient != null) {
      ownedClient.close();
    }
  }
}

package io.rewardstream.topology;

import io.rewardstream.serde.MockSchemaRegistry;
import io.rewardstream.serde.SpecificAvroDeserializer;
import io.rewardstream.serde.SpecificAvroSerializer;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/** Wire-format serdes on the in-process {@code mock://topology-test} registry. */
final class TestSerdes {
  static final String REGISTRY_URL = MockSchemaRegistry.URL_PREFIX + "topology-test";
  static final Map<String, Object> CONFIG = Map.of("schema.registry.url", REGISTRY_URL);

  private TestSerdes() {}

  static <T extends SpecificRecord> Serializer<T> serializer() {
    return serializer(CONFIG);
  }

  static <T extends SpecificRecord> Serializer<T> serializer(Map<String, ?> config) {
    SpecificAvroSerializer<T> serializer = new SpecificAvroSerializer<>();
    serializer.configure(config, false);
    return serializer;
  }

  static <T extends SpecificRecord> Deserializer<T> deserializer(Class<T> type) {
    return deserializer(type, CONFIG);
  }

  static <T extends SpecificRecord> Deserializer<T> deserializer(
      Class<T> type, Map<String, ?> config) {
    SpecificAvroDeserializer<T> deserializer = new SpecificAvroDeserializer<>(type);
    deserializer.configure(config, false);
    return deserializer;
  }
}

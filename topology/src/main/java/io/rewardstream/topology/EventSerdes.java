package io.rewardstream.topology;

import io.rewardstream.avro.GenerationChunk;
import io.rewardstream.serde.SpecificAvroDeserializer;
import io.rewardstream.serde.SpecificAvroSerializer;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The value serdes of the topology's topics: GenerationChunk in, Avro events out, all in the
 * Confluent wire format against a Schema Registry.
 */
public record EventSerdes(Deserializer<GenerationChunk> chunks, Serializer<SpecificRecord> events) {

  public EventSerdes {
    Objects.requireNonNull(chunks, "chunks");
    Objects.requireNonNull(events, "events");
  }

  /**
   * Serdes configured from the Schema Registry settings in {@code configs} ({@code
   * schema.registry.url}, {@code auto.register.schemas}, credentials; see AvroSerdeConfig). A
   * {@code mock://scope} URL uses the in-process registry.
   */
  public static EventSerdes fromConfig(Map<String, ?> configs) {
    SpecificAvroDeserializer<GenerationChunk> chunks =
        new SpecificAvroDeserializer<>(GenerationChunk.class);
    chunks.configure(configs, false);
    SpecificAvroSerializer<SpecificRecord> events = new SpecificAvroSerializer<>();
    events.configure(configs, false);
    return new EventSerdes(chunks, events);
  }
}

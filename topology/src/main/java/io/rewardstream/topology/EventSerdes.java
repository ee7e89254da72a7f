package io.rewardstream.topology;

import io.rewardstream.avro.GenerationChunk;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/** The value serdes of the topology's topics: GenerationChunk in, Avro events out. */
public record EventSerdes(Deserializer<GenerationChunk> chunks, Serializer<SpecificRecord> events) {

  public EventSerdes {
    Objects.requireNonNull(chunks, "chunks");
    Objects.requireNonNull(events, "events");
  }

  /**
   * Confluent-wire-format serdes configured from the Schema Registry settings in {@code configs}.
   */
  public static EventSerdes fromConfig(Map<String, ?> configs) {
    throw new UnsupportedOperationException("registry serdes not wired yet");
  }
}

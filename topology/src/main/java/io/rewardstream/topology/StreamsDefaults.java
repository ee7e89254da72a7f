package io.rewardstream.topology;

import io.rewardstream.topology.errors.DeadLetterDeserializationHandler;
import io.rewardstream.topology.errors.DeadLetterHandler;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The Kafka Streams settings RewardStream is designed for: exactly-once, the dead-letter queue with
 * continue-handlers for bad records (a registry that fails the deserializer fails the thread), and
 * a short poll so that wall-clock punctuation (which forwards scores) runs every few milliseconds
 * even when input is idle. Each task reads one partition of one topic, so there is nothing for task
 * idling ({@code max.task.idle.ms}) to synchronise: it is disabled.
 *
 * <p>The Streams producer lingers 5 ms instead of Kafka Streams' 100 ms: a generator that reads
 * rejections read_uncommitted sees them as soon as they are sent, not up to 100 ms later (measured
 * in docs/BENCHMARKS.md: 29 instead of 81 ms at the median, committed readers no worse).
 */
final class StreamsDefaults {
  private StreamsDefaults() {}

  static Map<String, Object> of(Topics topics) {
    Map<String, Object> defaults = new HashMap<>();
    defaults.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    defaults.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, topics.deadLetters());
    defaults.put(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        DeadLetterDeserializationHandler.class.getName());
    defaults.put(
        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class.getName());
    defaults.put(StreamsConfig.POLL_MS_CONFIG, 5L);
    defaults.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100L);
    defaults.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
    defaults.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 5);
    // No global stores here; this is Kafka 5.0's default, and without it every start warns.
    defaults.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
    // The main consumer's partition assignor reads its own StreamsConfig from the consumer's
    // settings, which carry only main.consumer.* among these, and would warn once more per thread.
    defaults.put(
        StreamsConfig.mainConsumerPrefix(
            StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG),
        true);
    return defaults;
  }
}

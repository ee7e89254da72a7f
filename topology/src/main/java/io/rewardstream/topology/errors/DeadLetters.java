package io.rewardstream.topology.errors;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The dead-letter record both exception handlers write: the source record's original key, value and
 * headers, plus the reason, the error and where the record came from.
 */
final class DeadLetters {
  private DeadLetters() {}

  /** The dead-letter topic the handlers were configured with, or null when there is none. */
  static String topic(Map<String, ?> configs) {
    Object name = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
    return name == null ? null : name.toString();
  }

  /**
   * A record for {@code topic}; {@code sourceTopic} null leaves out the location headers (a record
   * that did not come from a topic).
   */
  static ProducerRecord<byte[], byte[]> record(
      String topic,
      byte[] key,
      byte[] value,
      Headers sourceHeaders,
      String reason,
      Throwable error,
      String sourceTopic,
      int partition,
      long offset) {
    Headers headers = new RecordHeaders();
    if (sourceHeaders != null) {
      sourceHeaders.forEach(headers::add);
    }
    headers.add(DeadLetterHandler.REASON_HEADER, utf8(reason));
    headers.add(DeadLetterHandler.MESSAGE_HEADER, utf8(String.valueOf(error.getMessage())));
    headers.add(DeadLetterHandler.EXCEPTION_HEADER, utf8(error.getClass().getName()));
    if (sourceTopic != null) {
      headers.add(DeadLetterHandler.TOPIC_HEADER, utf8(sourceTopic));
      headers.add(DeadLetterHandler.PARTITION_HEADER, utf8(Integer.toString(partition)));
      headers.add(DeadLetterHandler.OFFSET_HEADER, utf8(Long.toString(offset)));
    }
    return new ProducerRecord<>(topic, null, key, value, headers);
  }

  private static byte[] utf8(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }
}

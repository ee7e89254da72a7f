package io.rewardstream.topology.errors;

import io.rewardstream.serde.SchemaRegistryException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deserialization-exception policy. A record that cannot be decoded (not a Confluent frame, an
 * unknown schema id, an Avro body that does not fit its schema) goes to the dead-letter topic with
 * its original bytes and the reason {@code UNDECODABLE}, and the stream resumes. A registry that
 * cannot answer (unreachable, refusing the credentials, or not a Schema Registry API) says nothing
 * about the record: the stream thread fails instead, so that the record is read again once the
 * registry is back rather than dead-lettered with its sequence's later chunks after it.
 */
public final class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {
  /** The {@link DeadLetterHandler#REASON_HEADER} value of a record that could not be decoded. */
  public static final String UNDECODABLE = "UNDECODABLE";

  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterDeserializationHandler.class);
  private String topic;

  @Override
  public void configure(Map<String, ?> configs) {
    Object name = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
    topic = name == null ? null : name.toString();
  }

  @Override
  public Response handleError(
      ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
    if (SchemaRegistryException.isRegistryFailure(exception)) {
      LOG.error(
          "Cannot decode {}-{}@{}: the schema registry failed, not the record; failing the stream"
              + " thread so that the record is read again",
          record.topic(),
          record.partition(),
          record.offset(),
          exception);
      return Response.fail();
    }
    LOG.warn(
        "Dead-lettering undecodable record {}-{}@{}: {}",
        record.topic(),
        record.partition(),
        record.offset(),
        exception.toString());
    if (topic == null) {
      return Response.resume();
    }
    return Response.resume(List.of(deadLetter(topic, record, exception)));
  }

  static ProducerRecord<byte[], byte[]> deadLetter(
      String topic, ConsumerRecord<byte[], byte[]> record, Exception exception) {
    Headers headers = new RecordHeaders();
    record.headers().forEach(headers::add);
    headers.add(DeadLetterHandler.REASON_HEADER, utf8(UNDECODABLE));
    headers.add(DeadLetterHandler.MESSAGE_HEADER, utf8(String.valueOf(exception.getMessage())));
    headers.add(DeadLetterHandler.EXCEPTION_HEADER, utf8(exception.getClass().getName()));
    headers.add(DeadLetterHandler.TOPIC_HEADER, utf8(record.topic()));
    headers.add(DeadLetterHandler.PARTITION_HEADER, utf8(Integer.toString(record.partition())));
    headers.add(DeadLetterHandler.OFFSET_HEADER, utf8(Long.toString(record.offset())));
    return new ProducerRecord<>(topic, null, record.key(), record.value(), headers);
  }

  private static byte[] utf8(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }
}

package io.rewardstream.topology.errors;

import io.rewardstream.serde.SchemaRegistryException;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
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
    topic = DeadLetters.topic(configs);
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
    return DeadLetters.record(
        topic,
        record.key(),
        record.value(),
        record.headers(),
        UNDECODABLE,
        exception,
        record.topic(),
        record.partition(),
        record.offset());
  }
}

package io.rewardstream.topology.errors;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processing-exception policy, chosen on purpose: a {@link BadInputException} is bad input, so
 * the record goes to the dead-letter topic with its original bytes and the stream resumes; any
 * other exception is an infrastructure failure (Kafka, ONNX Runtime) and fails the stream thread,
 * so that the uncaught-exception handler decides what happens next.
 */
public final class DeadLetterHandler implements ProcessingExceptionHandler {
  /** Header with the machine-readable reason ({@link BadInputException.Reason}). */
  public static final String REASON_HEADER = "rewardstream.reason";

  /** Header with the human-readable message. */
  public static final String MESSAGE_HEADER = "__streams.errors.message";

  public static final String EXCEPTION_HEADER = "__streams.errors.exception";
  public static final String TOPIC_HEADER = "__streams.errors.topic";
  public static final String PARTITION_HEADER = "__streams.errors.partition";
  public static final String OFFSET_HEADER = "__streams.errors.offset";

  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterHandler.class);
  private String topic;

  @Override
  public void configure(Map<String, ?> configs) {
    topic = DeadLetters.topic(configs);
  }

  @Override
  public Response handleError(
      ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
    BadInputException bad = badInput(exception);
    if (bad == null) {
      LOG.error(
          "Processing failed at {}-{}@{} in {}; failing the stream thread",
          context.topic(),
          context.partition(),
          context.offset(),
          context.processorNodeId(),
          exception);
      return Response.fail();
    }
    LOG.warn(
        "Dead-lettering record {}-{}@{}: {}",
        context.topic(),
        context.partition(),
        context.offset(),
        bad.getMessage());
    if (topic == null) {
      return Response.resume();
    }
    return Response.resume(List.of(deadLetter(topic, context, bad)));
  }

  /** A dead-letter record for {@code bad}, carrying the source record's original bytes. */
  static ProducerRecord<byte[], byte[]> deadLetter(
      String topic, ErrorHandlerContext context, BadInputException bad) {
    return DeadLetters.record(
        topic,
        context.sourceRawKey(),
        context.sourceRawValue(),
        context.headers(),
        bad.reason().name(),
        bad,
        context.topic(),
        context.partition(),
        context.offset());
  }

  private static BadInputException badInput(Throwable exception) {
    for (Throwable t = exception; t != null; t = t.getCause()) {
      if (t instanceof BadInputException bad) {
        return bad;
      }
    }
    return null;
  }
}

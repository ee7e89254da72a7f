package io.rewardstream.topology.errors;

import static org.assertj.core.api.Assertions.assertThat;

import io.rewardstream.serde.InvalidMagicByteException;
import io.rewardstream.serde.NotAvroSchemaException;
import io.rewardstream.serde.SchemaRegistryException;
import io.rewardstream.serde.SchemaRegistryUnavailableException;
import io.rewardstream.serde.UnknownSchemaIdException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler.Response;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler.Result;
import org.junit.jupiter.api.Test;

class DeadLetterDeserializationHandlerTest {
  private final DeadLetterDeserializationHandler handler = handler();
  private final ConsumerRecord<byte[], byte[]> record =
      new ConsumerRecord<>("generations", 3, 42L, "g".getBytes(), new byte[] {9, 9, 9});

  private static DeadLetterDeserializationHandler handler() {
    DeadLetterDeserializationHandler handler = new DeadLetterDeserializationHandler();
    handler.configure(Map.of(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "dlq"));
    return handler;
  }

  @Test
  void shouldDeadLetterARecordThatIsNotAFrameWithItsBytesAndReason() {
    Response response =
        handler.handleError(
            null, record, new SerializationException(new InvalidMagicByteException((byte) 9)));

    assertThat(response.result()).isEqualTo(Result.RESUME);
    ProducerRecord<byte[], byte[]> dead = response.deadLetterQueueRecords().get(0);
    assertThat(dead.topic()).isEqualTo("dlq");
    assertThat(dead.key()).isEqualTo("g".getBytes());
    assertThat(dead.value()).isEqualTo(new byte[] {9, 9, 9});
    assertThat(header(dead, DeadLetterHandler.REASON_HEADER)).isEqualTo("UNDECODABLE");
    assertThat(header(dead, DeadLetterHandler.TOPIC_HEADER)).isEqualTo("generations");
    assertThat(header(dead, DeadLetterHandler.PARTITION_HEADER)).isEqualTo("3");
    assertThat(header(dead, DeadLetterHandler.OFFSET_HEADER)).isEqualTo("42");
  }

  @Test
  void shouldDeadLetterARecordNamingASchemaTheRegistryNeverHad() {
    Response response =
        handler.handleError(null, record, new UnknownSchemaIdException(77, "http://registry"));

    assertThat(response.result()).isEqualTo(Result.RESUME);
    assertThat(response.deadLetterQueueRecords()).hasSize(1);
  }

  @Test
  void shouldDeadLetterARecordWhoseSchemaIsNotAvro() {
    Response response =
        handler.handleError(
            null, record, new NotAvroSchemaException("Schema id 5 is a PROTOBUF schema", null));

    assertThat(response.result()).isEqualTo(Result.RESUME);
    assertThat(response.deadLetterQueueRecords()).hasSize(1);
  }

  @Test
  void shouldFailWhenTheRegistryRatherThanTheRecordFailed() {
    Exception down =
        new SerializationException(
            "wrapped",
            new SchemaRegistryUnavailableException("http://registry", 4, "refused", -1, null));
    Exception refused = new SchemaRegistryException("HTTP 401 unauthorized", 401);

    assertThat(handler.handleError(null, record, down).result()).isEqualTo(Result.FAIL);
    assertThat(handler.handleError(null, record, refused).result()).isEqualTo(Result.FAIL);
    assertThat(handler.handleError(null, record, down).deadLetterQueueRecords()).isEmpty();
  }

  private static String header(ProducerRecord<byte[], byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}

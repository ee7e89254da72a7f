package io.rewardstream.serde;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rewardstream.avro.GenerationChunk;
import java.util.Arrays;
import java.util.UUID;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** Every way a frame can be bad yields a typed SerializationException saying what was wrong. */
class AvroDeserializationErrorsTest {

  private final String scope = "errors-" + UUID.randomUUID();
  private final SchemaRegistryClient registry = MockSchemaRegistry.forScope(scope);
  private final SpecificAvroSerializer<GenerationChunk> serializer =
      new SpecificAvroSerializer<>(registry);
  private final SpecificAvroDeserializer<GenerationChunk> deserializer =
      new SpecificAvroDeserializer<>(GenerationChunk.class, registry);

  @Test
  void shouldRejectFrameShorterThanFiveBytes() {
    assertThatThrownBy(() -> deserializer.deserialize("generations", new byte[] {0, 0, 1}))
        .isInstanceOf(FrameTooShortException.class)
        .hasMessageContaining("Frame of 3 bytes");
  }

  @Test
  void shouldRejectFrameWithWrongMagicByte() {
    byte[] frame = serializer.serialize("generations", Records.generationChunk(8));
    frame[0] = 0x01;

    assertThatThrownBy(() -> deserializer.deserialize("generations", frame))
        .isInstanceOf(InvalidMagicByteException.class)
        .hasMessageContaining("0x01");
  }

  @Test
  void shouldRejectUnknownSchemaIdNamingTheIdAndTheRegistry() {
    byte[] frame = {0x00, 0x00, 0x0F, 0x42, 0x3F, 0x02};

    assertThatThrownBy(() -> deserializer.deserialize("generations", frame))
        .isInstanceOf(UnknownSchemaIdException.class)
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("Schema id 999999")
        .hasMessageContaining("mock://" + scope);
  }

  @Test
  void shouldRejectTruncatedAvroPayload() {
    byte[] frame = serializer.serialize("generations", Records.generationChunk(64));
    byte[] truncated = Arrays.copyOf(frame, frame.length - 20);

    assertThatThrownBy(() -> deserializer.deserialize("generations", truncated))
        .isInstanceOf(InvalidAvroPayloadException.class)
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("topic 'generations'")
        .hasMessageContaining("truncated");
  }

  @Test
  void shouldRejectPayloadWithBytesLeftOverAfterTheRecord() {
    byte[] frame = serializer.serialize("generations", Records.generationChunk(4));
    byte[] padded = Arrays.copyOf(frame, frame.length + 3);

    assertThatThrownBy(() -> deserializer.deserialize("generations", padded))
        .isInstanceOf(InvalidAvroPayloadException.class)
        .hasMessageContaining("bytes left over");
  }

  @Test
  void shouldRejectCorruptAvroPayload() {
    byte[] frame = serializer.serialize("generations", Records.generationChunk(4));
    // The body starts with group_id's length; 0x7F zig-zag decodes to -64.
    frame[WireFormat.HEADER_SIZE] = 0x7F;

    assertThatThrownBy(() -> deserializer.deserialize("generations", frame))
        .isInstanceOf(InvalidAvroPayloadException.class)
        .hasMessageContaining("corrupt");
  }

  @Test
  void shouldRejectRecordOfAnotherTypeSayingItCannotBeRead() {
    byte[] frame = new SpecificAvroSerializer<>(registry).serialize("other", Records.stepScore());

    assertThatThrownBy(() -> deserializer.deserialize("generations", frame))
        .isInstanceOf(InvalidAvroPayloadException.class)
        .hasMessageContaining("cannot be read as the reader's type");
  }
}

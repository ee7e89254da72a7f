package io.rewardstream.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WireFormatTest {

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 4})
  void shouldRejectFrameShorterThanFiveBytes(int length) {
    assertThatThrownBy(() -> WireFormat.schemaId(new byte[length]))
        .isInstanceOf(FrameTooShortException.class)
        .isInstanceOf(SerializationException.class)
        .hasMessageStartingWith("Frame of " + length + " byte")
        .hasMessageContaining("shorter than the 5-byte header");
  }

  @Test
  void shouldRejectWrongMagicByteNamingTheByteFound() {
    byte[] json = "{\"group_id\":\"g\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    assertThatThrownBy(() -> WireFormat.schemaId(json))
        .isInstanceOf(InvalidMagicByteException.class)
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("Unknown magic byte 0x7B")
        .hasMessageContaining("expected 0x00");
  }

  @Test
  void shouldWriteAndReadTheSchemaIdBigEndian() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    WireFormat.writeHeader(out, 0x01020304);
    byte[] header = out.toByteArray();

    assertThat(header).containsExactly(0x00, 0x01, 0x02, 0x03, 0x04);
    assertThat(WireFormat.schemaId(header)).isEqualTo(0x01020304);
  }

  @Test
  void shouldReadIdsAboveTwoToTheTwentyFourWithoutSignErrors() {
    byte[] frame = {0x00, 0x7F, (byte) 0xFF, (byte) 0x80, (byte) 0x81};

    assertThat(WireFormat.schemaId(frame)).isEqualTo(0x7FFF8081);
  }
}

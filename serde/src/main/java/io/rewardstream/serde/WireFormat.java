package io.rewardstream.serde;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Confluent's wire format: one magic byte 0x00, the writer schema's registry id as a 4-byte
 * big-endian int, then the Avro binary encoding of the record.
 */
public final class WireFormat {

  /** The first byte of every frame. */
  public static final byte MAGIC_BYTE = 0x00;

  /** Magic byte plus schema id. */
  public static final int HEADER_SIZE = 5;

  private WireFormat() {}

  /**
   * Validates the header of {@code frame} and returns the schema id it carries.
   *
   * @throws FrameTooShortException when the frame is shorter than the header
   * @throws InvalidMagicByteException when the first byte is not {@link #MAGIC_BYTE}
   */
  public static int schemaId(byte[] frame) {
    if (frame.length < HEADER_SIZE) {
      throw new FrameTooShortException(frame.length);
    }
    if (frame[0] != MAGIC_BYTE) {
      throw new InvalidMagicByteException(frame[0]);
    }
    return ((frame[1] & 0xFF) << 24)
        | ((frame[2] & 0xFF) << 16)
        | ((frame[3] & 0xFF) << 8)
        | (frame[4] & 0xFF);
  }

  /** Writes the 5-byte header for {@code schemaId} to {@code out}. */
  public static void writeHeader(OutputStream out, int schemaId) {
    try {
      out.write(MAGIC_BYTE);
      out.write(schemaId >>> 24);
      out.write(schemaId >>> 16);
      out.write(schemaId >>> 8);
      out.write(schemaId);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

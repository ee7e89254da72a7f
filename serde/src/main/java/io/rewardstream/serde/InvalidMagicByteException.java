package io.rewardstream.serde;

/** A frame whose first byte is not the Confluent magic byte 0x00. */
public class InvalidMagicByteException extends InvalidFrameException {

  private final byte found;

  public InvalidMagicByteException(byte found) {
    super(
        String.format(
            "Unknown magic byte 0x%02X; expected 0x%02X (Confluent wire format)",
            found, WireFormat.MAGIC_BYTE));
    this.found = found;
  }

  /** The first byte of the frame. */
  public byte found() {
    return found;
  }
}

package io.rewardstream.serde;

/** A frame shorter than the 5-byte header (magic byte and schema id). */
public class FrameTooShortException extends InvalidFrameException {

  public FrameTooShortException(int length) {
    super(
        "Frame of "
            + length
            + (length == 1 ? " byte" : " bytes")
            + " is shorter than the "
            + WireFormat.HEADER_SIZE
            + "-byte header (magic byte 0x00 + 4-byte schema id)");
  }
}

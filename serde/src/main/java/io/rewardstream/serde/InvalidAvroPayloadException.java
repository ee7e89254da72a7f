package io.rewardstream.serde;

/**
 * The Avro body of a frame could not be decoded with the writer schema its id names: truncated,
 * corrupt, or followed by bytes the schema does not account for.
 */
public class InvalidAvroPayloadException extends InvalidFrameException {

  private final int schemaId;

  public InvalidAvroPayloadException(
      String topic, int schemaId, int payloadLength, String problem, Throwable cause) {
    super(
        "Invalid Avro payload on topic '"
            + topic
            + "': "
            + payloadLength
            + " bytes after the header, writer schema id "
            + schemaId
            + ": "
            + problem,
        cause);
    this.schemaId = schemaId;
  }

  /** The writer schema id the frame named. */
  public int schemaId() {
    return schemaId;
  }
}

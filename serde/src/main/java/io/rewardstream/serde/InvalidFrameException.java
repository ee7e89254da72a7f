package io.rewardstream.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * The bytes of a record are not a valid Confluent wire-format Avro frame. Such a record is corrupt
 * and belongs on the dead-letter topic; retrying cannot help.
 */
public class InvalidFrameException extends SerializationException {

  public InvalidFrameException(String message, Throwable cause) {
    super(message, cause);
  }

  public InvalidFrameException(String message) {
    super(message);
  }
}

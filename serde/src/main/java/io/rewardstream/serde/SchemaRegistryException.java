package io.rewardstream.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A Schema Registry request failed. Subclasses name the failures callers act on; this class itself
 * covers the rest (authentication refused, invalid schema, unexpected answers), with the HTTP
 * status when there was one.
 */
public class SchemaRegistryException extends SerializationException {

  private final int httpStatus;

  /** A failure with the HTTP status the registry answered, or -1 when it did not answer. */
  public SchemaRegistryException(String message, int httpStatus, Throwable cause) {
    super(message, cause);
    this.httpStatus = httpStatus;
  }

  /** A failure with the HTTP status the registry answered, or -1 when it did not answer. */
  public SchemaRegistryException(String message, int httpStatus) {
    this(message, httpStatus, null);
  }

  /**
   * Whether {@code error} or one of its causes is a failure of the registry itself (unreachable,
   * refusing the credentials, not a registry API) rather than of the record being read: a record
   * naming an unknown schema id, or a schema that is not Avro, is the record's fault.
   */
  public static boolean isRegistryFailure(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof UnknownSchemaIdException || t instanceof NotAvroSchemaException) {
        return false;
      }
      if (t instanceof SchemaRegistryException) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  /** The HTTP status of the registry's answer, or -1 when there was none. */
  public int httpStatus() {
    return httpStatus;
  }
}

package io.rewardstream.serde;

/**
 * The registry could not be reached, or kept answering 5xx, through every allowed attempt. This is
 * an infrastructure failure rather than a bad record.
 */
public class SchemaRegistryUnavailableException extends SchemaRegistryException {

  private final int attempts;

  public SchemaRegistryUnavailableException(
      String url, int attempts, String lastError, int lastStatus, Throwable cause) {
    super(
        "Schema registry at "
            + url
            + " unreachable after "
            + attempts
            + (attempts == 1 ? " attempt" : " attempts")
            + "; last error: "
            + lastError,
        lastStatus,
        cause);
    this.attempts = attempts;
  }

  /** How many requests were sent (1 + retries). */
  public int attempts() {
    return attempts;
  }
}

package io.rewardstream.scorer;

/**
 * A score request the model cannot take: a token id outside the vocabulary, a position out of
 * range, or a sequence longer than the model's context. The message names the request (its index in
 * the batch) and the offending position, so the caller can route the record that produced it to a
 * dead-letter topic.
 */
public class InvalidScoreRequestException extends IllegalArgumentException {

  private final int requestIndex;

  public InvalidScoreRequestException(int requestIndex, String message) {
    super("request " + requestIndex + ": " + message);
    this.requestIndex = requestIndex;
  }

  /** Index of the offending request in its batch. */
  public int requestIndex() {
    return requestIndex;
  }
}

package io.rewardstream.topology.errors;

/**
 * A record the topology cannot take. Thrown from the processor before any state is changed for the
 * record, it is turned by {@link DeadLetterHandler} into a dead-letter record carrying the reason,
 * the source topic/partition/offset and the original bytes; the stream goes on.
 */
public class BadInputException extends RuntimeException {

  /** Why a record was refused; written to the {@code rewardstream.reason} header. */
  public enum Reason {
    EMPTY_ID,
    KEY_MISMATCH,
    BAD_CHUNK_INDEX,
    MISSING_GROUP_SIZE,
    GROUP_SIZE_MISMATCH,
    GROUP_SIZE_EXCEEDED,
    CHUNK_GAP,
    ENDED_SEQUENCE,
    ENDED_GROUP,
    UNKNOWN_SEQUENCE,
    TOKEN_OUT_OF_VOCABULARY,
    CHUNK_TOO_LARGE,
    POLICY_VERSION_TOO_LONG,
    CONTEXT_OVERFLOW,
    INVALID_SCORE_REQUEST
  }

  private final Reason reason;

  public BadInputException(Reason reason, String message) {
    super(reason + ": " + message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}

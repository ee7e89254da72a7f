package io.rewardstream.scorer;

import java.util.Arrays;
import java.util.Objects;

/**
 * One sequence to score: the token ids the reward model sees (prompt followed by the response so
 * far, in the model's vocabulary) and the prefix lengths whose reward is wanted.
 *
 * <p>A position {@code p} asks for the reward of the prefix {@code tokenIds[0, p)}: for a completed
 * step that is the offset just past the step's last token (its separator, for models that read at a
 * step-separator token); for the partial step being scored it is {@code tokenIds.length}. Readers
 * that need a step token at the read position append one when the last position is the end of the
 * sequence and no step token ends it, so a partial step is scored as if it had just been closed.
 * Positions are strictly increasing, in {@code [1, tokenIds.length]}.
 */
public record ScoreRequest(int[] tokenIds, int[] positions) {

  public ScoreRequest {
    Objects.requireNonNull(tokenIds, "tokenIds");
    Objects.requireNonNull(positions, "positions");
  }

  /** A request for the reward of the whole sequence only. */
  public static ScoreRequest ofEnd(int[] tokenIds) {
    return new ScoreRequest(tokenIds, new int[] {tokenIds.length});
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ScoreRequest other
        && Arrays.equals(tokenIds, other.tokenIds)
        && Arrays.equals(positions, other.positions);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(tokenIds) + Arrays.hashCode(positions);
  }

  @Override
  public String toString() {
    return "ScoreRequest[tokens="
        + tokenIds.length
        + ", positions="
        + Arrays.toString(positions)
        + "]";
  }
}

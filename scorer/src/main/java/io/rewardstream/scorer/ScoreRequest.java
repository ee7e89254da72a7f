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
 *
 * <p>A {@code cacheKey} (the topology passes the sequence key) lets a model that keeps past keys
 * and values feed only the tokens added since the key's previous request. The key says where to
 * look, not what is there: cached tokens are reused only as far as they agree with {@code
 * tokenIds}, so the rewards are the same with or without a key, up to float rounding.
 *
 * @param tokenIds prompt and response so far, in the model's vocabulary
 * @param positions prefix lengths to read rewards at
 * @param cacheKey the sequence the request belongs to, or null for no caching
 */
public record ScoreRequest(int[] tokenIds, int[] positions, String cacheKey) {

  public ScoreRequest {
    Objects.requireNonNull(tokenIds, "tokenIds");
    Objects.requireNonNull(positions, "positions");
  }

  /** A request without a cache key. */
  public ScoreRequest(int[] tokenIds, int[] positions) {
    this(tokenIds, positions, null);
  }

  /** A request for the reward of the whole sequence only. */
  public static ScoreRequest ofEnd(int[] tokenIds) {
    return new ScoreRequest(tokenIds, new int[] {tokenIds.length});
  }

  /** This request with cache key {@code key}. */
  public ScoreRequest withKey(String key) {
    return new ScoreRequest(tokenIds, positions, key);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ScoreRequest other
        && Arrays.equals(tokenIds, other.tokenIds)
        && Arrays.equals(positions, other.positions)
        && Objects.equals(cacheKey, other.cacheKey);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(tokenIds) + Arrays.hashCode(positions))
        + Objects.hashCode(cacheKey);
  }

  @Override
  public String toString() {
    return "ScoreRequest[tokens="
        + tokenIds.length
        + ", positions="
        + Arrays.toString(positions)
        + (cacheKey == null ? "" : ", cacheKey=" + cacheKey)
        + "]";
  }
}

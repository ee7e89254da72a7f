package io.rewardstream.topology.state;

/**
 * A chunk that arrived ahead of a gap in its sequence's chunk indexes, held until the gap fills.
 *
 * @param finishReason ordinal of the chunk's FinishReason, or -1 when the chunk does not finish
 */
public record PendingChunk(
    long chunkIndex, int[] tokenIds, String text, int finishReason, long producedAt) {

  /** At most the bytes {@code chunk} takes in the state's encoding (varints, UTF-8 text). */
  public static long estimatedBytes(PendingChunk chunk) {
    long text = chunk.text() == null ? 0 : 3L * chunk.text().length();
    return 32 + 5L * chunk.tokenIds().length + text;
  }
}

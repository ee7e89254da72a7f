package io.rewardstream.topology.state;

/**
 * A chunk that arrived ahead of a gap in its sequence's chunk indexes, held until the gap fills.
 *
 * @param finishReason ordinal of the chunk's FinishReason, or -1 when the chunk does not finish
 */
public record PendingChunk(
    long chunkIndex, int[] tokenIds, String text, int finishReason, long producedAt) {}

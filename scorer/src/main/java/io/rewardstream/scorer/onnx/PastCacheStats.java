package io.rewardstream.scorer.onnx;

/**
 * What a model's past cache holds and has done since the model was loaded (see {@link
 * OnnxRewardModel#pastCacheStats()}).
 *
 * @param entries sequences cached
 * @param bytes their size
 * @param spareBytes blocks of sequences that left the cache, kept for the next ones (inside {@code
 *     scorer.past-cache-mb} together with the entries)
 * @param hits rows that reused cached keys and values
 * @param misses rows with a cache key that found nothing usable
 * @param reusedTokens tokens not fed to the graph again thanks to the cache
 * @param evictions entries dropped to stay inside {@code scorer.past-cache-mb}
 */
public record PastCacheStats(
    int entries,
    long bytes,
    long spareBytes,
    long hits,
    long misses,
    long reusedTokens,
    long evictions) {

  /** Nothing cached, nothing done: the model has no past cache. */
  public static final PastCacheStats NONE = new PastCacheStats(0, 0, 0, 0, 0, 0, 0);
}

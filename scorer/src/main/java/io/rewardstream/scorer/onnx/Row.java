package io.rewardstream.scorer.onnx;

/**
 * One sequence as fed to the graph: a request's tokens (possibly with a step token appended or the
 * middle truncated away), the token indices to read, and which of the request's positions each read
 * answers. A request usually makes one row; a long request under keep-head-and-tail may make more.
 * With a past cache, the first {@code pastLength} tokens come from a cached entry and only the rest
 * is fed.
 *
 * @param request index of the request in its batch
 * @param tokens the token ids of the whole row, cached ones included
 * @param readIndices token indices to read, one per answered position
 * @param slots for each read index, the index into the request's positions
 * @param cacheKey the request's cache key, or null
 * @param past the cached entry whose first {@code pastLength} tokens the row reuses, or null
 * @param pastLength tokens taken from {@code past}, 0 without
 */
record Row(
    int request,
    int[] tokens,
    int[] readIndices,
    int[] slots,
    String cacheKey,
    PastEntry past,
    int pastLength) {

  Row(int request, int[] tokens, int[] readIndices, int[] slots) {
    this(request, tokens, readIndices, slots, null, null, 0);
  }

  /** This row with a cache key. */
  Row withKey(String key) {
    return new Row(request, tokens, readIndices, slots, key, null, 0);
  }

  /** This row reusing the first {@code length} tokens of {@code entry}. */
  Row withPast(PastEntry entry, int length) {
    return new Row(request, tokens, readIndices, slots, cacheKey, entry, length);
  }

  /** Tokens fed to the graph: those after the cached ones. */
  int length() {
    return tokens.length - pastLength;
  }
}

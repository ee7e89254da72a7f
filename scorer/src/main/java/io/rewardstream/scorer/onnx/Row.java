package io.rewardstream.scorer.onnx;

/**
 * One sequence as fed to the graph: a request's tokens (possibly with a step token appended or the
 * middle truncated away), the token indices to read, and which of the request's positions each read
 * answers. A request usually makes one row; a long request under keep-head-and-tail may make more.
 *
 * @param request index of the request in its batch
 * @param tokens the token ids fed to the graph
 * @param readIndices token indices to read, one per answered position
 * @param slots for each read index, the index into the request's positions
 */
record Row(int request, int[] tokens, int[] readIndices, int[] slots) {

  int length() {
    return tokens.length;
  }
}

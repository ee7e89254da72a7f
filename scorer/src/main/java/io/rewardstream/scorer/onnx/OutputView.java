package io.rewardstream.scorer.onnx;

import java.nio.FloatBuffer;

/**
 * A read-only view of one float output of a sub-batch, {@code [B,T]} or {@code [B,T,K]} in
 * row-major order, as it lies in its buffer: no copy into Java arrays.
 */
final class OutputView {

  private final FloatBuffer data;
  private final int tokens;
  private final int width;

  /**
   * @param data the output, indexed from 0
   * @param tokens T, the padded sequence length
   * @param width K, the last axis (1 for {@code [B,T]})
   */
  OutputView(FloatBuffer data, int tokens, int width) {
    this.data = data;
    this.tokens = tokens;
    this.width = width;
  }

  /** K, the width of the last axis. */
  int width() {
    return width;
  }

  /** The value at row {@code b}, token {@code t}, last-axis index {@code k}. */
  float get(int b, int t, int k) {
    return data.get((b * tokens + t) * width + k);
  }
}

package io.rewardstream.scorer.onnx;

import java.util.List;
import java.util.Map;

/**
 * Reads the reward at one token of one row out of a sub-batch's outputs. One implementation per
 * manifest reader kind; implementations are stateless and thread-safe.
 */
interface StepRewardReader {

  /** Graph output names this reader reads. */
  List<String> outputNames();

  /** Heads reported per position: 0 for single-head readers. */
  int headCount();

  /**
   * The reward at row {@code b}, token {@code t}.
   *
   * @param outputs views of the outputs named by {@link #outputNames()}
   * @param heads receives each head's value when {@link #headCount()} is positive
   */
  double read(Map<String, OutputView> outputs, int b, int t, double[] heads);

  static double sigmoid(double x) {
    return 1.0 / (1.0 + Math.exp(-x));
  }
}

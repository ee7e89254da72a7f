package io.rewardstream.scorer.onnx;

import java.util.List;

/**
 * A single-head reader that reads one graph output: what the classifier, tag and value readers
 * share.
 */
abstract class SingleOutputReader implements StepRewardReader {

  /** The graph output read. */
  protected final String output;

  SingleOutputReader(String output) {
    this.output = output;
  }

  @Override
  public final List<String> outputNames() {
    return List.of(output);
  }

  @Override
  public final int headCount() {
    return 0;
  }
}

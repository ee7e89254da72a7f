package io.rewardstream.scorer.onnx;

import java.util.Map;

/**
 * {@code value-head}: one scalar per token ({@code [B,T]} or {@code [B,T,1]}), optionally squashed.
 */
final class ValueHeadReader extends SingleOutputReader {

  private final boolean sigmoid;

  ValueHeadReader(String output, boolean sigmoid) {
    super(output);
    this.sigmoid = sigmoid;
  }

  @Override
  public double read(Map<String, OutputView> outputs, int b, int t, double[] heads) {
    double value = outputs.get(output).get(b, t, 0);
    return sigmoid ? StepRewardReader.sigmoid(value) : value;
  }
}

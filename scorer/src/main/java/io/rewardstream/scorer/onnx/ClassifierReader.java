package io.rewardstream.scorer.onnx;

import java.util.Map;

/**
 * {@code classifier-at-step-token}: softmax over the class logits {@code [B,T,C]} at the step
 * token, the reward being the positive class' probability (Qwen2.5-Math-PRM reads class 1 at each
 * {@code <extra_0>}).
 */
final class ClassifierReader extends SingleOutputReader {

  private final int positive;

  ClassifierReader(String output, int positive) {
    super(output);
    this.positive = positive;
  }

  @Override
  public double read(Map<String, OutputView> outputs, int b, int t, double[] heads) {
    OutputView logits = outputs.get(output);
    int classes = logits.width();
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < classes; c++) {
      max = Math.max(max, logits.get(b, t, c));
    }
    double sum = 0;
    for (int c = 0; c < classes; c++) {
      sum += Math.exp(logits.get(b, t, c) - max);
    }
    return Math.exp(logits.get(b, t, positive) - max) / sum;
  }
}

package io.rewardstream.scorer.onnx;

import java.util.Map;

/**
 * {@code tag-token-logits}: at the step tag, the softmax over just the two candidate tokens' logits
 * of a language-model head {@code [B,T,V]}; the reward is the probability of the "good" token
 * (Math-Shepherd reads '+' against '-' at each 'ки').
 */
final class TagTokenReader extends SingleOutputReader {

  private final int plus;
  private final int minus;

  TagTokenReader(String output, int plus, int minus) {
    super(output);
    this.plus = plus;
    this.minus = minus;
  }

  @Override
  public double read(Map<String, OutputView> outputs, int b, int t, double[] heads) {
    OutputView logits = outputs.get(output);
    // softmax([plus, minus])[0] = sigmoid(plus - minus)
    return StepRewardReader.sigmoid((double) logits.get(b, t, plus) - logits.get(b, t, minus));
  }
}

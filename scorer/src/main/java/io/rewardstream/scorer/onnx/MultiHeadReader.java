package io.rewardstream.scorer.onnx;

import io.rewardstream.scorer.manifest.ReaderSpec.Head;
import java.util.List;
import java.util.Map;

/**
 * {@code multi-head} (ArmoRM-style): each head is one column of a {@code [B,T]} or {@code [B,T,K]}
 * output, optionally squashed; the reward is the weighted sum of the heads, and the per-head values
 * are reported too.
 */
final class MultiHeadReader implements StepRewardReader {

  private final String[] outputs;
  private final int[] index;
  private final double[] weight;
  private final boolean[] sigmoid;

  /**
   * @param heads the heads
   * @param graphNames for each head, the graph output name its role maps to
   */
  MultiHeadReader(List<Head> heads, List<String> graphNames) {
    int n = heads.size();
    outputs = graphNames.toArray(new String[0]);
    index = new int[n];
    weight = new double[n];
    sigmoid = new boolean[n];
    for (int h = 0; h < n; h++) {
      index[h] = heads.get(h).index();
      weight[h] = heads.get(h).weight();
      sigmoid[h] = heads.get(h).sigmoid();
    }
  }

  @Override
  public List<String> outputNames() {
    return List.of(outputs).stream().distinct().toList();
  }

  @Override
  public int headCount() {
    return outputs.length;
  }

  @Override
  public double read(Map<String, OutputView> views, int b, int t, double[] heads) {
    double reward = 0;
    for (int h = 0; h < outputs.length; h++) {
      double value = views.get(outputs[h]).get(b, t, index[h]);
      heads[h] = sigmoid[h] ? StepRewardReader.sigmoid(value) : value;
      reward += weight[h] * heads[h];
    }
    return reward;
  }
}

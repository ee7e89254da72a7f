package io.rewardstream.scorer.onnx;

import io.rewardstream.scorer.ScoreRequest;
import io.rewardstream.scorer.Scores;
import java.util.ArrayList;
import java.util.List;

/** Collects the rewards of one scoring call by request and position, then builds the results. */
final class ScoreSink {

  private final double[][] rewards;
  private final double[][][] heads;

  ScoreSink(List<ScoreRequest> requests, int headCount) {
    int n = requests.size();
    rewards = new double[n][];
    heads = new double[n][][];
    for (int i = 0; i < n; i++) {
      int positions = requests.get(i).positions().length;
      rewards[i] = new double[positions];
      heads[i] = new double[headCount == 0 ? 0 : positions][headCount];
    }
  }

  void put(int request, int slot, double reward, double[] headValues) {
    rewards[request][slot] = reward;
    if (headValues.length > 0) {
      System.arraycopy(headValues, 0, heads[request][slot], 0, headValues.length);
    }
  }

  List<Scores> results() {
    List<Scores> scores = new ArrayList<>(rewards.length);
    for (int i = 0; i < rewards.length; i++) {
      scores.add(new Scores(rewards[i], heads[i]));
    }
    return scores;
  }
}

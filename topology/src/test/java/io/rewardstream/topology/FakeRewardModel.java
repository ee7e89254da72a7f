package io.rewardstream.topology;

import io.rewardstream.scorer.ModelMetadata;
import io.rewardstream.scorer.RewardModel;
import io.rewardstream.scorer.ScoreRequest;
import io.rewardstream.scorer.Scores;
import java.util.ArrayList;
import java.util.List;

/**
 * A deterministic reward model for topology tests: the reward at a position is the last
 * non-separator token before it divided by 100, so a test writes the score it wants as a token
 * ({@code 80} scores 0.8). Token ids run 0..99; 1 is the step separator. Records the batch sizes,
 * the cache keys of the requests and the keys it was told to forget.
 */
final class FakeRewardModel implements RewardModel {
  static final int SEPARATOR = 1;
  static final int VOCAB = 100;
  static final int MAX_CONTEXT = 64;

  final List<Integer> batchSizes = new ArrayList<>();
  final List<String> cacheKeys = new ArrayList<>();
  final List<String> forgotten = new ArrayList<>();

  @Override
  public ModelMetadata metadata() {
    return new ModelMetadata(
        "fake-prm",
        "1",
        "0".repeat(64),
        null,
        VOCAB,
        MAX_CONTEXT,
        SEPARATOR,
        "\n",
        List.of("reward"));
  }

  @Override
  public synchronized List<Scores> score(List<ScoreRequest> requests) {
    batchSizes.add(requests.size());
    List<Scores> out = new ArrayList<>();
    for (ScoreRequest request : requests) {
      cacheKeys.add(request.cacheKey());
      double[] rewards = new double[request.positions().length];
      for (int i = 0; i < rewards.length; i++) {
        rewards[i] = rewardAt(request.tokenIds(), request.positions()[i]);
      }
      out.add(Scores.of(rewards));
    }
    return out;
  }

  @Override
  public synchronized void forget(String cacheKey) {
    forgotten.add(cacheKey);
  }

  private static double rewardAt(int[] tokens, int position) {
    for (int i = position - 1; i >= 0; i--) {
      if (tokens[i] != SEPARATOR) {
        return tokens[i] / 100.0;
      }
    }
    return 0;
  }

  @Override
  public void close() {}
}

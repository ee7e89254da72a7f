package io.rewardstream.topology.rewards;

import io.rewardstream.avro.Aggregation;

/**
 * Combines step rewards into one sequence reward. MIN is the usual PRM choice (a chain is as good
 * as its weakest step); PROD treats step rewards as independent probabilities of correctness; LAST
 * trusts the final step's reading; MEAN averages.
 */
public final class RewardAggregator {
  private RewardAggregator() {}

  /** The aggregate of {@code rewards} (NaN entries, unscored steps, are skipped); 0 when empty. */
  public static double aggregate(Aggregation aggregation, double[] rewards) {
    double result = Double.NaN;
    int count = 0;
    for (double reward : rewards) {
      if (Double.isNaN(reward)) {
        continue;
      }
      count++;
      result =
          switch (aggregation) {
            case MIN -> count == 1 ? reward : Math.min(result, reward);
            case PROD -> count == 1 ? reward : result * reward;
            case LAST -> reward;
            case MEAN -> count == 1 ? reward : result + (reward - result) / count;
          };
    }
    return count == 0 ? 0.0 : result;
  }
}

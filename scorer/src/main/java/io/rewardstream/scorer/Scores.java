package io.rewardstream.scorer;

import java.util.Arrays;
import java.util.Objects;

/**
 * Rewards for one {@link ScoreRequest}: {@code rewards[i]} is the reward at {@code positions[i]}.
 * For multi-head models {@code headRewards[i][h]} is head {@code h}'s reward there (head names in
 * {@link ModelMetadata#headNames()}) and {@code rewards[i]} their weighted sum; for single-head
 * models {@code headRewards} is an empty array.
 */
public record Scores(double[] rewards, double[][] headRewards) {

  private static final double[][] NO_HEADS = new double[0][];

  public Scores {
    Objects.requireNonNull(rewards, "rewards");
    Objects.requireNonNull(headRewards, "headRewards");
  }

  /** Scores of a single-head model. */
  public static Scores of(double... rewards) {
    return new Scores(rewards, NO_HEADS);
  }

  /** The reward at the last requested position. */
  public double last() {
    return rewards[rewards.length - 1];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Scores other
        && Arrays.equals(rewards, other.rewards)
        && Arrays.deepEquals(headRewards, other.headRewards);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(rewards) + Arrays.deepHashCode(headRewards);
  }

  @Override
  public String toString() {
    return "Scores" + Arrays.toString(rewards);
  }
}

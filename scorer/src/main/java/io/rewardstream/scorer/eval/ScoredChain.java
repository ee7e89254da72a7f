package io.rewardstream.scorer.eval;

import java.util.Objects;

/** A chain with the reward of each of its steps. */
public record ScoredChain(ProcessBenchChain chain, double[] stepRewards) {

  public ScoredChain {
    Objects.requireNonNull(chain, "chain");
    if (stepRewards.length != chain.steps().size()) {
      throw new IllegalArgumentException(
          "chain "
              + chain.id()
              + ": "
              + stepRewards.length
              + " rewards for "
              + chain.steps().size()
              + " steps");
    }
  }

  /** The predicted first wrong step: the first scored below {@code threshold}, or -1. */
  public int predictedLabel(double threshold) {
    for (int i = 0; i < stepRewards.length; i++) {
      if (stepRewards[i] < threshold) {
        return i;
      }
    }
    return -1;
  }
}

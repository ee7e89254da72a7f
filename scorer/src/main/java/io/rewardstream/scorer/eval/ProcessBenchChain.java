package io.rewardstream.scorer.eval;

import java.util.List;
import java.util.Objects;

/**
 * One ProcessBench example: a problem, its solution steps, and the index of the first wrong step
 * ({@code -1} when every step is right).
 */
public record ProcessBenchChain(String id, String problem, List<String> steps, int label) {

  public ProcessBenchChain {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(problem, "problem");
    steps = List.copyOf(steps);
    if (label < -1 || label >= steps.size()) {
      throw new IllegalArgumentException(
          "label must be -1 or a step index below " + steps.size() + ", was " + label);
    }
  }

  /** Whether the chain has a wrong step. */
  public boolean erroneous() {
    return label >= 0;
  }

  /** Whether step {@code i} is labelled correct: it comes before the first wrong step. */
  public boolean stepCorrect(int i) {
    return label == -1 || i < label;
  }
}

package io.rewardstream.scorer.eval;

import java.util.ArrayList;
import java.util.List;

/** Computes ProcessBench figures from scored chains; pure arithmetic, no model. */
public final class ProcessBenchMetrics {

  private ProcessBenchMetrics() {}

  /** The default sweep: 0.00, 0.01, ..., 1.00. */
  public static double[] defaultThresholds() {
    double[] thresholds = new double[101];
    for (int i = 0; i <= 100; i++) {
      thresholds[i] = i / 100.0;
    }
    return thresholds;
  }

  /** The figures at {@code threshold}. */
  public static ThresholdMetrics at(List<ScoredChain> chains, double threshold) {
    int erroneous = 0;
    int errorHits = 0;
    int correct = 0;
    int correctHits = 0;
    int steps = 0;
    int stepHits = 0;
    for (ScoredChain scored : chains) {
      ProcessBenchChain chain = scored.chain();
      int predicted = scored.predictedLabel(threshold);
      if (chain.erroneous()) {
        erroneous++;
        errorHits += predicted == chain.label() ? 1 : 0;
      } else {
        correct++;
        correctHits += predicted == -1 ? 1 : 0;
      }
      for (int i = 0; i < scored.stepRewards().length; i++) {
        steps++;
        boolean judgedCorrect = scored.stepRewards()[i] >= threshold;
        stepHits += judgedCorrect == chain.stepCorrect(i) ? 1 : 0;
      }
    }
    double errorAccuracy = ratio(errorHits, erroneous);
    double correctAccuracy = ratio(correctHits, correct);
    return new ThresholdMetrics(
        threshold,
        errorAccuracy,
        correctAccuracy,
        harmonicMean(errorAccuracy, correctAccuracy),
        ratio(stepHits, steps));
  }

  /** The figures at every threshold, in the given order. */
  public static List<ThresholdMetrics> sweep(List<ScoredChain> chains, double[] thresholds) {
    List<ThresholdMetrics> result = new ArrayList<>(thresholds.length);
    for (double threshold : thresholds) {
      result.add(at(chains, threshold));
    }
    return result;
  }

  /** The entry with the highest F1; the lowest threshold among equals. */
  public static ThresholdMetrics best(List<ThresholdMetrics> sweep) {
    ThresholdMetrics best = null;
    for (ThresholdMetrics m : sweep) {
      if (best == null || m.f1() > best.f1() || Double.isNaN(best.f1()) && !Double.isNaN(m.f1())) {
        best = m;
      }
    }
    if (best == null) {
      throw new IllegalArgumentException("empty sweep");
    }
    return best;
  }

  private static double ratio(int hits, int total) {
    return total == 0 ? Double.NaN : (double) hits / total;
  }

  private static double harmonicMean(double a, double b) {
    return a + b == 0 ? 0 : 2 * a * b / (a + b);
  }
}

package io.rewardstream.scorer.eval;

/**
 * ProcessBench figures at one threshold. A chain's prediction is its first step scored below the
 * threshold (or -1, no error); it is right when it equals the label.
 *
 * @param threshold steps scored below it are judged wrong
 * @param errorAccuracy share of erroneous chains whose first wrong step is found exactly (NaN
 *     without erroneous chains)
 * @param correctAccuracy share of correct chains judged correct throughout (NaN without any)
 * @param f1 harmonic mean of the two accuracies (0 when both are 0)
 * @param stepAccuracy share of steps judged as labelled: a step is labelled correct iff it comes
 *     before the first wrong step
 */
public record ThresholdMetrics(
    double threshold,
    double errorAccuracy,
    double correctAccuracy,
    double f1,
    double stepAccuracy) {

  @Override
  public String toString() {
    return String.format(
        "threshold %.2f: error acc %.4f, correct acc %.4f, F1 %.4f, step acc %.4f",
        threshold, errorAccuracy, correctAccuracy, f1, stepAccuracy);
  }
}

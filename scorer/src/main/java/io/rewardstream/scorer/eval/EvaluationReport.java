package io.rewardstream.scorer.eval;

import java.util.List;

/**
 * The result of an offline evaluation.
 *
 * @param chains number of chains evaluated
 * @param erroneousChains how many of them have a wrong step
 * @param atThreshold the figures at the requested threshold
 * @param best the sweep entry with the highest F1
 * @param sweep the figures at every swept threshold
 */
public record EvaluationReport(
    int chains,
    int erroneousChains,
    ThresholdMetrics atThreshold,
    ThresholdMetrics best,
    List<ThresholdMetrics> sweep) {

  public EvaluationReport {
    sweep = List.copyOf(sweep);
  }
}

package io.rewardstream.topology.scoring;

import io.rewardstream.scorer.Scores;
import java.util.List;

/**
 * A finished {@link ScoringJob}: its scores in request order, or the failure of the model call that
 * carried it, and when that call started and ended ({@link System#nanoTime()}), so the owning task
 * can tell how long the job queued, how long the model took and how long the result waited for it.
 */
public record ScoredJob(
    ScoringJob job,
    List<Scores> scores,
    RuntimeException failure,
    long batchStartNanos,
    long batchEndNanos) {

  /** The reward for a target of this job. */
  public double reward(Target target) {
    return scores.get(target.request()).rewards()[target.position()];
  }

  /** Per-head rewards for a target, empty for single-head models. */
  public double[] headRewards(Target target) {
    double[][] heads = scores.get(target.request()).headRewards();
    return heads.length == 0 ? new double[0] : heads[target.position()];
  }
}

package io.rewardstream.topology.state;

/**
 * One reasoning step of a sequence: its token span in the response and its latest reward.
 *
 * <p>{@code reward} is NaN until the step has been scored. {@code scoredEnd} is the response offset
 * the reward was read at: equal to {@code end} once the complete step has been scored, smaller
 * while only a partial score exists. {@code reachedAt} is the produced_at of the chunk that brought
 * the step to its latest scoring point (its end, or its latest tau checkpoint while open), or -1
 * when not known (state written before it was kept): decision latency is measured from it. {@code
 * scoredReachedAt} is the same for the point the latest reward was read at, which a later chunk may
 * have moved {@code reachedAt} past before that reward came back.
 */
public final class Step {
  int start;
  int end;
  boolean complete;
  double reward = Double.NaN;
  int scoredEnd;
  int partialCheckpoints;
  long reachedAt = -1;
  long scoredReachedAt = -1;

  Step(int start) {
    this.start = start;
    this.end = start;
    this.scoredEnd = start;
  }

  public int start() {
    return start;
  }

  public int end() {
    return end;
  }

  public int length() {
    return end - start;
  }

  public boolean complete() {
    return complete;
  }

  public double reward() {
    return reward;
  }

  public boolean scored() {
    return !Double.isNaN(reward);
  }

  /** Offset the latest reward was read at. */
  public int scoredEnd() {
    return scoredEnd;
  }

  /** How many tau checkpoints inside this step have been scored. */
  public int partialCheckpoints() {
    return partialCheckpoints;
  }

  /** True when the reward was read before the step was complete. */
  public boolean rewardIsPartial() {
    return !complete || scoredEnd < end;
  }

  /** The produced_at of the chunk that brought the step to its latest scoring point, or -1. */
  public long reachedAt() {
    return reachedAt;
  }

  public void reachedAt(long producedAt) {
    this.reachedAt = producedAt;
  }

  /** The {@link #reachedAt()} of the point the latest reward was read at, or -1. */
  public long scoredReachedAt() {
    return scoredReachedAt;
  }

  /**
   * Records a reward read at response offset {@code at}, {@code checkpoints} taus in, for the point
   * a chunk produced at {@code reachedAt} brought the step to.
   */
  public void recordReward(double value, int at, int checkpoints, long reachedAt) {
    this.scoredReachedAt = reachedAt;
    this.reward = value;
    this.scoredEnd = at;
    this.partialCheckpoints = Math.max(partialCheckpoints, checkpoints);
  }
}

package io.rewardstream.topology.state;

/**
 * A group's view of one of its sequences: enough to rank siblings at a checkpoint and to build the
 * group reward, without loading every sibling's full state.
 */
public final class Member {

  /** Whether the member still competes. */
  public enum Status {
    LIVE,
    REJECTED,
    ENDED
  }

  final String sequenceId;
  Status status = Status.LIVE;

  /** Latest scored checkpoint ({@link Checkpoint}), or -1 before the first score. */
  long checkpoint = -1;

  double score = Double.NaN;
  long tokens;

  /** Tokens its generator sent after the member was rejected, known once it ended. */
  long ignoredTokens;

  /** SequenceStatus ordinal once the member's SequenceReward was emitted, else -1. */
  int endStatus = -1;

  double finalReward = Double.NaN;
  long reachedWallMs;

  public Member(String sequenceId) {
    this.sequenceId = sequenceId;
  }

  public String sequenceId() {
    return sequenceId;
  }

  public Status status() {
    return status;
  }

  public boolean live() {
    return status == Status.LIVE;
  }

  public long checkpoint() {
    return checkpoint;
  }

  public double score() {
    return score;
  }

  public long tokens() {
    return tokens;
  }

  public void tokens(long value) {
    this.tokens = value;
  }

  public long ignoredTokens() {
    return ignoredTokens;
  }

  public void ignoredTokens(long value) {
    this.ignoredTokens = value;
  }

  public boolean rewarded() {
    return endStatus >= 0;
  }

  public int endStatus() {
    return endStatus;
  }

  public double finalReward() {
    return finalReward;
  }

  /** Wall-clock time the member reached its latest checkpoint. */
  public long reachedWallMs() {
    return reachedWallMs;
  }

  /** Records a score at a checkpoint. */
  public void scored(long checkpoint, double score, long nowMs) {
    if (checkpoint > this.checkpoint) {
      this.reachedWallMs = nowMs;
    }
    this.checkpoint = Math.max(this.checkpoint, checkpoint);
    this.score = score;
  }

  public void reject() {
    status = Status.REJECTED;
  }

  /** Records the member's SequenceReward: it no longer competes. */
  public void rewarded(int status, double reward) {
    if (this.status == Status.LIVE) {
      this.status = Status.ENDED;
    }
    this.endStatus = status;
    this.finalReward = reward;
  }
}

package io.rewardstream.topology.scoring;

import io.rewardstream.scorer.ScoreRequest;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scoring work for one sequence: the requests to send to the reward model, the targets that say
 * where each reward goes, and the inbox of the task that owns the sequence, where the result is
 * delivered. {@code sourceProducedAt} is the produced_at of the newest chunk the job covers (the
 * decision latency's start when its targets do not know the chunk that reached them).
 *
 * <p>A job is either taken by a scorer thread or taken back by its task, never both: whichever
 * claims it first wins (see {@link ScoringService#cancel}). Jobs are equal only to themselves.
 */
public final class ScoringJob {
  private static final int QUEUED = 0;
  private static final int TAKEN = 1;
  private static final int CANCELLED = 2;

  private final String sequenceKey;
  private final List<ScoreRequest> requests;
  private final List<Target> targets;
  private final Queue<ScoredJob> inbox;
  private final long enqueuedNanos;
  private final long sourceProducedAt;
  private final AtomicInteger claim = new AtomicInteger(QUEUED);

  public ScoringJob(
      String sequenceKey,
      List<ScoreRequest> requests,
      List<Target> targets,
      Queue<ScoredJob> inbox,
      long enqueuedNanos,
      long sourceProducedAt) {
    this.sequenceKey = sequenceKey;
    this.requests = List.copyOf(requests);
    this.targets = List.copyOf(targets);
    this.inbox = inbox;
    this.enqueuedNanos = enqueuedNanos;
    this.sourceProducedAt = sourceProducedAt;
  }

  public String sequenceKey() {
    return sequenceKey;
  }

  public List<ScoreRequest> requests() {
    return requests;
  }

  public List<Target> targets() {
    return targets;
  }

  public Queue<ScoredJob> inbox() {
    return inbox;
  }

  public long enqueuedNanos() {
    return enqueuedNanos;
  }

  public long sourceProducedAt() {
    return sourceProducedAt;
  }

  /** Claims the job for a scorer thread; false when its task took it back first. */
  boolean take() {
    return claim.compareAndSet(QUEUED, TAKEN);
  }

  /** Claims the job back for its task; false when a scorer thread took it first. */
  boolean takeBack() {
    return claim.compareAndSet(QUEUED, CANCELLED);
  }

  @Override
  public String toString() {
    return "ScoringJob[" + sequenceKey + ", " + requests.size() + " requests]";
  }
}

package io.rewardstream.topology.scoring;

import io.rewardstream.scorer.ScoreRequest;
import java.util.List;
import java.util.Queue;

/**
 * Scoring work for one sequence: the requests to send to the reward model, the targets that say
 * where each reward goes, and the inbox of the task that owns the sequence, where the result is
 * delivered. {@code sourceProducedAt} is the produced_at of the newest chunk the job covers.
 */
public record ScoringJob(
    String sequenceKey,
    List<ScoreRequest> requests,
    List<Target> targets,
    Queue<ScoredJob> inbox,
    long enqueuedNanos,
    long sourceProducedAt) {

  public ScoringJob {
    requests = List.copyOf(requests);
    targets = List.copyOf(targets);
  }
}

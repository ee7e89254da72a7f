package io.rewardstream.topology.scoring;

import io.rewardstream.scorer.RewardModel;

/**
 * The one {@link ScoringService} of an application instance, started when its first task opens and
 * stopped when its last task closes, so that a topology owns no threads while it is not running.
 * The reward model itself belongs to whoever built the topology.
 */
public final class SharedScoring {
  private final RewardModel model;
  private final int maxBatchSize;
  private final long maxDelayMs;
  private final int threads;
  private ScoringService service;
  private int users;

  public SharedScoring(RewardModel model, int maxBatchSize, long maxDelayMs, int threads) {
    this.model = model;
    this.maxBatchSize = maxBatchSize;
    this.maxDelayMs = maxDelayMs;
    this.threads = threads;
  }

  /** The running service; starts it for the first user. */
  public synchronized ScoringService acquire() {
    if (users++ == 0) {
      service = new ScoringService(model, maxBatchSize, maxDelayMs, threads);
    }
    return service;
  }

  /** Stops the service when its last user lets go. */
  public synchronized void release() {
    if (users > 0 && --users == 0) {
      service.close();
      service = null;
    }
  }

  /** The running service, or null when no task is open. */
  public synchronized ScoringService current() {
    return service;
  }
}

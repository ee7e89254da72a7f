package io.rewardstream.topology;

import io.rewardstream.topology.scoring.ScoredJob;
import io.rewardstream.topology.scoring.ScoringJob;
import io.rewardstream.topology.scoring.ScoringService;
import io.rewardstream.topology.state.SequenceState;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One task's side of the instance's shared {@link ScoringService}: plans and submits scoring jobs,
 * at most one in flight per sequence (its next job is planned from the state the previous result
 * left), and takes the results back from the task's own inbox, so that they are applied, and
 * forwarded, in the task's own process or punctuate call. A sequence that ends takes its queued job
 * back, so the model does no work nobody will read. Records where each job's time went.
 */
final class TaskScoring {
  private static final double MS_PER_NANO = 1e-6;

  private final TopologySettings settings;
  private final RewardStreamSensors sensors;
  private final ScoringService service;
  private final Queue<ScoredJob> inbox = new ConcurrentLinkedQueue<>();
  private final Map<String, ScoringJob> inFlight = new HashMap<>();
  private volatile boolean closed;

  TaskScoring(TopologySettings settings, RewardStreamSensors sensors) {
    this.settings = settings;
    this.sensors = sensors;
    this.service = settings.scoring().acquire();
  }

  /** Whether a job for this sequence is still out. */
  boolean inFlight(String sequenceKey) {
    return inFlight.containsKey(sequenceKey);
  }

  /** Plans and submits the scoring the sequence needs; false when it needs none. */
  boolean submit(SequenceState state) {
    ScoringJob job = settings.planner().plan(state, inbox, System.nanoTime());
    if (job == null) {
      return false;
    }
    inFlight.put(state.key(), job);
    service.submit(job);
    return true;
  }

  /** Inline mode (score.threads=0) only: scores what is queued, on this thread. */
  void runPending() {
    service.runPending();
  }

  /**
   * The next result that came back for this task, or null. A failed model call is rethrown: the
   * model is infrastructure, and the stream thread's exception handler decides what happens.
   */
  ScoredJob next() {
    ScoredJob result = inbox.poll();
    if (result == null) {
      return null;
    }
    String key = result.job().sequenceKey();
    if (inFlight.remove(key) == null) {
      // Forgotten while the model scored it: the model may have cached it again since.
      service.model().forget(key);
    }
    if (result.failure() != null) {
      throw new IllegalStateException("reward model failed scoring " + key, result.failure());
    }
    sensors.scoreQueue.record(
        (result.batchStartNanos() - result.job().enqueuedNanos()) * MS_PER_NANO);
    sensors.scoreModel.record((result.batchEndNanos() - result.batchStartNanos()) * MS_PER_NANO);
    sensors.scoreResultWait.record((System.nanoTime() - result.batchEndNanos()) * MS_PER_NANO);
    return result;
  }

  /**
   * Forgets an ended or rejected sequence: its job is taken back if it is still queued (a result
   * already on its way is ignored), and the model drops what it cached for it.
   */
  void forget(String sequenceKey) {
    ScoringJob job = inFlight.remove(sequenceKey);
    if (job != null) {
      service.cancel(job);
    }
    service.model().forget(sequenceKey);
  }

  boolean closed() {
    return closed;
  }

  /**
   * Takes back the jobs still queued (the task is closing or moving: nobody would read their
   * results, and the other tasks' jobs would wait behind them), drops undelivered results and lets
   * go of the shared service. What the model cached for the sequences stays: a task that comes back
   * to this instance reuses it.
   */
  void close() {
    if (!closed) {
      closed = true;
      inFlight.values().forEach(service::cancel);
      inFlight.clear();
      inbox.clear();
      settings.scoring().release();
    }
  }
}

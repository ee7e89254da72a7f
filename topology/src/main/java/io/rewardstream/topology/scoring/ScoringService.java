package io.rewardstream.topology.scoring;

import io.rewardstream.scorer.RewardModel;
import io.rewardstream.scorer.ScoreRequest;
import io.rewardstream.scorer.Scores;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Micro-batches scoring work from every task of an instance into reward-model calls.
 *
 * <p>Kafka Streams gives each input partition its own task, so batching inside a task would keep
 * batches small when partitions are many. Tasks therefore submit {@link ScoringJob}s here, where
 * one queue gathers them across all tasks and threads. A free scorer thread sends what has queued,
 * up to {@code score.max-batch-size} requests, after waiting at most {@code score.max-delay-ms}
 * (from the oldest request's arrival) for more; with the default of 0 it waits for nothing, and
 * batches fill by themselves while the model is busy (continuous batching). Results go to the inbox
 * of the task that submitted the job, because records may only be forwarded from the owning task's
 * own process or punctuate call.
 *
 * <p>With {@code threads > 0} the model runs on dedicated threads, so a slow batch never holds a
 * stream thread past {@code max.poll.interval.ms}. With {@code threads == 0} the model runs in
 * whichever stream thread calls {@link #runPending()} (deterministic; used by unit tests).
 */
public final class ScoringService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ScoringService.class);

  private final RewardModel model;
  private final int maxBatchSize;
  private final long maxDelayNanos;
  private final BlockingQueue<ScoringJob> queue = new LinkedBlockingQueue<>();
  private final List<Thread> workers = new ArrayList<>();
  private final LongAdder batches = new LongAdder();
  private final LongAdder requests = new LongAdder();
  private final LongAdder positions = new LongAdder();
  private final LongAdder scoringNanos = new LongAdder();
  private final LongAdder cancelled = new LongAdder();
  private final AtomicInteger takenBackInQueue = new AtomicInteger();
  private volatile boolean running = true;

  public ScoringService(RewardModel model, int maxBatchSize, long maxDelayMs, int threads) {
    this.model = model;
    this.maxBatchSize = maxBatchSize;
    this.maxDelayNanos = TimeUnit.MILLISECONDS.toNanos(maxDelayMs);
    for (int i = 0; i < threads; i++) {
      Thread worker = new Thread(this::loop, "rewardstream-scorer-" + i);
      worker.setDaemon(true);
      workers.add(worker);
      worker.start();
    }
  }

  /** The model this service calls. */
  public RewardModel model() {
    return model;
  }

  /** Queues a job; its result arrives in the job's inbox. */
  public void submit(ScoringJob job) {
    queue.add(job);
  }

  /**
   * Takes a job back if no scorer thread has taken it yet, so that the model is not asked for work
   * nobody will read (a sequence rejected or ended while its job waited). Returns whether it did;
   * if not, the job's result still arrives.
   */
  public boolean cancel(ScoringJob job) {
    // A claim instead of a walk of the queue under its lock: the job stays queued, and the scorer
    // thread that polls it drops it.
    if (!job.takeBack()) {
      return false;
    }
    cancelled.increment();
    takenBackInQueue.incrementAndGet();
    return true;
  }

  /** The next queued job, if any, skipping (and dropping) jobs taken back. */
  private ScoringJob pollNow() {
    ScoringJob job;
    while ((job = queue.poll()) != null && !job.take()) {
      takenBackInQueue.decrementAndGet();
    }
    return job;
  }

  /** The next job within {@code timeout}, skipping (and dropping) jobs taken back; null if none. */
  private ScoringJob poll(long timeout, TimeUnit unit) throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    while (true) {
      long wait = deadline - System.nanoTime();
      ScoringJob job = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : queue.poll();
      if (job == null || job.take()) {
        return job;
      }
      takenBackInQueue.decrementAndGet();
    }
  }

  /** Inline mode only: scores everything queued, in batches, on the calling thread. */
  public void runPending() {
    if (!workers.isEmpty()) {
      return;
    }
    List<ScoringJob> batch = new ArrayList<>();
    while (queued() > 0) {
      batch.clear();
      int size = 0;
      ScoringJob job;
      while (size < maxBatchSize && (job = pollNow()) != null) {
        batch.add(job);
        size += job.requests().size();
      }
      score(batch);
    }
  }

  private void loop() {
    List<ScoringJob> batch = new ArrayList<>();
    while (running) {
      try {
        ScoringJob first = poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.clear();
        batch.add(first);
        int size = first.requests().size();
        long deadline = first.enqueuedNanos() + maxDelayNanos;
        while (size < maxBatchSize) {
          ScoringJob next = poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
          if (next == null) {
            break;
          }
          batch.add(next);
          size += next.requests().size();
        }
        score(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void score(List<ScoringJob> batch) {
    if (batch.isEmpty()) {
      return;
    }
    List<ScoreRequest> all = new ArrayList<>();
    for (ScoringJob job : batch) {
      all.addAll(job.requests());
    }
    long start = System.nanoTime();
    List<Scores> scores;
    try {
      scores = model.score(all);
      checkAnswers(all, scores);
    } catch (RuntimeException e) {
      LOG.error("Reward model failed on a batch of {} requests", all.size(), e);
      long end = System.nanoTime();
      for (ScoringJob job : batch) {
        job.inbox().add(new ScoredJob(job, List.of(), e, start, end));
      }
      return;
    }
    long end = System.nanoTime();
    scoringNanos.add(end - start);
    batches.increment();
    requests.add(all.size());
    int offset = 0;
    for (ScoringJob job : batch) {
      int n = job.requests().size();
      for (ScoreRequest request : job.requests()) {
        positions.add(request.positions().length);
      }
      job.inbox()
          .add(
              new ScoredJob(
                  job, List.copyOf(scores.subList(offset, offset + n)), null, start, end));
      offset += n;
    }
  }

  /**
   * Fails a model that breaks {@link RewardModel}'s contract (one {@link Scores} per request, in
   * request order, with one finite reward per requested position), so that the task hears of it as
   * a model failure, instead of results cut from the wrong place or a scorer thread that dies and
   * leaves every later job unanswered.
   */
  private void checkAnswers(List<ScoreRequest> requests, List<Scores> scores) {
    if (scores == null || scores.size() != requests.size()) {
      throw new IllegalStateException(
          "reward model "
              + model.metadata().id()
              + " returned "
              + (scores == null ? "null" : scores.size() + " scores")
              + " for a batch of "
              + requests.size()
              + " requests");
    }
    for (int i = 0; i < requests.size(); i++) {
      int positions = requests.get(i).positions().length;
      Scores answer = scores.get(i);
      int heads = answer == null ? 0 : answer.headRewards().length;
      if (answer == null
          || answer.rewards().length != positions
          || heads > 0 && heads != positions) {
        throw new IllegalStateException(
            "reward model "
                + model.metadata().id()
                + " answered request "
                + i
                + " of a batch of "
                + requests.size()
                + " (sequence "
                + requests.get(i).cacheKey()
                + ", "
                + positions
                + " positions) with "
                + (answer == null
                    ? "null"
                    : answer.rewards().length + " rewards and " + heads + " head reward rows"));
      }
      // NaN marks a step not scored yet: a NaN reward would have the step asked for again and
      // again; and one would spread through a group's mean into every member's advantage.
      for (int p = 0; p < positions; p++) {
        if (!Double.isFinite(answer.rewards()[p])) {
          throw new IllegalStateException(
              "reward model "
                  + model.metadata().id()
                  + " returned the reward "
                  + answer.rewards()[p]
                  + " at position "
                  + requests.get(i).positions()[p]
                  + " of sequence "
                  + requests.get(i).cacheKey()
                  + ": rewards must be finite");
        }
      }
    }
  }

  /** Model calls made so far. */
  public long batches() {
    return batches.sum();
  }

  /** Requests scored so far. */
  public long requests() {
    return requests.sum();
  }

  /** Positions (rewards) read so far. */
  public long positions() {
    return positions.sum();
  }

  /** Time spent in the model, in nanoseconds. */
  public long scoringNanos() {
    return scoringNanos.sum();
  }

  /** Jobs taken back before they were scored. */
  public long cancelled() {
    return cancelled.sum();
  }

  /** Jobs waiting for a batch (taken-back ones not counted). */
  public int queued() {
    return queue.size() - takenBackInQueue.get();
  }

  /** Stops the worker threads; the model is closed by its owner. */
  @Override
  public void close() {
    running = false;
    for (Thread worker : workers) {
      worker.interrupt();
    }
    for (Thread worker : workers) {
      try {
        worker.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}

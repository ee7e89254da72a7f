package io.rewardstream.topology.bench;

import io.rewardstream.scorer.ModelMetadata;
import io.rewardstream.scorer.RewardModel;
import io.rewardstream.scorer.ScoreRequest;
import io.rewardstream.scorer.Scores;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * Passes batches to a model and keeps them, so the same batches can be replayed bare. Requests keep
 * their cache keys and the model's forgets are kept in their place between the batches, so a model
 * with a past cache replays with the same reuse, and holds as much, as in the run.
 *
 * <p>The stream threads call {@link #forget} thousands of times per run, so recording must cost
 * them next to nothing: plain lists under this object's lock (a copy-on-write list, as this used to
 * be, copied its whole array on every call and was a tenth of the stream thread's allocation).
 */
final class RecordingModel implements RewardModel {
  private final RewardModel delegate;
  private final List<List<ScoreRequest>> batches = new ArrayList<>();
  final LongAdder nanos = new LongAdder();
  private final List<Forget> forgets = new ArrayList<>();

  /** The model was told to forget {@code key} once {@code batches} batches had been sent. */
  private record Forget(int batches, String key) {}

  RecordingModel(RewardModel delegate) {
    this.delegate = delegate;
  }

  @Override
  public ModelMetadata metadata() {
    return delegate.metadata();
  }

  @Override
  public List<Scores> score(List<ScoreRequest> requests) {
    synchronized (this) {
      batches.add(List.copyOf(requests));
    }
    long start = System.nanoTime();
    List<Scores> scores = delegate.score(requests);
    nanos.add(System.nanoTime() - start);
    return scores;
  }

  /** Forgets the batches recorded so far. */
  synchronized void reset() {
    batches.clear();
    forgets.clear();
    nanos.reset();
  }

  /** How many batches were recorded. */
  synchronized int batchCount() {
    return batches.size();
  }

  /** How many requests the recorded batches hold. */
  synchronized int requestCount() {
    int requests = 0;
    for (List<ScoreRequest> batch : batches) {
      requests += batch.size();
    }
    return requests;
  }

  @Override
  public void forget(String cacheKey) {
    synchronized (this) {
      forgets.add(new Forget(batches.size(), cacheKey));
    }
    delegate.forget(cacheKey);
  }

  /**
   * Scores every recorded batch again on the bare model, {@code times} times over, forgetting keys
   * where the run did; returns the median of the nanoseconds each pass took, so that one pass
   * disturbed by a busy machine does not set the figure. Each pass starts, as the run did, with
   * nothing cached for the recorded sequences (each iteration's sequences are new), and leaves
   * nothing cached.
   */
  long replay(int times) {
    List<List<ScoreRequest>> batches;
    List<Forget> forgets;
    synchronized (this) {
      batches = List.copyOf(this.batches);
      forgets = List.copyOf(this.forgets);
    }
    Set<String> keys = new HashSet<>();
    for (List<ScoreRequest> batch : batches) {
      for (ScoreRequest request : batch) {
        if (request.cacheKey() != null) {
          keys.add(request.cacheKey());
        }
      }
    }
    long[] passes = new long[times];
    for (int i = 0; i < times; i++) {
      keys.forEach(delegate::forget);
      long start = System.nanoTime();
      int next = 0;
      for (int b = 0; b < batches.size(); b++) {
        for (; next < forgets.size() && forgets.get(next).batches() <= b; next++) {
          delegate.forget(forgets.get(next).key());
        }
        delegate.score(batches.get(b));
      }
      passes[i] = System.nanoTime() - start;
    }
    keys.forEach(delegate::forget);
    Arrays.sort(passes);
    return passes[times / 2];
  }

  @Override
  public void close() {}
}

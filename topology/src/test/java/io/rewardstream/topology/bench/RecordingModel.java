package io.rewardstream.topology.bench;

import io.rewardstream.scorer.ModelMetadata;
import io.rewardstream.scorer.RewardModel;
import io.rewardstream.scorer.ScoreRequest;
import io.rewardstream.scorer.Scores;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/** Passes batches to a model and keeps them, so the same batches can be replayed bare. */
final class RecordingModel implements RewardModel {
  private final RewardModel delegate;
  final List<List<ScoreRequest>> batches = new CopyOnWriteArrayList<>();
  final LongAdder nanos = new LongAdder();

  RecordingModel(RewardModel delegate) {
    this.delegate = delegate;
  }

  @Override
  public ModelMetadata metadata() {
    return delegate.metadata();
  }

  @Override
  public List<Scores> score(List<ScoreRequest> requests) {
    batches.add(List.copyOf(requests));
    long start = System.nanoTime();
    List<Scores> scores = delegate.score(requests);
    nanos.add(System.nanoTime() - start);
    return scores;
  }

  /** Forgets the batches recorded so far. */
  void reset() {
    batches.clear();
    nanos.reset();
  }

  /** Scores every recorded batch again on the bare model; returns the nanoseconds it took. */
  long replay() {
    long start = System.nanoTime();
    for (List<ScoreRequest> batch : batches) {
      delegate.score(batch);
    }
    return System.nanoTime() - start;
  }

  @Override
  public void close() {}
}

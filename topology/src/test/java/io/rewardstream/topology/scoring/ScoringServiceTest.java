package io.rewardstream.topology.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rewardstream.scorer.ModelMetadata;
import io.rewardstream.scorer.RewardModel;
import io.rewardstream.scorer.ScoreRequest;
import io.rewardstream.scorer.Scores;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ScoringServiceTest {

  /** Scores each position with the request's first token; records batch sizes. */
  static class RecordingModel implements RewardModel {
    final List<Integer> batches = new CopyOnWriteArrayList<>();
    volatile RuntimeException failure;
    volatile boolean dropLastScores;

    @Override
    public ModelMetadata metadata() {
      return new ModelMetadata("m", "1", "x", null, 10, 10, 1, null, List.of("r"));
    }

    @Override
    public List<Scores> score(List<ScoreRequest> requests) {
      if (failure != null) {
        throw failure;
      }
      batches.add(requests.size());
      List<Scores> out = new ArrayList<>();
      for (ScoreRequest r : requests) {
        out.add(Scores.of(r.tokenIds()[0]));
      }
      return dropLastScores ? out.subList(0, out.size() - 1) : out;
    }

    @Override
    public void close() {}
  }

  private static ScoringJob job(int token, Queue<ScoredJob> inbox) {
    return new ScoringJob(
        "k" + token,
        List.of(ScoreRequest.ofEnd(new int[] {token})),
        List.of(new Target(0, 0, 0, 1, false, 0, -1)),
        inbox,
        System.nanoTime(),
        0);
  }

  @Test
  void shouldDeliverEachResultToTheInboxOfTheTaskThatAskedForIt() {
    RecordingModel model = new RecordingModel();
    Queue<ScoredJob> a = new ConcurrentLinkedQueue<>();
    Queue<ScoredJob> b = new ConcurrentLinkedQueue<>();
    try (ScoringService service = new ScoringService(model, 8, 50, 1)) {
      service.submit(job(3, a));
      service.submit(job(7, b));

      await().atMost(Duration.ofSeconds(10)).until(() -> a.size() == 1 && b.size() == 1);
      assertThat(a.peek().reward(a.peek().job().targets().get(0))).isEqualTo(3.0);
      assertThat(b.peek().reward(b.peek().job().targets().get(0))).isEqualTo(7.0);
      assertThat(model.batches).containsExactly(2);
    }
  }

  @Test
  void shouldSendPartialBatchOnceMaxDelayPasses() {
    RecordingModel model = new RecordingModel();
    Queue<ScoredJob> inbox = new ConcurrentLinkedQueue<>();
    try (ScoringService service = new ScoringService(model, 64, 20, 1)) {
      service.submit(job(1, inbox));

      await().atMost(Duration.ofSeconds(10)).until(() -> inbox.size() == 1);
      assertThat(model.batches).containsExactly(1);
      assertThat(service.batches()).isEqualTo(1);
    }
  }

  @Test
  void shouldTakeBackAQueuedJobButNotOneAlreadyScored() {
    RecordingModel model = new RecordingModel();
    Queue<ScoredJob> inbox = new ConcurrentLinkedQueue<>();
    try (ScoringService service = new ScoringService(model, 8, 0, 0)) {
      ScoringJob kept = job(3, inbox);
      // Equal to the first, queued after it: only this very job goes.
      ScoringJob dropped =
          new ScoringJob(
              kept.sequenceKey(),
              kept.requests(),
              kept.targets(),
              inbox,
              kept.enqueuedNanos(),
              kept.sourceProducedAt());
      service.submit(kept);
      service.submit(dropped);

      assertThat(service.cancel(dropped)).isTrue();
      service.runPending();

      assertThat(inbox).hasSize(1);
      assertThat(inbox.peek().job()).isSameAs(kept);
      assertThat(model.batches).containsExactly(1);
      assertThat(service.cancel(kept)).isFalse();
      assertThat(service.cancelled()).isEqualTo(1);
    }
  }

  @Test
  void shouldNotScoreAJobTakenBackWhileTheScorerThreadWasBusy() throws InterruptedException {
    GatedModel model = new GatedModel();
    Queue<ScoredJob> inbox = new ConcurrentLinkedQueue<>();
    try (ScoringService service = new ScoringService(model, 8, 0, 1)) {
      ScoringJob running = job(1, inbox);
      service.submit(running);
      assertThat(model.entered.await(10, TimeUnit.SECONDS)).isTrue();
      ScoringJob takenBack = job(2, inbox);
      ScoringJob kept = job(3, inbox);
      service.submit(takenBack);
      service.submit(kept);

      assertThat(service.cancel(takenBack)).isTrue();
      assertThat(service.cancel(running)).isFalse();
      assertThat(service.queued()).isEqualTo(1);
      model.gate.countDown();

      await().atMost(Duration.ofSeconds(10)).until(() -> inbox.size() == 2);
      assertThat(inbox).extracting(ScoredJob::job).containsExactly(running, kept);
      assertThat(model.firstTokens).containsExactly(1, 3);
      assertThat(service.cancelled()).isEqualTo(1);
      assertThat(service.queued()).isZero();
    }
  }

  /** Holds its first call until the gate opens; records each request's first token. */
  static final class GatedModel implements RewardModel {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch gate = new CountDownLatch(1);
    final List<Integer> firstTokens = new CopyOnWriteArrayList<>();

    @Override
    public ModelMetadata metadata() {
      return new RecordingModel().metadata();
    }

    @Override
    public List<Scores> score(List<ScoreRequest> requests) {
      entered.countDown();
      try {
        gate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      List<Scores> out = new ArrayList<>();
      for (ScoreRequest r : requests) {
        firstTokens.add(r.tokenIds()[0]);
        out.add(Scores.of(r.tokenIds()[0]));
      }
      return out;
    }

    @Override
    public void close() {}
  }

  @Test
  void shouldHandModelFailureBackToTheTask() {
    RecordingModel model = new RecordingModel();
    model.failure = new IllegalStateException("onnx runtime out of memory");
    Queue<ScoredJob> inbox = new ConcurrentLinkedQueue<>();
    try (ScoringService service = new ScoringService(model, 8, 1, 1)) {
      service.submit(job(1, inbox));

      await().atMost(Duration.ofSeconds(10)).until(() -> inbox.size() == 1);
      assertThat(inbox.peek().failure()).hasMessageContaining("out of memory");
    }
  }

  @Test
  void shouldFailABatchTheModelAnswersWithTooFewScoresAndGoOnServing() {
    RecordingModel model = new RecordingModel();
    model.dropLastScores = true;
    Queue<ScoredJob> inbox = new ConcurrentLinkedQueue<>();
    try (ScoringService service = new ScoringService(model, 8, 1, 1)) {
      service.submit(job(1, inbox));

      await().atMost(Duration.ofSeconds(10)).until(() -> inbox.size() == 1);
      assertThat(inbox.poll().failure())
          .hasMessage("reward model m returned 0 scores for a batch of 1 requests");

      model.dropLastScores = false;
      service.submit(job(4, inbox));
      await().atMost(Duration.ofSeconds(10)).until(() -> inbox.size() == 1);
      assertThat(inbox.peek().failure()).isNull();
      assertThat(inbox.peek().reward(inbox.peek().job().targets().get(0))).isEqualTo(4.0);
    }
  }

  @Test
  void shouldFailAnAnswerWithFewerRewardsThanPositions() {
    Throwable failure = failureScoringTwoPositions(r -> Scores.of(0.5));

    assertThat(failure)
        .hasMessage(
            "reward model m answered request 0 of a batch of 1 (sequence g/s, 2 positions) with 1"
                + " rewards and 0 head reward rows");
  }

  @Test
  void shouldFailAnAnswerWithANonFiniteReward() {
    Throwable failure = failureScoringTwoPositions(r -> Scores.of(0.5, Double.NaN));

    assertThat(failure)
        .hasMessage(
            "reward model m returned the reward NaN at position 4 of sequence g/s: rewards must"
                + " be finite");
  }

  /** What a model that answers with {@code answer} fails with, asked for rewards at 2 positions. */
  private static Throwable failureScoringTwoPositions(Function<ScoreRequest, Scores> answer) {
    RewardModel model =
        new RecordingModel() {
          @Override
          public List<Scores> score(List<ScoreRequest> requests) {
            return requests.stream().map(answer).toList();
          }
        };
    Queue<ScoredJob> inbox = new ConcurrentLinkedQueue<>();
    try (ScoringService service = new ScoringService(model, 8, 1, 1)) {
      service.submit(
          new ScoringJob(
              "g/s",
              List.of(new ScoreRequest(new int[] {3, 1, 4, 1}, new int[] {2, 4}).withKey("g/s")),
              List.of(new Target(0, 0, 0, 2, false, 0, -1), new Target(0, 1, 1, 4, false, 0, -1)),
              inbox,
              System.nanoTime(),
              0));
      await().atMost(Duration.ofSeconds(10)).until(() -> inbox.size() == 1);
      return inbox.peek().failure();
    }
  }
}

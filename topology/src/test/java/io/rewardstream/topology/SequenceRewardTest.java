package io.rewardstream.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rewardstream.avro.Aggregation;
import io.rewardstream.avro.FinishReason;
import io.rewardstream.avro.SequenceReward;
import io.rewardstream.avro.SequenceStatus;
import io.rewardstream.topology.state.SequenceState;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SequenceRewardTest {
  private static final int SEP = FakeRewardModel.SEPARATOR;

  private static SequenceReward finish(TopologyFixture f, FinishReason reason) {
    f.send("g", "s", 1, 40, SEP, 80, SEP);
    f.drain();
    f.send("g", "s", 1, reason, 60, SEP);
    f.drain();
    return f.rewards.readValue();
  }

  @Test
  void shouldCompleteSequenceThatStops() {
    try (TopologyFixture f = new TopologyFixture()) {
      SequenceReward reward = finish(f, FinishReason.STOP);
      assertThat(reward.getStatus()).isEqualTo(SequenceStatus.COMPLETED);
      assertThat(reward.getSteps()).hasSize(3);
      assertThat(reward.getPolicyVersion()).isEqualTo("v1");
      assertThat(reward.getLineage().getModelId()).isEqualTo("fake-prm");
      assertThat(reward.getLineage().getStepSplitter()).isEqualTo("token:1");
      assertThat(f.rewards.isEmpty()).isTrue();
    }
  }

  @Test
  void shouldScoreUnderTheSequenceKeyAndLetTheModelForgetItAtTheEnd() {
    try (TopologyFixture f = new TopologyFixture()) {
      f.send("g", "s", 1, 40, SEP, 80, SEP);
      f.drain();
      assertThat(f.model.cacheKeys).isNotEmpty().containsOnly(SequenceState.key("g", "s"));
      assertThat(f.model.forgotten).isEmpty();

      f.send("g", "s", 1, FinishReason.STOP, 60, SEP);
      f.drain();

      assertThat(f.rewards.readValue().getStatus()).isEqualTo(SequenceStatus.COMPLETED);
      assertThat(f.model.forgotten).containsExactly(SequenceState.key("g", "s"));
      assertThat(f.rewards.isEmpty()).isTrue();
    }
  }

  @Test
  void shouldNotScoreTheQueuedWorkOfASequenceAbortedBeforeItsTurn() {
    try (TopologyFixture f = new TopologyFixture()) {
      f.send("g", "s", 1, 40, SEP, 80);
      f.send("g", "s", 1, FinishReason.ABORTED, 90);
      f.drain();

      assertThat(f.rewards.readValue().getStatus()).isEqualTo(SequenceStatus.ABORTED);
      assertThat(f.model.calls()).isZero();
      assertThat(f.model.cached()).isEmpty();
    }
  }

  @Test
  void shouldLetTheModelForgetASequenceThatEndedWhileTheModelScoredIt() throws Exception {
    try (TopologyFixture f =
        new TopologyFixture(Map.of(RewardStreamConfig.SCORE_THREADS_CONFIG, 1))) {
      f.model.gate = new CountDownLatch(1);
      f.send("g", "s", 1, 40, SEP, 80);
      assertThat(f.model.entered.await(10, TimeUnit.SECONDS)).isTrue();

      f.send("g", "s", 1, FinishReason.ABORTED, 90);
      assertThat(f.rewards.readValue().getStatus()).isEqualTo(SequenceStatus.ABORTED);
      f.model.gate.countDown();
      await().atMost(Duration.ofSeconds(10)).until(() -> f.model.calls() == 1);

      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                f.drain();
                assertThat(f.model.cached()).isEmpty();
              });
      assertThat(f.rewards.isEmpty()).isTrue();
    }
  }

  @Test
  void shouldTruncateSequenceThatHitsLengthLimit() {
    try (TopologyFixture f = new TopologyFixture()) {
      assertThat(finish(f, FinishReason.LENGTH).getStatus()).isEqualTo(SequenceStatus.TRUNCATED);
      assertThat(f.rewards.isEmpty()).isTrue();
    }
  }

  @Test
  void shouldEndAbortedSequenceWithoutScoringItsTail() {
    try (TopologyFixture f = new TopologyFixture()) {
      f.send("g", "s", 1, 40, SEP, 80);
      f.drain();
      f.send("g", "s", 1, FinishReason.ABORTED, 90);

      SequenceReward reward = f.rewards.readValue();
      assertThat(reward.getStatus()).isEqualTo(SequenceStatus.ABORTED);
      assertThat(reward.getSteps()).hasSize(1);
      assertThat(reward.getTokensGenerated()).isEqualTo(4);
      assertThat(f.rewards.isEmpty()).isTrue();
    }
  }

  @Test
  void shouldExpireSequenceWithoutChunksForTtl() {
    try (TopologyFixture f =
        new TopologyFixture(Map.of(RewardStreamConfig.SEQUENCE_TTL_MS_CONFIG, 2_000L))) {
      f.send("g", "s", 1, 40, SEP, 80);
      f.drain();
      f.advance(1_000);
      assertThat(f.rewards.isEmpty()).isTrue();

      f.advance(1_500);

      SequenceReward reward = f.rewards.readValue();
      assertThat(reward.getStatus()).isEqualTo(SequenceStatus.EXPIRED);
      assertThat(reward.getFinalReward()).isEqualTo(0.40);
      assertThat(f.rewards.isEmpty()).isTrue();
    }
  }

  @ParameterizedTest
  @CsvSource({"min,0.4", "prod,0.192", "last,0.6", "mean,0.6"})
  void shouldAggregateStepRewardsByConfiguredRule(String aggregation, double expected) {
    try (TopologyFixture f =
        new TopologyFixture(Map.of(RewardStreamConfig.REWARD_AGGREGATION_CONFIG, aggregation))) {
      SequenceReward reward = finish(f, FinishReason.STOP);
      assertThat(reward.getAggregation().name()).isEqualTo(aggregation.toUpperCase());
      assertThat(reward.getFinalReward())
          .isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-9));
      assertThat(reward.getAggregation()).isIn((Object[]) Aggregation.values());
      assertThat(f.rewards.isEmpty()).isTrue();
    }
  }
}

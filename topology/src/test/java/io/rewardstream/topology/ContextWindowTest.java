package io.rewardstream.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.rewardstream.avro.FinishReason;
import io.rewardstream.avro.SequenceStatus;
import io.rewardstream.avro.StepScore;
import io.rewardstream.topology.state.SequenceState;
import io.rewardstream.topology.state.WriteBehindStore;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A sequence longer than the model's context: scored from its head and recent tokens only. */
class ContextWindowTest {
  private static final int SEP = FakeRewardModel.SEPARATOR;
  private static final int STEPS = 40;

  /** Step k's tokens: five of {@code 10 + k}, then the separator; the fake model reads 10 + k. */
  private static int[] step(int k) {
    int[] tokens = new int[6];
    Arrays.fill(tokens, 10 + k);
    tokens[5] = SEP;
    return tokens;
  }

  @Test
  void shouldScoreEveryStepOfALongSequenceWhileKeepingAboutAContextOfTokens() {
    try (TopologyFixture f =
        new TopologyFixture(Map.of(RewardStreamConfig.CONTEXT_HEAD_TOKENS_CONFIG, 4))) {
      WriteBehindStore<SequenceState> store = f.store(RewardTopology.SEQUENCE_STORE);
      int mostKept = 0;
      for (int k = 0; k < STEPS - 1; k++) {
        f.send("g", "s", 1, step(k));
        f.drain();
        mostKept = Math.max(mostKept, store.read("g/s").tokens().kept());
      }
      SequenceState beforeFinish = store.read("g/s");
      f.send("g", "s", 1, FinishReason.STOP, step(STEPS - 1));
      f.drain();

      List<StepScore> scores = f.stepScores.readValuesToList();
      assertThat(scores).hasSize(STEPS);
      for (int k = 0; k < STEPS; k++) {
        assertThat(scores.get(k).getStepIndex()).isEqualTo(k);
        assertThat(scores.get(k).getReward()).isEqualTo((10 + k) / 100.0);
      }
      assertThat(f.rewards.readValue().getStatus()).isEqualTo(SequenceStatus.COMPLETED);
      // 240 response tokens; the model's context is 64: the head, a window and some slack stay.
      assertThat(beforeFinish.tokenCount()).isEqualTo(6 * (STEPS - 1));
      assertThat(beforeFinish.tokens().gapLength()).isPositive();
      assertThat(mostKept).isLessThanOrEqualTo(FakeRewardModel.MAX_CONTEXT + 16 + 6);
      assertThat(f.deadLetters.isEmpty()).isTrue();
      assertThat(f.rewards.isEmpty()).isTrue();
    }
  }

  @Test
  void shouldKeepTheTokensOfAStepStillWaitingForItsScore() {
    try (TopologyFixture f =
        new TopologyFixture(Map.of(RewardStreamConfig.CONTEXT_HEAD_TOKENS_CONFIG, 4))) {
      WriteBehindStore<SequenceState> store = f.store(RewardTopology.SEQUENCE_STORE);
      // No drain: nothing comes back from the model, every step stays unscored.
      for (int k = 0; k < STEPS; k++) {
        f.send("g", "s", 1, step(k));
      }

      assertThat(store.read("g/s").tokens().gapLength()).isZero();
      for (int tick = 0; tick < 4; tick++) {
        f.drain();
      }
      List<StepScore> scores = f.stepScores.readValuesToList();
      assertThat(scores).hasSize(STEPS);
      assertThat(scores.get(0).getReward()).isEqualTo(0.10);
      assertThat(scores.get(STEPS - 1).getReward()).isEqualTo((10 + STEPS - 1) / 100.0);
    }
  }
}

package io.rewardstream.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.rewardstream.avro.FinishReason;
import io.rewardstream.avro.SequenceReward;
import io.rewardstream.avro.SequenceStatus;
import io.rewardstream.avro.StepScore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StepSegmentationTest {

  @Test
  void shouldCutStepsAtSeparatorWhenAStepSpansChunks() {
    try (TopologyFixture f = new TopologyFixture()) {
      f.send("g", "s", 1, 10, 20);
      f.send("g", "s", 1, 30, FakeRewardModel.SEPARATOR, 40);
      f.drain();

      StepScore first = f.stepScores.readValue();
      assertThat(first.getStepIndex()).isZero();
      assertThat(first.getTokenStart()).isZero();
      assertThat(first.getTokenEnd()).isEqualTo(4);
      assertThat(first.getPartial()).isFalse();
      assertThat(first.getReward()).isEqualTo(0.30);
      assertThat(f.stepScores.isEmpty()).isTrue();
    }
  }

  @Test
  void shouldEndAStepAtATextSeparatorSplitAcrossChunks() {
    try (TopologyFixture f = new TopologyFixture(Map.of(), new FakeRewardModel(-1, "\n\n"))) {
      f.sendText("g", "s", null, "2+2\n", 10, 11);
      f.sendText("g", "s", null, "\n=4", 12, 20);
      f.sendText("g", "s", FinishReason.STOP, " done", 30);
      f.drain();
      f.drain();

      List<StepScore> scores = f.stepScores.readValuesToList();
      assertThat(scores).extracting(StepScore::getTokenEnd).containsExactly(4, 5);
      assertThat(scores).extracting(StepScore::getReward).containsExactly(0.20, 0.30);
      assertThat(f.stepScores.isEmpty()).isTrue();
    }
  }

  @Test
  void shouldNotCountOneTextSeparatorTwice() {
    try (TopologyFixture f = new TopologyFixture(Map.of(), new FakeRewardModel(-1, "\n\n"))) {
      // "a\n\n" + "\nb": one separator, then a step that starts with a newline.
      f.sendText("g", "s", null, "a\n\n", 10, 11);
      f.sendText("g", "s", null, "\nb", 12, 20);
      f.sendText("g", "s", FinishReason.STOP, "c", 30);
      f.drain();
      f.drain();

      List<StepScore> scores = f.stepScores.readValuesToList();
      assertThat(scores).extracting(StepScore::getTokenEnd).containsExactly(2, 5);
      assertThat(f.stepScores.isEmpty()).isTrue();
    }
  }

  @Test
  void shouldScoreEveryStepWhenOneChunkHoldsSeveral() {
    try (TopologyFixture f = new TopologyFixture()) {
      int sep = FakeRewardModel.SEPARATOR;
      f.send("g", "s", 1, 10, sep, 20, sep, 30);
      f.drain();

      List<StepScore> scores = f.stepScores.readValuesToList();
      assertThat(scores).extracting(StepScore::getStepIndex).containsExactly(0, 1);
      assertThat(scores).extracting(StepScore::getReward).containsExactly(0.10, 0.20);
      assertThat(scores).extracting(StepScore::getTokenEnd).containsExactly(2, 4);
      assertThat(f.model.batchSizes).containsExactly(1);
      assertThat(f.stepScores.isEmpty()).isTrue();
    }
  }

  @Test
  void shouldScorePartialStepEveryTauTokensAndAtItsEnd() {
    try (TopologyFixture f =
        new TopologyFixture(Map.of(RewardStreamConfig.SCORE_EVERY_TOKENS_CONFIG, 2))) {
      f.send("g", "s", 1, 10, 20, 30);
      f.drain();
      f.send("g", "s", 1, 40);
      f.drain();
      f.send("g", "s", 1, 50);
      f.drain();
      f.send("g", "s", 1, FakeRewardModel.SEPARATOR);
      f.drain();

      List<StepScore> scores = f.stepScores.readValuesToList();
      assertThat(scores).extracting(StepScore::getPartial).containsExactly(true, true, false);
      assertThat(scores).extracting(StepScore::getTokenEnd).containsExactly(3, 4, 6);
      assertThat(scores).extracting(StepScore::getReward).containsExactly(0.30, 0.40, 0.50);
      assertThat(f.stepScores.isEmpty()).isTrue();
    }
  }

  @Test
  void shouldScoreUnterminatedLastStepWhenSequenceStops() {
    try (TopologyFixture f = new TopologyFixture()) {
      f.send("g", "s", 1, 10, FakeRewardModel.SEPARATOR, 70);
      f.drain();
      f.send("g", "s", 1, FinishReason.STOP, 60);
      f.drain();

      assertThat(f.stepScores.readValuesToList())
          .extracting(StepScore::getReward)
          .containsExactly(0.10, 0.60);
      SequenceReward reward = f.rewards.readValue();
      assertThat(reward.getStatus()).isEqualTo(SequenceStatus.COMPLETED);
      assertThat(reward.getSteps()).hasSize(2);
      assertThat(reward.getSteps().get(1).getTokenStart()).isEqualTo(2);
      assertThat(reward.getSteps().get(1).getTokenEnd()).isEqualTo(4);
      assertThat(reward.getSteps().get(1).getPartial()).isFalse();
      assertThat(reward.getFinalReward()).isEqualTo(0.10);
      assertThat(reward.getTokensGenerated()).isEqualTo(4);
      assertThat(f.rewards.isEmpty()).isTrue();
    }
  }
}

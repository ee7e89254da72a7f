package io.rewardstream.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.rewardstream.avro.FinishReason;
import io.rewardstream.avro.SequenceReward;
import io.rewardstream.avro.SequenceStatus;
import io.rewardstream.avro.StepScore;
import io.rewardstream.scorer.TokenTexts;
import java.util.ArrayList;
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
  void shouldCutEveryTextSeparatedStepOfAChunkAtItsToken() {
    try (TopologyFixture f = new TopologyFixture(Map.of(), textSeparatedModel())) {
      // 62 is ".\n\n", 61 "\n\n": two steps end inside the chunk, whatever its text says.
      f.sendText("g", "s", null, "no separator in this text", 20, 62, 30, 61, 40);
      f.drain();

      List<StepScore> scores = f.stepScores.readValuesToList();
      assertThat(scores).extracting(StepScore::getStepIndex).containsExactly(0, 1);
      assertThat(scores).extracting(StepScore::getTokenEnd).containsExactly(2, 4);
      assertThat(scores).extracting(StepScore::getReward).containsExactly(0.62, 0.61);
      assertThat(f.stepScores.isEmpty()).isTrue();
    }
  }

  @Test
  void shouldEndAStepAtATextSeparatorSplitAcrossTokensOfTwoChunks() {
    try (TopologyFixture f = new TopologyFixture(Map.of(), textSeparatedModel())) {
      // 60 is "\n": "\n" + "\n" ends the step at the first token of the second chunk; the next
      // "\n" begins a separator of its own, which the chunk's end leaves open.
      f.sendText("g", "s", null, null, 20, 60);
      f.sendText("g", "s", null, null, 60, 30, 60);
      f.sendText("g", "s", FinishReason.STOP, null, 40);
      f.drain();
      f.drain();

      List<StepScore> scores = f.stepScores.readValuesToList();
      assertThat(scores).extracting(StepScore::getTokenEnd).containsExactly(3, 6);
      assertThat(scores).extracting(StepScore::getReward).containsExactly(0.60, 0.40);
      assertThat(f.stepScores.isEmpty()).isTrue();
    }
  }

  /** Steps end at "\n\n"; token 60 is "\n", 61 "\n\n", 62 ".\n\n", every other id a digit. */
  private static FakeRewardModel textSeparatedModel() {
    List<String> texts = new ArrayList<>();
    for (int id = 0; id < FakeRewardModel.VOCAB; id++) {
      texts.add(Integer.toString(id % 10));
    }
    texts.set(60, "\n");
    texts.set(61, "\n\n");
    texts.set(62, ".\n\n");
    return new FakeRewardModel("\n\n", TokenTexts.of(texts));
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

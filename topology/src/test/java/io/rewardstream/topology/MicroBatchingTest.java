package io.rewardstream.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MicroBatchingTest {
  private static final int SEP = FakeRewardModel.SEPARATOR;

  @Test
  void shouldGatherRequestsFromManySequencesIntoOneModelCall() {
    try (TopologyFixture f = new TopologyFixture()) {
      for (int i = 0; i < 5; i++) {
        f.send("g" + i, "s", 1, 50, SEP);
      }
      f.drain();

      assertThat(f.model.batchSizes).containsExactly(5);
      assertThat(f.stepScores.readValuesToList()).hasSize(5);
    }
  }

  @Test
  void shouldSplitBatchesAtMaxBatchSize() {
    try (TopologyFixture f =
        new TopologyFixture(Map.of(RewardStreamConfig.SCORE_MAX_BATCH_SIZE_CONFIG, 2))) {
      for (int i = 0; i < 5; i++) {
        f.send("g" + i, "s", 1, 50, SEP);
      }
      f.drain();

      assertThat(f.model.batchSizes).containsExactly(2, 2, 1);
      assertThat(f.stepScores.readValuesToList()).hasSize(5);
    }
  }

  @Test
  void shouldKeepOneJobInFlightPerSequenceAndScoreTheRestAfterIt() {
    try (TopologyFixture f = new TopologyFixture()) {
      f.send("g", "s", 1, 50, SEP);
      f.send("g", "s", 1, 60, SEP);
      f.drain();
      f.drain();

      assertThat(f.model.batchSizes).containsExactly(1, 1);
      assertThat(f.stepScores.readValuesToList()).hasSize(2);
    }
  }
}

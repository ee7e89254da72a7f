package io.rewardstream.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rewardstream.scorer.ModelMetadata;
import io.rewardstream.scorer.RewardModel;
import io.rewardstream.scorer.ScoreRequest;
import io.rewardstream.scorer.Scores;
import java.util.List;
import org.junit.jupiter.api.Test;

class MeteredRewardModelTest {
  private static final ModelMetadata METADATA =
      new ModelMetadata("m", "1", "00", null, 35, 256, 11, "\n", List.of("reward"));

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @Test
  void shouldRecordBatchSizeTokensAndScoringTimePerCall() {
    RewardModel model = new MeteredRewardModel(stub(false), registry);

    model.score(
        List.of(
            ScoreRequest.ofEnd(new int[] {1, 2, 3}), ScoreRequest.ofEnd(new int[] {4, 5, 6, 7})));
    model.score(List.of(ScoreRequest.ofEnd(new int[] {1})));

    assertThat(registry.get("rewardstream.scoring.batch.size").summary().count()).isEqualTo(2);
    assertThat(registry.get("rewardstream.scoring.batch.size").summary().totalAmount())
        .isEqualTo(3);
    assertThat(registry.get("rewardstream.scoring.batch.tokens").summary().totalAmount())
        .isEqualTo(8);
    assertThat(registry.get("rewardstream.scoring.time").timer().count()).isEqualTo(2);
    assertThat(registry.get("rewardstream.scoring.time").tag("model", "m").timer()).isNotNull();
  }

  @Test
  void shouldCountFailuresAndRethrowThem() {
    RewardModel model = new MeteredRewardModel(stub(true), registry);

    assertThatThrownBy(() -> model.score(List.of(ScoreRequest.ofEnd(new int[] {1}))))
        .isInstanceOf(IllegalStateException.class);
    assertThat(registry.get("rewardstream.scoring.failures").counter().count()).isEqualTo(1);
  }

  private static RewardModel stub(boolean failing) {
    return new RewardModel() {
      @Override
      public ModelMetadata metadata() {
        return METADATA;
      }

      @Override
      public List<Scores> score(List<ScoreRequest> requests) {
        if (failing) {
          throw new IllegalStateException("out of memory");
        }
        return requests.stream().map(r -> Scores.of(0.5)).toList();
      }

      @Override
      public void close() {}
    };
  }
}

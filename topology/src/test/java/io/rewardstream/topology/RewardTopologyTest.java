package io.rewardstream.topology;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rewardstream.scorer.ModelMetadata;
import io.rewardstream.scorer.RewardModel;
import io.rewardstream.scorer.ScoreRequest;
import io.rewardstream.scorer.Scores;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RewardTopologyTest {

  @Test
  void shouldRefuseAModelThatTokenizesTheTextItself() {
    RewardModel retokenizing =
        new RewardModel() {
          @Override
          public ModelMetadata metadata() {
            return new ModelMetadata(
                "other-prm",
                "1",
                "0".repeat(64),
                "other-tokenizer",
                100,
                64,
                1,
                "\n",
                List.of("r"));
          }

          @Override
          public List<Scores> score(List<ScoreRequest> requests) {
            throw new AssertionError("never called");
          }

          @Override
          public void close() {}
        };
    Map<String, Object> settings = new HashMap<>(TestSerdes.CONFIG);
    settings.put(RewardStreamConfig.SCORE_THREADS_CONFIG, 0);
    RewardStreamConfig config = new RewardStreamConfig(settings);

    assertThatThrownBy(() -> RewardTopology.build(config, config.topics(), retokenizing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("other-prm")
        .hasMessageContaining("other-tokenizer")
        .hasMessageContaining("pass-through");
  }
}

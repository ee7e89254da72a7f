package io.rewardstream.scorer.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.rewardstream.scorer.Fixtures;
import io.rewardstream.scorer.Fixtures.ExpectedRequest;
import io.rewardstream.scorer.ScoreRequest;
import io.rewardstream.scorer.Scores;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every reader kind on a real ONNX graph: the rewards ONNX Runtime Java gives through {@link
 * OnnxRewardModel}, for all of a fixture's requests in one padded batch, match those PyTorch
 * computed for each request alone.
 */
class ReaderFixturesTest {

  private static final double TOLERANCE = 1e-5;

  @ParameterizedTest
  @ValueSource(strings = {"classifier", "tag", "value-head", "multi-head"})
  void shouldReproduceTheRewardsTheFixtureScriptComputed(String fixture) {
    List<ExpectedRequest> expected = Fixtures.expected(fixture);
    try (OnnxRewardModel model = OnnxRewardModel.load(Fixtures.config(fixture))) {
      List<Scores> scores = model.score(expected.stream().map(ExpectedRequest::request).toList());

      assertThat(scores).hasSameSizeAs(expected);
      for (int i = 0; i < scores.size(); i++) {
        ExpectedRequest want = expected.get(i);
        assertThat(scores.get(i).rewards())
            .as("%s request %d", fixture, i)
            .containsExactly(want.rewards(), within(TOLERANCE));
        assertThat(scores.get(i).headRewards()).hasNumberOfRows(want.headRewards().length);
        for (int k = 0; k < want.headRewards().length; k++) {
          assertThat(scores.get(i).headRewards()[k])
              .containsExactly(want.headRewards()[k], within(TOLERANCE));
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"classifier", "tag", "value-head", "multi-head"})
  void shouldGiveEachRequestTheSameRewardsAloneAsInAMixedBatch(String fixture) {
    List<ScoreRequest> requests =
        Fixtures.expected(fixture).stream().map(ExpectedRequest::request).toList();
    try (OnnxRewardModel model = OnnxRewardModel.load(Fixtures.config(fixture))) {
      List<Scores> together = model.score(requests);
      for (int i = 0; i < requests.size(); i++) {
        Scores alone = model.score(List.of(requests.get(i))).get(0);
        assertThat(together.get(i).rewards())
            .as("%s request %d", fixture, i)
            .containsExactly(alone.rewards(), within(1e-6));
      }
    }
  }
}

package io.rewardstream.scorer.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.rewardstream.scorer.Fixtures;
import io.rewardstream.scorer.ScoreRequest;
import io.rewardstream.scorer.Scores;
import io.rewardstream.scorer.manifest.ModelManifest;
import io.rewardstream.scorer.text.HuggingFaceTextTokenizer;
import io.rewardstream.scorer.text.TextTokenizer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Parity with the demo PRM's training script: {@link OnnxRewardModel} reproduces the rewards that
 * {@code models/demo-prm/export.py} recorded in {@code parity.json} for fixed inputs (max abs diff
 * at most 1e-4), scored alone and all together in one padded batch, and the model file is the one
 * the rewards were recorded for; each with {@code model.onnx} (past cache off) and with {@code
 * model_with_past.onnx} (past cache on, requests without a cache key feeding every token).
 */
class DemoPrmParityTest {

  private static final double TOLERANCE = 1e-4;

  private static JsonNode parity;

  @BeforeAll
  static void readParity() {
    parity = DemoPrm.parity();
  }

  private static List<ScoreRequest> requests() {
    List<ScoreRequest> requests = new ArrayList<>();
    for (JsonNode c : parity.get("cases")) {
      requests.add(
          new ScoreRequest(Fixtures.ints(c.get("input_ids")), Fixtures.ints(c.get("positions"))));
    }
    return requests;
  }

  @ParameterizedTest(name = "past cache {0} MB")
  @ValueSource(ints = {0, 256})
  void shouldServeTheModelFileTheRewardsWereRecordedFor(int pastCacheMb) {
    try (OnnxRewardModel model = OnnxRewardModel.load(DemoPrm.config(pastCacheMb))) {
      assertThat(model.metadata().sha256()).isEqualTo(parity.get("model_sha256").asText());
      assertThat(model.metadata().id()).isEqualTo("rewardstream-demo-prm");
      // Its export counts positions from the attention mask: rows of any past share a call.
      assertThat(model.manifest().pastPositionsFromMask()).isTrue();
    }
  }

  @ParameterizedTest(name = "past cache {0} MB")
  @ValueSource(ints = {0, 256})
  void shouldReproduceTheRecordedRewardsForEachCaseAlone(int pastCacheMb) {
    try (OnnxRewardModel model = OnnxRewardModel.load(DemoPrm.config(pastCacheMb))) {
      List<ScoreRequest> requests = requests();
      for (int i = 0; i < requests.size(); i++) {
        JsonNode c = parity.get("cases").get(i);
        Scores scores = model.score(List.of(requests.get(i))).get(0);
        assertThat(scores.rewards())
            .as(c.get("name").asText())
            .containsExactly(Fixtures.doubles(c.get("rewards")), within(TOLERANCE));
      }
    }
  }

  @ParameterizedTest(name = "past cache {0} MB")
  @ValueSource(ints = {0, 256})
  void shouldReproduceTheRecordedRewardsForAllCasesInOnePaddedBatch(int pastCacheMb) {
    try (OnnxRewardModel model = OnnxRewardModel.load(DemoPrm.config(pastCacheMb))) {
      List<Scores> scores = model.score(requests());
      for (int i = 0; i < scores.size(); i++) {
        JsonNode c = parity.get("cases").get(i);
        assertThat(scores.get(i).rewards())
            .as(c.get("name").asText())
            .containsExactly(Fixtures.doubles(c.get("rewards")), within(TOLERANCE));
      }
    }
  }

  @ParameterizedTest(name = "past cache {0} MB")
  @ValueSource(ints = {0, 256})
  void shouldScoreAPartialStepLikeTheTrainingScriptWithItsSeparatorLeftOff(int pastCacheMb) {
    try (OnnxRewardModel model = OnnxRewardModel.load(DemoPrm.config(pastCacheMb))) {
      for (JsonNode c : parity.get("cases")) {
        int[] ids = Fixtures.ints(c.get("input_ids"));
        int[] positions = Fixtures.ints(c.get("positions"));
        if (positions[positions.length - 1] != ids.length) {
          continue;
        }
        // Drop the closing separator: the scorer appends it again for the partial step.
        int[] open = java.util.Arrays.copyOf(ids, ids.length - 1);
        positions[positions.length - 1] = open.length;
        double[] expected = Fixtures.doubles(c.get("rewards"));
        Scores scores = model.score(List.of(new ScoreRequest(open, positions))).get(0);
        assertThat(scores.last())
            .as(c.get("name").asText())
            .isCloseTo(expected[expected.length - 1], within(TOLERANCE));
      }
    }
  }

  @Test
  void shouldTokenizeTheRecordedTextIntoTheRecordedIds() {
    try (OnnxRewardModel model = OnnxRewardModel.load(DemoPrm.config(0));
        TextTokenizer tokenizer = HuggingFaceTextTokenizer.load(model.manifest().tokenizer())) {
      ModelManifest manifest = model.manifest();
      assertThat(manifest.tokenizer()).isNotNull();
      for (JsonNode c : parity.get("cases")) {
        assertThat(tokenizer.encode(c.get("text").asText()).ids())
            .as(c.get("name").asText())
            .containsExactly(Fixtures.ints(c.get("input_ids")));
      }
    }
  }
}

package io.rewardstream.scorer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.rewardstream.scorer.Fixtures;
import io.rewardstream.scorer.onnx.OnnxRewardModel;
import io.rewardstream.scorer.text.ChainEncoder;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Evaluation end to end on a fixture set with known answers: the fixture script scored the chains
 * with PyTorch (rendering and tokenizing them itself) and computed the figures independently.
 */
class OfflineEvaluatorTest {

  private static final JsonNode EXPECTED = Fixtures.json("processbench", "expected.json");

  @Test
  void shouldReproduceTheFiguresTheFixtureScriptComputed() throws IOException {
    List<ProcessBenchChain> chains =
        ProcessBenchReader.read(Fixtures.dir("processbench").resolve("chains.jsonl"));
    try (OnnxRewardModel model = OnnxRewardModel.load(Fixtures.config("classifier"));
        ChainEncoder encoder = ChainEncoder.forManifest(model.manifest())) {
      OfflineEvaluator evaluator = new OfflineEvaluator(model, encoder, 3);

      EvaluationReport report =
          evaluator.evaluate(chains, 0.7, ProcessBenchMetrics.defaultThresholds());
      List<ScoredChain> scored = evaluator.score(chains);

      for (ScoredChain chain : scored) {
        assertThat(chain.stepRewards())
            .as(chain.chain().id())
            .containsExactly(
                Fixtures.doubles(EXPECTED.get("rewards").get(chain.chain().id())), within(1e-5));
      }
      assertThat(report.chains()).isEqualTo(10);
      assertThat(report.erroneousChains()).isEqualTo(5);
      assertMetrics(report.atThreshold(), EXPECTED.get("at_0.7"));
      assertMetrics(report.best(), EXPECTED.get("best"));
      assertThat(report.sweep()).hasSize(101);
    }
  }

  private static void assertMetrics(ThresholdMetrics actual, JsonNode expected) {
    assertThat(actual.threshold()).isEqualTo(expected.get("threshold").asDouble());
    assertThat(actual.errorAccuracy())
        .isCloseTo(expected.get("error_accuracy").asDouble(), within(1e-12));
    assertThat(actual.correctAccuracy())
        .isCloseTo(expected.get("correct_accuracy").asDouble(), within(1e-12));
    assertThat(actual.f1()).isCloseTo(expected.get("f1").asDouble(), within(1e-12));
    assertThat(actual.stepAccuracy())
        .isCloseTo(expected.get("step_accuracy").asDouble(), within(1e-12));
  }
}

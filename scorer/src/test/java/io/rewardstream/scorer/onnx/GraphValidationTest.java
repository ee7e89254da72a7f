package io.rewardstream.scorer.onnx;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rewardstream.scorer.Fixtures;
import io.rewardstream.scorer.ModelLoadException;
import io.rewardstream.scorer.ScorerConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up fails when the graph does not match its manifest, listing expected and found. */
class GraphValidationTest {

  @TempDir Path dir;

  private static void load(Path modelDir) {
    OnnxRewardModel.load(ScorerConfig.builder().modelDir(modelDir).build()).close();
  }

  @Test
  void shouldListEveryInputWithTheWrongDtypeOrRank() {
    assertThatThrownBy(() -> load(Fixtures.dir("odd-inputs")))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("does not match its manifest")
        .hasMessageContaining(
            "input 'input_ids': expected int64 [batch, tokens], found int32 [batch, tokens]")
        .hasMessageContaining(
            "input 'attention_mask': expected int64 [batch, tokens], found int64 [batch]")
        .hasMessageContaining("Graph inputs: ");
  }

  @Test
  void shouldNameAnInputTheGraphDoesNotHave() {
    Fixtures.withManifest(
        "classifier", dir, m -> m.withObjectProperty("inputs").put("input_ids", "ids"));

    assertThatThrownBy(() -> load(dir))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("input 'ids': expected int64 [batch, tokens], found no such input")
        .hasMessageContaining("graph input 'input_ids' is not in the manifest's inputs");
  }

  @Test
  void shouldRefuseAGraphInputTheManifestDoesNotFeed() {
    Fixtures.withManifest(
        "value-head", dir, m -> m.withObjectProperty("inputs").putNull("position_ids"));

    assertThatThrownBy(() -> load(dir))
        .hasMessageContaining("graph input 'position_ids' is not in the manifest's inputs");
  }

  @Test
  void shouldNameAnOutputTheGraphDoesNotHave() {
    Fixtures.withManifest(
        "classifier", dir, m -> m.withObjectProperty("outputs").put("logits", "scores"));

    assertThatThrownBy(() -> load(dir))
        .hasMessageContaining("outputs.logits 'scores': found no such graph output")
        .hasMessageContaining("Graph outputs: logits float [batch, tokens, 2]");
  }

  @Test
  void shouldRefuseAPositiveClassBeyondTheClassifiersClasses() {
    Fixtures.withManifest(
        "classifier", dir, m -> m.withObjectProperty("reader").put("positive_index", 2));

    assertThatThrownBy(() -> load(dir))
        .hasMessageContaining(
            "output 'logits': expected a last axis wider than class 2, found float [batch, tokens,"
                + " 2]");
  }

  @Test
  void shouldRefuseAValueHeadReadFromAWideOutput() {
    Fixtures.withManifest(
        "classifier",
        dir,
        m -> {
          m.withObjectProperty("outputs").removeAll().put("value", "logits");
          m.withObjectProperty("reader").removeAll().put("kind", "value-head");
        });

    assertThatThrownBy(() -> load(dir))
        .hasMessageContaining(
            "output 'logits': expected float [batch, tokens] or [batch, tokens, 1], found width 2");
  }

  @Test
  void shouldRefuseARank2OutputForAReaderOfLogits() {
    Fixtures.withManifest(
        "multi-head",
        dir,
        m -> {
          m.withObjectProperty("outputs").removeAll().put("logits", "head_single");
          m.withObjectProperty("reader")
              .removeAll()
              .put("kind", "classifier-at-step-token")
              .put("positive_index", 1);
        });

    assertThatThrownBy(() -> load(dir))
        .hasMessageContaining(
            "output 'head_single': expected float [batch, tokens, K], found float [batch,"
                + " tokens]");
  }
}

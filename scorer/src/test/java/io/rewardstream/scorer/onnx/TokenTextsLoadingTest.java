package io.rewardstream.scorer.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.rewardstream.scorer.Fixtures;
import io.rewardstream.scorer.ScorerConfig;
import io.rewardstream.scorer.TokenTexts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model whose steps end at a text only gives the topology the text of every token. */
class TokenTextsLoadingTest {

  @TempDir Path dir;

  private static OnnxRewardModel load(Path modelDir) {
    return OnnxRewardModel.load(ScorerConfig.builder().modelDir(modelDir).build());
  }

  @Test
  void shouldDecodeEveryTokenWhenStepsEndAtATextSeparator() throws IOException {
    Fixtures.withManifest(
        "value-head",
        dir,
        m -> {
          m.withObjectProperty("step_separator").remove("token_id");
          m.putObject("tokenizer").put("id", "fixture-chars").put("file", "tokenizer.json");
        });
    Files.copy(Fixtures.dir("classifier").resolve("tokenizer.json"), dir.resolve("tokenizer.json"));

    try (OnnxRewardModel model = load(dir)) {
      assertThat(model.metadata().stepSeparatorId()).isEqualTo(-1);
      TokenTexts texts = model.tokenTexts().orElseThrow();
      assertThat(texts.size()).isEqualTo(32);
      assertThat(texts.text(11)).isEqualTo("\n");
      assertThat(texts.text(13)).isEqualTo("+");
      assertThat(texts.text(0)).isEqualTo("<pad>");
    }
  }

  @Test
  void shouldGiveNoTokenTextsWhenAStepSeparatorTokenEndsSteps() {
    try (OnnxRewardModel model = load(Fixtures.dir("classifier"))) {
      assertThat(model.manifest().tokenizer()).isNotNull();
      assertThat(model.tokenTexts()).isEmpty();
    }
  }

  @Test
  void shouldGiveNoTokenTextsWithoutATokenizer() {
    Fixtures.withManifest(
        "value-head", dir, m -> m.withObjectProperty("step_separator").remove("token_id"));

    try (OnnxRewardModel model = load(dir)) {
      assertThat(model.tokenTexts()).isEmpty();
    }
  }
}

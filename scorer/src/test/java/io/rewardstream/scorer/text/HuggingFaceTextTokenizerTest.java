package io.rewardstream.scorer.text;

import static org.assertj.core.api.Assertions.assertThat;

import io.rewardstream.scorer.Fixtures;
import io.rewardstream.scorer.manifest.ModelManifest.TokenizerSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class HuggingFaceTextTokenizerTest {

  @Test
  void shouldDecodeEachIdAloneAndUnknownIdsToEmptyText() {
    TokenizerSpec spec =
        new TokenizerSpec(
            "fixture-chars", Fixtures.dir("classifier").resolve("tokenizer.json"), false);
    try (HuggingFaceTextTokenizer tokenizer = HuggingFaceTextTokenizer.load(spec)) {
      List<String> texts = tokenizer.decodeEach(34);

      assertThat(texts).hasSize(34);
      assertThat(texts.subList(10, 14)).containsExactly("9", "\n", " ", "+");
      assertThat(texts.get(19)).isEqualTo("<unk>");
      // The fixture's vocabulary ends at 31: a model may pad its embeddings past the tokenizer's.
      assertThat(texts.subList(32, 34)).containsExactly("", "");
    }
  }
}

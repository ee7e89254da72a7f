package io.rewardstream.scorer.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rewardstream.scorer.Fixtures;
import io.rewardstream.scorer.ModelLoadException;
import io.rewardstream.scorer.ScoreRequest;
import io.rewardstream.scorer.manifest.ManifestParser;
import io.rewardstream.scorer.manifest.ModelManifest;
import io.rewardstream.scorer.manifest.ModelManifest.Template;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The text path on the fixture's HuggingFace tokenizer, loaded by DJL without network. */
class ChainEncoderTest {

  @Test
  void shouldRenderTokenizeAndReadAtTheEndOfEveryStep() {
    ModelManifest manifest = ManifestParser.parse(Fixtures.dir("classifier"));
    try (ChainEncoder encoder = ChainEncoder.forManifest(manifest)) {
      ScoreRequest request = encoder.encode("3+4=?", List.of("3+4=7", "so 7"));

      assertThat(encoder.render("3+4=?", List.of("3+4=7", "so 7")))
          .isEqualTo("3+4=?\n3+4=7\nso 7\n");
      // one token per character ("s" and "o" are <unk>): steps end at 12 and 17
      assertThat(request.tokenIds())
          .containsExactly(4, 13, 5, 15, 17, 11, 4, 13, 5, 15, 8, 11, 19, 19, 12, 8, 11);
      assertThat(request.positions()).containsExactly(12, 17);
    }
  }

  @Test
  void shouldCountStepEndsInJavaCharactersForNonAsciiText() {
    ModelManifest manifest = ManifestParser.parse(Fixtures.dir("classifier"));
    try (ChainEncoder encoder = ChainEncoder.forManifest(manifest)) {
      ScoreRequest request = encoder.encode("ки", List.of("é=1", "2"));

      // unknown characters are <unk> (19), still one token each
      assertThat(request.tokenIds()).hasSize(9);
      assertThat(request.positions()).containsExactly(7, 9);
    }
  }

  @Test
  void shouldRefuseAStepEndInsideAToken() {
    TextTokenizer pairs =
        new TextTokenizer() {
          @Override
          public Encoded encode(String text) {
            int n = (text.length() + 1) / 2;
            int[] starts = new int[n];
            int[] ends = new int[n];
            for (int i = 0; i < n; i++) {
              starts[i] = 2 * i;
              ends[i] = Math.min(text.length(), 2 * i + 2);
            }
            return new Encoded(new int[n], starts, ends);
          }

          @Override
          public List<String> decodeEach(int count) {
            return List.of();
          }

          @Override
          public void close() {}
        };
    ChainEncoder encoder = new ChainEncoder(new Template("", "\n", "\n"), pairs);

    assertThatThrownBy(() -> encoder.encode("abc", List.of("cd", "e")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("step 0: no token ends at the step's end (character 7)");
  }

  @Test
  void shouldRequireATokenizerForTheTextPath(@TempDir Path dir) {
    Fixtures.withManifest("tag", dir, m -> {});

    assertThatThrownBy(() -> ChainEncoder.forManifest(ManifestParser.parse(dir)))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("has no tokenizer in its manifest");
  }
}

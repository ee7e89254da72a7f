package io.rewardstream.scorer.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rewardstream.scorer.Fixtures;
import io.rewardstream.scorer.ModelLoadException;
import io.rewardstream.scorer.manifest.ModelManifest.Truncation;
import io.rewardstream.scorer.manifest.ReaderSpec.ClassifierAtStepToken;
import io.rewardstream.scorer.manifest.ReaderSpec.Head;
import io.rewardstream.scorer.manifest.ReaderSpec.MultiHead;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestParserTest {

  @TempDir Path dir;

  @Test
  void shouldReadEveryFieldOfAManifest() {
    ModelManifest m = ManifestParser.parse(Fixtures.dir("classifier"));

    assertThat(m.id()).isEqualTo("fixture-classifier");
    assertThat(m.version()).isEqualTo("1");
    assertThat(m.modelFile()).isEqualTo(Fixtures.dir("classifier").resolve("model.onnx"));
    assertThat(m.inputs())
        .isEqualTo(new ModelManifest.InputNames("input_ids", "attention_mask", null));
    assertThat(m.outputs()).containsExactlyEntriesOf(java.util.Map.of("logits", "logits"));
    assertThat(m.reader()).isEqualTo(new ClassifierAtStepToken(1));
    assertThat(m.stepSeparator()).isEqualTo(new ModelManifest.StepSeparator(11, "\n"));
    assertThat(m.template()).isEqualTo(new ModelManifest.Template("", "\n", "\n"));
    assertThat(m.maxContext()).isEqualTo(64);
    assertThat(m.truncation()).isEqualTo(Truncation.KEEP_HEAD_AND_TAIL);
    assertThat(m.truncationHeadTokens()).isEqualTo(8);
    assertThat(m.vocabSize()).isEqualTo(32);
    assertThat(m.padId()).isZero();
    assertThat(m.tokens()).isEqualTo(ModelManifest.TokenMode.PASS_THROUGH);
    assertThat(m.tokenizer().id()).isEqualTo("fixture-char");
    assertThat(m.tokenizer().addSpecialTokens()).isTrue();
    assertThat(m.readTokenId()).isEqualTo(11);
    assertThat(m.pastPositionsFromMask()).as("past_positions defaults to past-length").isFalse();
  }

  @Test
  void shouldReadWhereAWithPastGraphTakesItsPositionsFrom() {
    Fixtures.withManifest("classifier", dir, m -> m.put("past_positions", "attention-mask"));

    assertThat(ManifestParser.parse(dir).pastPositionsFromMask()).isTrue();
  }

  @Test
  void shouldReadTheHeadsOfAMultiHeadModel() {
    ModelManifest m = ManifestParser.parse(Fixtures.dir("multi-head"));

    assertThat(((MultiHead) m.reader()).heads())
        .containsExactly(
            new Head("correctness", "pair", 0, 0.7, true),
            new Head("clarity", "pair", 1, 0.2, true),
            new Head("brevity", "single", 0, 0.1, false));
    assertThat(m.headNames()).containsExactly("correctness", "clarity", "brevity");
    assertThat(m.readTokenId()).isEqualTo(-1);
  }

  @Test
  void shouldFailNamingTheExpectedFileWhenTheManifestIsMissing() {
    assertThatThrownBy(() -> ManifestParser.parse(dir))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("expected " + dir.resolve("model.json").toAbsolutePath())
        .hasMessageContaining("found no such file");
  }

  @Test
  void shouldFailOnAManifestThatIsNotJson() throws IOException {
    Files.writeString(dir.resolve("model.json"), "{ not json");

    assertThatThrownBy(() -> ManifestParser.parse(dir))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("Cannot read manifest");
  }

  @Test
  void shouldListEveryProblemOfAnInvalidManifestAtOnce() {
    Fixtures.withManifest(
        "classifier",
        dir,
        m -> {
          m.remove("id");
          m.put("vocab_size", 0);
          m.put("truncation", "drop-oldest");
          m.put("tokens", "sometimes");
          m.withObjectProperty("reader").put("kind", "mystery");
          m.put("past_positions", "somewhere");
        });

    assertThatThrownBy(() -> ManifestParser.parse(dir))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("id: missing")
        .hasMessageContaining("vocab_size: must be at least 1, was 0")
        .hasMessageContaining(
            "truncation: expected keep-head-and-tail or reject, found 'drop-oldest'")
        .hasMessageContaining("tokens: expected one of [pass-through, retokenize], found sometimes")
        .hasMessageContaining("reader.kind: expected one of [classifier-at-step-token,")
        .hasMessageContaining(
            "past_positions: expected past-length or attention-mask, found 'somewhere'");
  }

  @Test
  void shouldFailWhenTheModelFileIsMissing() throws IOException {
    Fixtures.copy("classifier", dir);
    Files.delete(dir.resolve("model.onnx"));

    assertThatThrownBy(() -> ManifestParser.parse(dir))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining(
            "model_file: expected file " + dir.resolve("model.onnx").toAbsolutePath())
        .hasMessageContaining("found no such file");
  }

  @Test
  void shouldFailWhenTheWithPastFileIsMissing() {
    Fixtures.withManifest(
        "classifier", dir, m -> m.put("model_with_past_file", "model_with_past.onnx"));

    assertThatThrownBy(() -> ManifestParser.parse(dir))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining(
            "model_with_past_file: expected file "
                + dir.resolve("model_with_past.onnx").toAbsolutePath());
  }

  @Test
  void shouldRequireATokenizerWhenTheModelRetokenizes() {
    Fixtures.withManifest(
        "classifier",
        dir,
        m -> {
          m.remove("tokenizer");
          m.put("tokens", "retokenize");
        });

    assertThatThrownBy(() -> ManifestParser.parse(dir))
        .hasMessageContaining("tokenizer: required when tokens is retokenize");
  }

  @Test
  void shouldRequireAStepSeparatorTokenForTheClassifierReader() {
    Fixtures.withManifest(
        "classifier", dir, m -> m.withObjectProperty("step_separator").putNull("token_id"));

    assertThatThrownBy(() -> ManifestParser.parse(dir))
        .hasMessageContaining(
            "step_separator.token_id: required by reader classifier-at-step-token");
  }

  @Test
  void shouldRejectTokenIdsOutsideTheVocabulary() {
    Fixtures.withManifest(
        "tag",
        dir,
        m -> {
          m.withObjectProperty("reader").put("plus_token_id", 40);
          m.put("pad_id", 32);
        });

    assertThatThrownBy(() -> ManifestParser.parse(dir))
        .hasMessageContaining("reader.plus_token_id: token id 40 is outside the vocabulary [0, 32)")
        .hasMessageContaining("pad_id: token id 32 is outside the vocabulary [0, 32)");
  }

  @Test
  void shouldRequireTheTagReadersSeparatorToBeTheTag() {
    Fixtures.withManifest(
        "tag", dir, m -> m.withObjectProperty("step_separator").put("token_id", 11));

    assertThatThrownBy(() -> ManifestParser.parse(dir))
        .hasMessageContaining(
            "step_separator.token_id: must be the tag token 20 for tag-token-logits, was 11");
  }

  @Test
  void shouldRejectAHeadWhoseOutputIsNotAnOutputRole() {
    Fixtures.withManifest(
        "multi-head",
        dir,
        m ->
            ((ObjectNode) m.withObjectProperty("reader").withArray("heads").get(2))
                .put("output", "extra"));

    assertThatThrownBy(() -> ManifestParser.parse(dir))
        .hasMessageContaining("reader.heads[2].output: 'extra' is not a key of outputs");
  }

  @Test
  void shouldKeepTheHeadOfTruncationBelowTheContext() {
    Fixtures.withManifest("classifier", dir, m -> m.put("truncation_head_tokens", 64));

    assertThatThrownBy(() -> ManifestParser.parse(dir))
        .hasMessageContaining("truncation_head_tokens: must be below max_context 64");
  }
}

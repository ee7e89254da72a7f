package io.rewardstream.scorer.onnx;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rewardstream.scorer.Fixtures;
import io.rewardstream.scorer.ModelLoadException;
import io.rewardstream.scorer.ScorerConfig;
import org.junit.jupiter.api.Test;

/** A full-vocabulary output times the padded tokens of one call must fit one 2 GiB buffer. */
class OutputFitTest {

  @Test
  void shouldRefuseAtLoadABatchBoundWhoseOutputCouldNotBeRead() {
    // The tag fixture's logits are 32 floats per token: 2 GiB holds 16,777,215 tokens' worth.
    ScorerConfig tooMany =
        ScorerConfig.builder().modelDir(Fixtures.dir("tag")).maxBatchTokens(20_000_000).build();

    assertThatThrownBy(() -> OnnxRewardModel.load(tooMany).close())
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("output 'logits' is 32 floats per token")
        .hasMessageContaining("set scorer.max-batch-tokens to at most 16777215");
  }

  @Test
  void shouldLoadWithABoundThatFits() {
    ScorerConfig fits =
        ScorerConfig.builder().modelDir(Fixtures.dir("tag")).maxBatchTokens(16_000_000).build();

    assertThatCode(() -> OnnxRewardModel.load(fits).close()).doesNotThrowAnyException();
  }
}

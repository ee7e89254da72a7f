package io.rewardstream.topology;

import io.rewardstream.scorer.ModelMetadata;
import io.rewardstream.scorer.RewardModel;
import io.rewardstream.scorer.TokenTexts;
import io.rewardstream.topology.state.SequenceState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts a sequence's response into steps as its chunks arrive, at the model's step separator: at its
 * token id when it has one; else at its text, found token by token in the model's token texts;
 * else, for a model without token texts, in the chunks' own text. Chunks carry no per-token text,
 * so in that last case a step ends with the chunk the separator ends in.
 */
final class StepCutter {
  private static final Logger log = LoggerFactory.getLogger(StepCutter.class);

  private final int separatorId;
  private final String separatorText;
  private final TokenTexts tokenTexts;

  private StepCutter(int separatorId, String separatorText, TokenTexts tokenTexts) {
    this.separatorId = separatorId;
    this.separatorText = separatorText;
    this.tokenTexts = tokenTexts;
  }

  /** The cutter for {@code model}'s separator; says at INFO (or WARN) how steps will be cut. */
  static StepCutter forModel(RewardModel model) {
    ModelMetadata metadata = model.metadata();
    String text = metadata.stepSeparatorText();
    if (metadata.stepSeparatorId() >= 0 || text == null || text.isEmpty()) {
      return new StepCutter(metadata.stepSeparatorId(), null, null);
    }
    TokenTexts texts = model.tokenTexts().orElse(null);
    if (texts == null) {
      log.warn(
          "Model {} ends steps at the text {} and has no token texts (its manifest names no"
              + " tokenizer): a step ends with the chunk whose text the separator ends in, so a"
              + " chunk should hold at most one step end",
          metadata.id(),
          metadata.stepSplitter());
    } else {
      log.info(
          "Model {} ends steps at the text {}, found token by token in its {} token texts",
          metadata.id(),
          metadata.stepSplitter(),
          texts.size());
    }
    return new StepCutter(-1, text, texts);
  }

  /** Appends a chunk's tokens to {@code state}, closing each step its separator ends. */
  void append(SequenceState state, int[] tokens, String chunkText) {
    if (tokenTexts != null) {
      for (int token : tokens) {
        state.appendToken(token, state.endsStepInText(tokenTexts.text(token), separatorText));
      }
      return;
    }
    for (int token : tokens) {
      state.appendToken(token, token == separatorId);
    }
    if (separatorText != null
        && chunkText != null
        && state.endsStepInText(chunkText, separatorText)) {
      state.closeLastStep();
    }
  }
}

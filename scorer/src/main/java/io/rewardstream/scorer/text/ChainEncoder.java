package io.rewardstream.scorer.text;

import io.rewardstream.scorer.ModelLoadException;
import io.rewardstream.scorer.ScoreRequest;
import io.rewardstream.scorer.manifest.ModelManifest;
import io.rewardstream.scorer.manifest.ModelManifest.Template;
import java.util.List;

/**
 * The text path: renders a problem and its steps with the manifest's template, exactly as the model
 * saw them in training ({@code prefix + problem + prompt_suffix + step_1 + step_suffix + ...}),
 * tokenizes the text with the model's tokenizer, and asks for a reward at the last token of every
 * step's suffix. Used for offline evaluation and for models that re-tokenize the policy's text
 * ({@code tokens: retokenize}); a partial step is passed as the last step, so it is rendered closed
 * by its suffix and scored as if it had just ended.
 */
public final class ChainEncoder implements AutoCloseable {

  private final Template template;
  private final TextTokenizer tokenizer;

  public ChainEncoder(Template template, TextTokenizer tokenizer) {
    this.template = template;
    this.tokenizer = tokenizer;
  }

  /**
   * A chain encoder with the tokenizer the manifest names.
   *
   * @throws ModelLoadException when the manifest names no tokenizer or it cannot be loaded
   */
  public static ChainEncoder forManifest(ModelManifest manifest) {
    if (manifest.tokenizer() == null) {
      throw new ModelLoadException(
          "Model " + manifest.id() + " has no tokenizer in its manifest: the text path needs one");
    }
    return new ChainEncoder(
        manifest.template(), HuggingFaceTextTokenizer.load(manifest.tokenizer()));
  }

  /** The rendered text of a chain. */
  public String render(String problem, List<String> steps) {
    StringBuilder text = new StringBuilder(template.prefix());
    text.append(problem).append(template.promptSuffix());
    for (String step : steps) {
      text.append(step).append(template.stepSuffix());
    }
    return text.toString();
  }

  /**
   * A request for the reward of every step of a chain.
   *
   * @throws IllegalArgumentException when the tokenizer merges a step's end with the text after it,
   *     so no token ends exactly there
   */
  public ScoreRequest encode(String problem, List<String> steps) {
    int[] stepEnds = new int[steps.size()];
    int end = template.prefix().length() + problem.length() + template.promptSuffix().length();
    for (int i = 0; i < steps.size(); i++) {
      end += steps.get(i).length() + template.stepSuffix().length();
      stepEnds[i] = end;
    }
    TextTokenizer.Encoded encoded = tokenizer.encode(render(problem, steps));
    int[] positions = new int[steps.size()];
    for (int i = 0; i < stepEnds.length; i++) {
      positions[i] = lastTokenBefore(encoded, stepEnds[i], i) + 1;
    }
    return new ScoreRequest(encoded.ids(), positions);
  }

  /** The index of the last token that covers text before {@code end}. */
  private static int lastTokenBefore(TextTokenizer.Encoded encoded, int end, int step) {
    int found = -1;
    for (int t = 0; t < encoded.ids().length; t++) {
      boolean coversText = encoded.ends()[t] > encoded.starts()[t];
      if (coversText && encoded.starts()[t] < end) {
        found = t;
      }
    }
    if (found < 0 || encoded.ends()[found] > end) {
      throw new IllegalArgumentException(
          "step "
              + step
              + ": no token ends at the step's end (character "
              + end
              + "); the tokenizer merges the step suffix with the text after it");
    }
    return found;
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}

package io.rewardstream.scorer.manifest;

import io.rewardstream.scorer.ModelMetadata;
import io.rewardstream.scorer.manifest.ReaderSpec.MultiHead;
import io.rewardstream.scorer.manifest.ReaderSpec.TagTokenLogits;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A reward model's manifest ({@code model.json}), parsed and checked for internal consistency by
 * {@link ManifestParser}. Paths are resolved against the manifest's folder. The format is described
 * in {@code docs/model-manifest.md}.
 *
 * @param directory the folder holding the manifest
 * @param id model id (lineage)
 * @param version model version (lineage)
 * @param modelFile the ONNX graph
 * @param modelWithPastFile the graph with past key/value inputs, or null (served when {@code
 *     scorer.past-cache-mb} is above 0)
 * @param inputs graph input names
 * @param outputs graph output names by role
 * @param reader how rewards are read from the outputs
 * @param stepSeparator the token and text that end a step
 * @param template how a problem and its steps are rendered to text
 * @param maxContext longest token sequence the model accepts
 * @param truncation what happens past {@code maxContext}
 * @param truncationHeadTokens tokens kept from the head under {@link Truncation#KEEP_HEAD_AND_TAIL}
 * @param vocabSize token ids lie in {@code [0, vocabSize)}
 * @param padId padding token id
 * @param tokens whether the model shares the policy's token ids
 * @param tokenizer the tokenizer, or null
 * @param domainDescription what the model was trained for, free-form
 */
public record ModelManifest(
    Path directory,
    String id,
    String version,
    Path modelFile,
    Path modelWithPastFile,
    InputNames inputs,
    Map<String, String> outputs,
    ReaderSpec reader,
    StepSeparator stepSeparator,
    Template template,
    int maxContext,
    Truncation truncation,
    int truncationHeadTokens,
    int vocabSize,
    int padId,
    TokenMode tokens,
    TokenizerSpec tokenizer,
    String domainDescription,
    boolean pastPositionsFromMask) {

  /** The manifest file name inside a model folder. */
  public static final String FILE_NAME = "model.json";

  public ModelManifest {
    outputs = Map.copyOf(outputs);
  }

  /** Graph input names; {@code positionIds} is null when the graph takes none. */
  public record InputNames(String inputIds, String attentionMask, String positionIds) {}

  /** The token id that ends a step ({@code -1} when none) and its text (or null). */
  public record StepSeparator(int tokenId, String text) {}

  /** {@code prefix + problem + promptSuffix + step_1 + stepSuffix + step_2 + stepSuffix ...}. */
  public record Template(String prefix, String promptSuffix, String stepSuffix) {}

  /** A HuggingFace {@code tokenizer.json} and whether encoding adds its special tokens. */
  public record TokenizerSpec(String id, Path file, boolean addSpecialTokens) {}

  /** What happens to a sequence longer than {@code max_context}. */
  public enum Truncation {
    KEEP_HEAD_AND_TAIL("keep-head-and-tail"),
    REJECT("reject");

    private final String spelling;

    Truncation(String spelling) {
      this.spelling = spelling;
    }

    /** The manifest's spelling. */
    public String spelling() {
      return spelling;
    }
  }

  /** Whether the model reads the policy's token ids or re-tokenizes the text. */
  public enum TokenMode {
    PASS_THROUGH,
    RETOKENIZE
  }

  /**
   * The token at which the reader reads a step's reward, or -1 when the reader reads at any token:
   * the step separator for {@code classifier-at-step-token}, the tag for {@code tag-token-logits}.
   */
  public int readTokenId() {
    if (reader instanceof ReaderSpec.ClassifierAtStepToken) {
      return stepSeparator.tokenId();
    }
    if (reader instanceof TagTokenLogits t) {
      return t.tagTokenId();
    }
    return -1;
  }

  /** Names of the reward heads: the multi-head names, or {@code ["reward"]}. */
  public List<String> headNames() {
    if (reader instanceof MultiHead m) {
      return m.heads().stream().map(ReaderSpec.Head::name).toList();
    }
    return List.of("reward");
  }

  /** The metadata the topology sees, with the model file's SHA-256. */
  public ModelMetadata toMetadata(String sha256) {
    int separator = stepSeparator.tokenId() >= 0 ? stepSeparator.tokenId() : readTokenId();
    return new ModelMetadata(
        id,
        version,
        sha256,
        tokens == TokenMode.RETOKENIZE ? tokenizer.id() : null,
        vocabSize,
        maxContext,
        separator,
        stepSeparator.text(),
        headNames());
  }
}

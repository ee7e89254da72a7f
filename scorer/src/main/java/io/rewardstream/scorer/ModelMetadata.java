package io.rewardstream.scorer;

import java.util.List;
import java.util.Objects;

/**
 * What a reward model is and how it wants its input, as read from its manifest and checked against
 * the loaded graph.
 *
 * @param id model id (lineage)
 * @param version model version (lineage)
 * @param sha256 hex SHA-256 of the model file (lineage)
 * @param tokenizerId tokenizer id, or null when the model shares the policy's token ids
 * @param vocabSize token ids must lie in {@code [0, vocabSize)}
 * @param maxContext longest token sequence the model accepts
 * @param stepSeparatorId token id that ends a step, or -1 when steps are cut by text only
 * @param stepSeparatorText text that ends a step (for example {@code "\n"}), or null
 * @param headNames names of the reward heads; a single-head model has one name
 */
public record ModelMetadata(
    String id,
    String version,
    String sha256,
    String tokenizerId,
    int vocabSize,
    int maxContext,
    int stepSeparatorId,
    String stepSeparatorText,
    List<String> headNames) {

  public ModelMetadata {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(sha256, "sha256");
    headNames = List.copyOf(headNames);
    if (vocabSize <= 0) {
      throw new IllegalArgumentException("vocabSize must be positive, was " + vocabSize);
    }
    if (maxContext <= 0) {
      throw new IllegalArgumentException("maxContext must be positive, was " + maxContext);
    }
  }

  /** A short description of the step splitter for lineage, such as {@code token:11}. */
  public String stepSplitter() {
    if (stepSeparatorId >= 0) {
      return "token:" + stepSeparatorId;
    }
    return "text:" + (stepSeparatorText == null ? "" : stepSeparatorText.replace("\n", "\\n"));
  }
}

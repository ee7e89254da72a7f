package io.rewardstream.scorer;

import java.util.List;
import java.util.Optional;

/**
 * A process reward model: turns token sequences into rewards at requested positions.
 *
 * <p>The topology gathers scoring work from many sequences and hands it over as one batch; the
 * model pads, runs and reads the batch and returns one {@link Scores} per request, in request
 * order. Implementations are thread-safe: one instance (one ONNX Runtime session) is shared by
 * every stream thread of an instance. An empty batch returns an empty list.
 */
public interface RewardModel extends AutoCloseable {

  /** What the model is, for lineage, validation and step segmentation. */
  ModelMetadata metadata();

  /**
   * Scores a batch.
   *
   * @throws InvalidScoreRequestException when a request is malformed (token id outside the
   *     vocabulary, position out of range); the message names the request and the position
   */
  List<Scores> score(List<ScoreRequest> requests);

  /**
   * Drops what the model keeps for requests with this {@link ScoreRequest#cacheKey()}: the sequence
   * has ended. Only frees memory early; a model without a cache ignores it.
   */
  default void forget(String cacheKey) {}

  /**
   * The text of each token id, when the model cuts steps at a text separator only ({@link
   * ModelMetadata#stepSeparatorId()} is -1) and knows its tokenizer: the topology then finds the
   * separator token by token. Empty otherwise, and the topology ends a step with the chunk whose
   * text the separator ends in.
   */
  default Optional<TokenTexts> tokenTexts() {
    return Optional.empty();
  }

  @Override
  void close();
}

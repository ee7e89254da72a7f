package io.rewardstream.scorer.manifest;

import java.util.List;
import java.util.Objects;

/**
 * How step rewards are read out of a graph's outputs: the manifest's {@code reader} object. One
 * record per reader kind; {@link #kind()} is the manifest's spelling.
 */
public sealed interface ReaderSpec {

  /** The manifest's {@code reader.kind}. */
  String kind();

  /**
   * Logits {@code [B,T,C]} from output role {@code logits}; the reward is the softmax probability
   * of class {@code positiveIndex} at each step-separator token (Qwen2.5-Math-PRM).
   */
  record ClassifierAtStepToken(int positiveIndex) implements ReaderSpec {
    @Override
    public String kind() {
      return "classifier-at-step-token";
    }
  }

  /**
   * Language-model logits {@code [B,T,V]} from output role {@code logits}; the reward is the
   * softmax over the two logits {@code plusTokenId} and {@code minusTokenId}, taken at each tag
   * token (Math-Shepherd).
   */
  record TagTokenLogits(int tagTokenId, int plusTokenId, int minusTokenId) implements ReaderSpec {
    @Override
    public String kind() {
      return "tag-token-logits";
    }
  }

  /** One value per token, {@code [B,T]} or {@code [B,T,1]}, from output role {@code value}. */
  record ValueHead(boolean sigmoid) implements ReaderSpec {
    @Override
    public String kind() {
      return "value-head";
    }
  }

  /** Several named heads; the reward is their weighted sum (ArmoRM-style). */
  record MultiHead(List<Head> heads) implements ReaderSpec {
    public MultiHead {
      heads = List.copyOf(heads);
    }

    @Override
    public String kind() {
      return "multi-head";
    }
  }

  /**
   * One head of a multi-head model.
   *
   * @param name head name, reported in {@code ModelMetadata.headNames()}
   * @param output the output role (a key of the manifest's {@code outputs}) that holds the head
   * @param index column of the output's last axis for a {@code [B,T,K]} output; 0 for {@code [B,T]}
   * @param weight the head's weight in the reward
   * @param sigmoid whether the head's raw value goes through a sigmoid first
   */
  record Head(String name, String output, int index, double weight, boolean sigmoid) {
    public Head {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(output, "output");
    }
  }
}

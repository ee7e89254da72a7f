package io.rewardstream.scorer;

import java.util.List;

/**
 * The text of each token id of a model's vocabulary, decoded one token at a time. With it the
 * topology cuts steps at a text-only step separator (such as {@code "\n\n"}) token by token, also
 * when one chunk holds several steps, where the chunks' text alone only tells which chunk a
 * separator ends in.
 */
public final class TokenTexts {

  private final String[] texts;

  private TokenTexts(String[] texts) {
    this.texts = texts;
  }

  /** The texts in id order: {@code texts.get(i)} is token {@code i}'s. */
  public static TokenTexts of(List<String> texts) {
    return new TokenTexts(texts.stream().map(t -> t == null ? "" : t).toArray(String[]::new));
  }

  /** The text of token {@code id}; empty for an id outside the vocabulary. */
  public String text(int id) {
    return id >= 0 && id < texts.length ? texts[id] : "";
  }

  /** The number of ids. */
  public int size() {
    return texts.length;
  }
}

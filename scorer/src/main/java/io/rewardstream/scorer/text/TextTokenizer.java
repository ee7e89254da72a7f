package io.rewardstream.scorer.text;

import java.util.List;

/** Turns text into a reward model's token ids, with where each token lies in the text. */
public interface TextTokenizer extends AutoCloseable {

  /** Encodes {@code text}. */
  Encoded encode(String text);

  /**
   * The text of each of the ids {@code 0..count-1} decoded alone, special tokens included; empty
   * for an id the tokenizer does not know.
   */
  List<String> decodeEach(int count);

  @Override
  void close();

  /**
   * An encoding.
   *
   * @param ids token ids
   * @param starts for each token, the UTF-16 index in the text where it starts
   * @param ends for each token, the UTF-16 index just past it; equal to its start for tokens that
   *     cover no text (special tokens added by the tokenizer)
   */
  record Encoded(int[] ids, int[] starts, int[] ends) {}
}

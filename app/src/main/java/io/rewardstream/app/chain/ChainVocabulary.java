package io.rewardstream.app.chain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The demo PRM's character vocabulary, as {@code models/demo-prm/chainarith.py} defines it: one
 * token per character. The ids are part of the model contract and the demo policy shares them
 * (pass-through tokens): {@code <pad>} is 0, digit {@code c} is {@code c + 1}, the step separator
 * {@code "\n"} is 11, then space and {@code + - = . , :}, then the letters of the problem text in
 * sorted order, and {@code <unk>} last.
 */
public final class ChainVocabulary {
  public static final String PAD = "<pad>";
  public static final String UNK = "<unk>";

  private static final List<String> TOKENS = tokens();
  private static final Map<String, Integer> IDS = ids(TOKENS);

  public static final int PAD_ID = IDS.get(PAD);
  public static final int UNK_ID = IDS.get(UNK);
  public static final int SEPARATOR_ID = IDS.get("\n");
  public static final int SIZE = TOKENS.size();

  private ChainVocabulary() {}

  private static List<String> tokens() {
    List<String> tokens = new ArrayList<>();
    tokens.add(PAD);
    for (char c = '0'; c <= '9'; c++) {
      tokens.add(String.valueOf(c));
    }
    for (String s : new String[] {"\n", " ", "+", "-", "=", ".", ",", ":"}) {
      tokens.add(s);
    }
    // Python: sorted(set("Start with" + "Then" + "add" + "subtract") - {" "}), by code point.
    TreeSet<Character> letters = new TreeSet<>();
    for (char c : ("Start with" + "Then" + "add" + "subtract").toCharArray()) {
      if (c != ' ') {
        letters.add(c);
      }
    }
    letters.forEach(c -> tokens.add(String.valueOf(c)));
    tokens.add(UNK);
    return Collections.unmodifiableList(tokens);
  }

  private static Map<String, Integer> ids(List<String> tokens) {
    Map<String, Integer> ids = new HashMap<>();
    for (int i = 0; i < tokens.size(); i++) {
      ids.put(tokens.get(i), i);
    }
    return ids;
  }

  /** Every token, by id. */
  public static List<String> tokensById() {
    return TOKENS;
  }

  /** The token ids of {@code text}, one per character; unknown characters map to {@code <unk>}. */
  public static int[] encode(String text) {
    int[] ids = new int[text.length()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = IDS.getOrDefault(String.valueOf(text.charAt(i)), UNK_ID);
    }
    return ids;
  }

  /** The text of {@code ids}; {@code <pad>} and {@code <unk>} decode to nothing. */
  public static String decode(int[] ids) {
    StringBuilder text = new StringBuilder(ids.length);
    for (int id : ids) {
      if (id != PAD_ID && id != UNK_ID) {
        text.append(TOKENS.get(id));
      }
    }
    return text.toString();
  }
}

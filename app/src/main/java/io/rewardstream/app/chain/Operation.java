package io.rewardstream.app.chain;

/** A chain-arithmetic operation: its word in the problem and its symbol in a step. */
public enum Operation {
  ADD("add", '+'),
  SUBTRACT("subtract", '-');

  private final String word;
  private final char symbol;

  Operation(String word, char symbol) {
    this.word = word;
    this.symbol = symbol;
  }

  /** The word in the problem text: {@code add} or {@code subtract}. */
  public String word() {
    return word;
  }

  /** The symbol in a step: {@code +} or {@code -}. */
  public char symbol() {
    return symbol;
  }

  /** {@code x} with this operation and {@code operand} applied. */
  public int apply(int x, int operand) {
    return this == ADD ? x + operand : x - operand;
  }
}

package io.rewardstream.topology.rewards;

/**
 * The reward a rejected member gets in its group's reward: its own aggregate over the steps it
 * produced ({@code partial}), the group's minimum ({@code min}), or a fixed value.
 */
public record RejectedRewardPolicy(Kind kind, double value) {

  /** The three policies. */
  public enum Kind {
    PARTIAL,
    MIN,
    FIXED
  }

  /** Parses {@code partial}, {@code min} or a number. */
  public static RejectedRewardPolicy parse(String text) {
    String value = text.trim().toLowerCase(java.util.Locale.ROOT);
    if (value.equals("partial")) {
      return new RejectedRewardPolicy(Kind.PARTIAL, 0);
    }
    if (value.equals("min")) {
      return new RejectedRewardPolicy(Kind.MIN, 0);
    }
    try {
      return new RejectedRewardPolicy(Kind.FIXED, Double.parseDouble(value));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected partial, min or a number", e);
    }
  }
}

package io.rewardstream.topology.rejection;

/**
 * How many siblings the group-rank rule keeps at a checkpoint: a fixed count, or a fraction of the
 * live siblings (rounded up, so a fraction never keeps nobody).
 */
public record RejectionKeep(int count, double fraction) {

  /** Parses {@code 4}, {@code 1/2} or {@code 0.5}. */
  public static RejectionKeep parse(String text) {
    String value = text.trim();
    try {
      if (value.contains("/")) {
        String[] parts = value.split("/", 2);
        double numerator = Double.parseDouble(parts[0].trim());
        double denominator = Double.parseDouble(parts[1].trim());
        return fraction(numerator / denominator, text);
      }
      if (value.contains(".")) {
        return fraction(Double.parseDouble(value), text);
      }
      int count = Integer.parseInt(value);
      if (count < 1) {
        throw new IllegalArgumentException("rejection.keep count must be at least 1, was " + text);
      }
      return new RejectionKeep(count, 0);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "rejection.keep must be a count (4), a fraction (1/2) or a decimal (0.5), was '"
              + text
              + "'",
          e);
    }
  }

  private static RejectionKeep fraction(double fraction, String text) {
    if (!(fraction > 0 && fraction <= 1)) {
      throw new IllegalArgumentException(
          "rejection.keep fraction must lie in (0, 1], was '" + text + "'");
    }
    return new RejectionKeep(0, fraction);
  }

  /** Siblings to keep among {@code live}. */
  public int keepOf(int live) {
    if (count > 0) {
      return Math.min(count, live);
    }
    return Math.min(live, (int) Math.ceil(fraction * live - 1e-9));
  }
}

package io.rewardstream.scorer.onnx;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Packs rows into padded sub-batches of at most {@code maxBatchSize} rows and at most {@code
 * maxBatchTokens} padded tokens (rows times the longest row). Rows are sorted by length first, so
 * rows of similar length share a sub-batch and padding stays small; a row longer than {@code
 * maxBatchTokens} goes alone. Rewards do not depend on the grouping (padding is masked and rows are
 * right-padded), only the cost does.
 */
public final class BatchPlanner {

  private final int maxBatchSize;
  private final int maxBatchTokens;
  private final boolean groupByLength;

  /**
   * @param maxBatchSize most rows per sub-batch
   * @param maxBatchTokens most padded tokens per sub-batch
   * @param groupByLength sort rows by length before packing (off only to measure its effect)
   */
  public BatchPlanner(int maxBatchSize, int maxBatchTokens, boolean groupByLength) {
    if (maxBatchSize < 1 || maxBatchTokens < 1) {
      throw new IllegalArgumentException("batch bounds must be positive");
    }
    this.maxBatchSize = maxBatchSize;
    this.maxBatchTokens = maxBatchTokens;
    this.groupByLength = groupByLength;
  }

  /** Sub-batches covering every row once. */
  BatchPlan plan(List<Row> rows) {
    List<Row> ordered = new ArrayList<>(rows);
    if (groupByLength) {
      ordered.sort(Comparator.comparingInt(Row::length));
    }
    List<Batch> batches = new ArrayList<>();
    List<Row> current = new ArrayList<>();
    int longest = 0;
    for (Row row : ordered) {
      int wouldBe = Math.max(longest, row.length());
      boolean full =
          current.size() == maxBatchSize || (long) wouldBe * (current.size() + 1) > maxBatchTokens;
      if (!current.isEmpty() && full) {
        batches.add(new Batch(current, longest));
        current = new ArrayList<>();
        wouldBe = row.length();
      }
      current.add(row);
      longest = wouldBe;
    }
    if (!current.isEmpty()) {
      batches.add(new Batch(current, longest));
    }
    return new BatchPlan(batches);
  }

  /** The padding fraction of sequences of the given lengths, each read at its end. */
  public double paddingFraction(int[] lengths) {
    List<Row> rows = new ArrayList<>(lengths.length);
    for (int i = 0; i < lengths.length; i++) {
      rows.add(new Row(i, new int[lengths[i]], new int[] {lengths[i] - 1}, new int[] {0}));
    }
    return plan(rows).paddingFraction();
  }

  /** Rows padded to a common length. */
  record Batch(List<Row> rows, int tokens) {
    Batch {
      rows = List.copyOf(rows);
    }

    long paddedTokens() {
      return (long) rows.size() * tokens;
    }
  }

  /** The sub-batches of one call and what their padding costs. */
  record BatchPlan(List<Batch> batches) {

    long realTokens() {
      return batches.stream().flatMap(b -> b.rows().stream()).mapToLong(Row::length).sum();
    }

    long paddedTokens() {
      return batches.stream().mapToLong(Batch::paddedTokens).sum();
    }

    /** Share of fed tokens that are padding, in [0, 1). */
    double paddingFraction() {
      long padded = paddedTokens();
      return padded == 0 ? 0 : 1.0 - (double) realTokens() / padded;
    }
  }
}

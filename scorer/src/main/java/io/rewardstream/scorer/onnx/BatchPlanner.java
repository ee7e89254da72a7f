package io.rewardstream.scorer.onnx;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Packs rows into padded sub-batches of at most {@code maxBatchSize} rows and at most {@code
 * maxBatchTokens} padded tokens (rows times the longest row). Rows are sorted by length first and
 * cut where padding would cost more than another call, so rows of similar length share a sub-batch
 * and padding stays small; a row longer than {@code maxBatchTokens} goes alone. Rewards do not
 * depend on the grouping (padding is masked and rows are right-padded), only the cost does.
 */
public final class BatchPlanner {

  /**
   * What one more ONNX Runtime call costs, in padded tokens: the planner pays this to avoid as much
   * padding. Small against a real PRM's cost per token, so sub-batches stay close in length.
   */
  static final int CALL_OVERHEAD_TOKENS = 64;

  private final int maxBatchSize;
  private final int maxBatchTokens;
  private final boolean groupByLength;
  private final boolean equalPasts;

  /**
   * @param maxBatchSize most rows per sub-batch
   * @param maxBatchTokens most padded tokens per sub-batch
   * @param groupByLength sort rows by length before packing (off only to measure its effect)
   */
  public BatchPlanner(int maxBatchSize, int maxBatchTokens, boolean groupByLength) {
    this(maxBatchSize, maxBatchTokens, groupByLength, false);
  }

  /**
   * @param equalPasts put only rows with as many cached tokens in one sub-batch: for a with-past
   *     graph that places new tokens after the past axis's length rather than by the attention
   *     mask, a row with a shorter past than the call's longest would be read at wrong positions
   */
  public BatchPlanner(
      int maxBatchSize, int maxBatchTokens, boolean groupByLength, boolean equalPasts) {
    if (maxBatchSize < 1 || maxBatchTokens < 1) {
      throw new IllegalArgumentException("batch bounds must be positive");
    }
    this.maxBatchSize = maxBatchSize;
    this.maxBatchTokens = maxBatchTokens;
    this.groupByLength = groupByLength;
    this.equalPasts = equalPasts;
  }

  /** Sub-batches covering every row once. */
  BatchPlan plan(List<Row> rows) {
    if (equalPasts) {
      Map<Integer, List<Row>> byPast = new LinkedHashMap<>();
      for (Row row : rows) {
        byPast.computeIfAbsent(row.pastLength(), p -> new ArrayList<>()).add(row);
      }
      if (byPast.size() > 1) {
        List<Batch> batches = new ArrayList<>();
        for (List<Row> same : byPast.values()) {
          batches.addAll(planRows(same).batches());
        }
        return new BatchPlan(batches);
      }
    }
    return planRows(rows);
  }

  private BatchPlan planRows(List<Row> rows) {
    if (!groupByLength) {
      return greedy(rows);
    }
    List<Row> sorted = new ArrayList<>(rows);
    sorted.sort(Comparator.comparingInt(Row::length));
    return cheapestCuts(sorted);
  }

  /**
   * Cuts rows sorted by length into the contiguous sub-batches of least total cost, a sub-batch
   * costing its padded tokens plus {@link #CALL_OVERHEAD_TOKENS}: one small dynamic programme over
   * cut points ({@code O(rows x maxBatchSize)}). Greedy filling would pad a short row to the length
   * of the longest row that still fits; here a sub-batch ends where padding starts to cost more
   * than another call.
   */
  private BatchPlan cheapestCuts(List<Row> sorted) {
    int n = sorted.size();
    long[] cost = new long[n + 1];
    int[] cut = new int[n + 1];
    for (int end = 1; end <= n; end++) {
      long longest = sorted.get(end - 1).length();
      cost[end] = Long.MAX_VALUE;
      for (int start = end - 1; start >= 0 && end - start <= maxBatchSize; start--) {
        long padded = longest * (end - start);
        if (padded > maxBatchTokens && end - start > 1) {
          break;
        }
        long total = cost[start] + padded + CALL_OVERHEAD_TOKENS;
        if (total < cost[end]) {
          cost[end] = total;
          cut[end] = start;
        }
      }
    }
    List<Batch> batches = new ArrayList<>();
    for (int end = n; end > 0; end = cut[end]) {
      batches.add(0, new Batch(sorted.subList(cut[end], end), sorted.get(end - 1).length()));
    }
    return new BatchPlan(batches);
  }

  /** Fills sub-batches in arrival order until a bound is reached. */
  private BatchPlan greedy(List<Row> rows) {
    List<Batch> batches = new ArrayList<>();
    List<Row> current = new ArrayList<>();
    int longest = 0;
    for (Row row : rows) {
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

  /** How sequences of the given lengths, each read at its end, would be packed. */
  public PlanSummary summarize(int[] lengths) {
    List<Row> rows = new ArrayList<>(lengths.length);
    for (int i = 0; i < lengths.length; i++) {
      rows.add(new Row(i, new int[lengths[i]], new int[] {lengths[i] - 1}, new int[] {0}));
    }
    BatchPlan plan = plan(rows);
    return new PlanSummary(plan.batches().size(), plan.realTokens(), plan.paddedTokens());
  }

  /**
   * The shape of a plan: how many sub-batches, and how many of the fed tokens are real.
   *
   * @param subBatches ONNX Runtime calls
   * @param realTokens tokens of the rows themselves
   * @param paddedTokens tokens fed, padding included
   */
  public record PlanSummary(int subBatches, long realTokens, long paddedTokens) {

    /** Share of fed tokens that are padding, in [0, 1). */
    public double paddingFraction() {
      return paddedTokens == 0 ? 0 : 1.0 - (double) realTokens / paddedTokens;
    }
  }

  /** Rows padded to a common length. */
  record Batch(List<Row> rows, int tokens) {
    Batch {
      rows = List.copyOf(rows);
    }

    long paddedTokens() {
      return (long) rows.size() * tokens;
    }

    /** The most cached tokens any row reuses: the past axis of a with-past call. */
    int pastTokens() {
      int most = 0;
      for (Row row : rows) {
        most = Math.max(most, row.pastLength());
      }
      return most;
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

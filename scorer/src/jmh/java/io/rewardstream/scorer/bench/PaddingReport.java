package io.rewardstream.scorer.bench;

import io.rewardstream.scorer.onnx.BatchPlanner;
import java.util.Random;

/**
 * Prints the padding fraction of mixed-length workloads with and without length grouping, at the
 * default batch bounds (32 sequences, 16384 tokens). Its output is the report, hence stdout.
 *
 * <ul>
 *   <li>demo: what the topology hands the scorer per call while chains stream in: 64 requests, each
 *       a chain's prompt (20-60 tokens) and 1-12 steps of 8-40 tokens so far;
 *   <li>uniform: 64 requests of 16-512 tokens.
 * </ul>
 */
public final class PaddingReport {

  private static final int CALLS = 1000;
  private static final int REQUESTS_PER_CALL = 64;

  private PaddingReport() {}

  public static void main(String[] args) {
    Random random = new Random(7);
    BatchPlanner grouped = new BatchPlanner(32, 16384, true);
    BatchPlanner arrival = new BatchPlanner(32, 16384, false);
    report("demo", random, grouped, arrival, PaddingReport::demoLength);
    report("uniform 16-512", random, grouped, arrival, r -> 16 + r.nextInt(497));
  }

  private static int demoLength(Random random) {
    int length = 20 + random.nextInt(41);
    int steps = 1 + random.nextInt(12);
    for (int s = 0; s < steps; s++) {
      length += 8 + random.nextInt(33);
    }
    return length;
  }

  private static void report(
      String name,
      Random random,
      BatchPlanner grouped,
      BatchPlanner arrival,
      java.util.function.ToIntFunction<Random> length) {
    double withGrouping = 0;
    double without = 0;
    long groupedCalls = 0;
    long arrivalCalls = 0;
    for (int call = 0; call < CALLS; call++) {
      int[] lengths = new int[REQUESTS_PER_CALL];
      for (int i = 0; i < lengths.length; i++) {
        lengths[i] = length.applyAsInt(random);
      }
      BatchPlanner.PlanSummary g = grouped.summarize(lengths);
      BatchPlanner.PlanSummary a = arrival.summarize(lengths);
      withGrouping += g.paddingFraction();
      without += a.paddingFraction();
      groupedCalls += g.subBatches();
      arrivalCalls += a.subBatches();
    }
    System.out.printf(
        "%-16s padding %.1f%% with length grouping (%.1f sub-batches per call),"
            + " %.1f%% in arrival order (%.1f sub-batches per call)%n",
        name,
        100 * withGrouping / CALLS,
        (double) groupedCalls / CALLS,
        100 * without / CALLS,
        (double) arrivalCalls / CALLS);
  }
}

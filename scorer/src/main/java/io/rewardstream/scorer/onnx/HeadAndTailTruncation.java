package io.rewardstream.scorer.onnx;

import java.util.Arrays;
import java.util.List;

/**
 * The {@code keep-head-and-tail} policy: a sequence longer than {@code maxContext} keeps its first
 * {@code headTokens} tokens (the prompt's head) and its most recent {@code maxContext -
 * headTokens}.
 *
 * <p>Each read is answered from the truncation of the prefix that ends at it, like a reader that
 * saw the text up to that point: reads whose prefix fits in the context share one row (a causal
 * model reads the same values at each of them), and every later read gets a row of its own, the
 * head and the most recent tokens up to it. Sharing the row of the longest prefix instead would
 * leave a read in its tail with less context than its own prefix keeps.
 */
final class HeadAndTailTruncation {

  private final int maxContext;
  private final int headTokens;

  HeadAndTailTruncation(int maxContext, int headTokens) {
    if (headTokens < 0 || headTokens >= maxContext) {
      throw new IllegalArgumentException("headTokens must lie in [0, maxContext)");
    }
    this.maxContext = maxContext;
    this.headTokens = headTokens;
  }

  /** Adds the rows that answer {@code read} (ascending token indices into {@code tokens}). */
  void split(int request, int[] tokens, int[] read, List<Row> rows) {
    int fitting = 0;
    while (fitting < read.length && read[fitting] < maxContext) {
      fitting++;
    }
    if (fitting > 0) {
      rows.add(
          new Row(
              request,
              Arrays.copyOf(tokens, read[fitting - 1] + 1),
              Arrays.copyOf(read, fitting),
              RequestPreparer.identity(fitting)));
    }
    for (int k = fitting; k < read.length; k++) {
      int end = read[k] + 1; // this row is cut from the prefix [0, end)
      int tailStart = end - (maxContext - headTokens);
      int[] fed = new int[maxContext];
      System.arraycopy(tokens, 0, fed, 0, headTokens);
      System.arraycopy(tokens, tailStart, fed, headTokens, maxContext - headTokens);
      rows.add(new Row(request, fed, new int[] {maxContext - 1}, new int[] {k}));
    }
  }
}

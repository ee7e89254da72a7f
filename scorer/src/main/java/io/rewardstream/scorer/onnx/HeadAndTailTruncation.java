package io.rewardstream.scorer.onnx;

import java.util.Arrays;
import java.util.List;

/**
 * The {@code keep-head-and-tail} policy: a sequence longer than {@code maxContext} keeps its first
 * {@code headTokens} tokens (the prompt's head) and its most recent {@code maxContext -
 * headTokens}.
 *
 * <p>Each read is answered from the truncation of the prefix that ends at it, like a reader that
 * saw the text up to that point. Reads that fall in the head or in the kept tail of the longest
 * prefix share its row; reads in the dropped middle get a further row, truncated from their own
 * prefix (a causal model reads the same values there), and so on until every read has a row.
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
    int[] slots = RequestPreparer.identity(read.length);
    int pending = read.length; // read[0, pending) with slots[0, pending) still need a row
    while (pending > 0) {
      int end = read[pending - 1] + 1; // this row is cut from the prefix [0, end)
      if (end <= maxContext) {
        rows.add(
            new Row(
                request,
                Arrays.copyOf(tokens, end),
                Arrays.copyOf(read, pending),
                Arrays.copyOf(slots, pending)));
        return;
      }
      int dropped = end - maxContext; // tokens [headTokens, headTokens + dropped) are cut out
      int tailStart = headTokens + dropped;
      int[] fed = new int[maxContext];
      System.arraycopy(tokens, 0, fed, 0, headTokens);
      System.arraycopy(tokens, tailStart, fed, headTokens, maxContext - headTokens);
      int[] servedRead = new int[pending];
      int[] servedSlots = new int[pending];
      int served = 0;
      int rest = 0;
      for (int k = 0; k < pending; k++) {
        if (read[k] < headTokens || read[k] >= tailStart) {
          servedRead[served] = read[k] < headTokens ? read[k] : read[k] - dropped;
          servedSlots[served++] = slots[k];
        } else {
          read[rest] = read[k];
          slots[rest++] = slots[k];
        }
      }
      rows.add(
          new Row(
              request, fed, Arrays.copyOf(servedRead, served), Arrays.copyOf(servedSlots, served)));
      pending = rest;
    }
  }
}

package io.rewardstream.scorer.bench;

import io.rewardstream.scorer.ScoreRequest;
import io.rewardstream.scorer.ScorerConfig;
import io.rewardstream.scorer.onnx.OnnxRewardModel;
import io.rewardstream.scorer.onnx.PastCacheStats;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What one with-past call costs against how many sequences it holds: the question behind "would the
 * scorer save model time by waiting for fuller batches?". Each of {@code B} sequences has a prompt
 * scored first (not timed), then its steps arrive one call per step, every call feeding only each
 * sequence's new step through the past key/value cache, as the topology's step-end requests do on a
 * paced stream. Prints, per batch size, the median and p90 time of one step call and the time per
 * sequence. Its output is the report, hence stdout.
 *
 * <p>Arguments: the model folder (default {@code ../models/demo-prm}), the passes per batch size
 * (default 200), the tokens per step (default 12, the topology benchmark's).
 */
public final class BatchSizeReport {
  private static final int[] BATCH_SIZES = {1, 2, 4, 8, 16, 32};
  private static final int PROMPT = 60;
  private static final int STEPS = 6;

  private BatchSizeReport() {}

  public static void main(String[] args) {
    Path dir = Path.of(args.length > 0 ? args[0] : "../models/demo-prm");
    int passes = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    int stepTokens = args.length > 2 ? Integer.parseInt(args[2]) : 12;
    ScorerConfig config =
        ScorerConfig.builder().modelDir(dir).intraOpThreads(1).pastCacheMb(256).build();
    try (OnnxRewardModel model = OnnxRewardModel.load(config)) {
      if (model.pastCacheStats() == PastCacheStats.NONE) {
        throw new IllegalArgumentException(dir + " has no model_with_past_file");
      }
      int[][] tokens =
          StepChains.random(
              BATCH_SIZES[BATCH_SIZES.length - 1],
              PROMPT,
              STEPS,
              stepTokens,
              model.metadata().vocabSize(),
              model.metadata().stepSeparatorId(),
              7);
      for (int warm = 0; warm < 2; warm++) {
        for (int batch : BATCH_SIZES) {
          stepCalls(model, tokens, batch, stepTokens, Math.max(1, passes / 4));
        }
      }
      System.out.printf(
          "one step call: %d new tokens per sequence, %d-%d cached before it (%d passes)%n",
          stepTokens, PROMPT, PROMPT + (STEPS - 1) * stepTokens, passes);
      for (int batch : BATCH_SIZES) {
        long[] nanos = stepCalls(model, tokens, batch, stepTokens, passes);
        Arrays.sort(nanos);
        double median = nanos[nanos.length / 2] / 1e3;
        System.out.printf(
            "B=%2d  median %6.0f us  p90 %6.0f us  per sequence %5.0f us%n",
            batch, median, nanos[nanos.length * 9 / 10] / 1e3, median / batch);
      }
    }
  }

  /** The times of every step call (the prompt calls untimed) over {@code passes} passes. */
  private static long[] stepCalls(
      OnnxRewardModel model, int[][] tokens, int batch, int stepTokens, int passes) {
    long[] nanos = new long[passes * STEPS];
    int n = 0;
    for (int pass = 0; pass < passes; pass++) {
      for (int s = 0; s < batch; s++) {
        model.forget("seq-" + s);
      }
      for (int step = 0; step <= STEPS; step++) {
        int end = PROMPT + step * stepTokens;
        List<ScoreRequest> call = new ArrayList<>(batch);
        for (int s = 0; s < batch; s++) {
          call.add(ScoreRequest.ofEnd(Arrays.copyOf(tokens[s], end)).withKey("seq-" + s));
        }
        long start = System.nanoTime();
        model.score(call);
        long took = System.nanoTime() - start;
        if (step > 0) {
          nanos[n++] = took;
        }
      }
    }
    return nanos;
  }
}

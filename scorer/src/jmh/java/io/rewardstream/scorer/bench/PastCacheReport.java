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
 * Scoring step by step with the past key/value cache against without it, on a model folder that
 * ships a {@code model_with_past_file} (default: the demo PRM). A pass scores {@code sequences}
 * sequences as the topology does while they stream in: one call per step, holding every sequence's
 * prefix up to the end of that step (prompt plus steps so far), keyed by sequence; the cached model
 * forgets every sequence before the pass. The two models alternate pass by pass (order alternating)
 * so that both see the same background load. Prints, per shape, the median pass time of each, the
 * speed-up and the tokens each fed to its graph. Its output is the report, hence stdout.
 *
 * <p>Arguments: the model folder (default {@code ../models/demo-prm}), the rounds (default 30).
 */
public final class PastCacheReport {

  /** Sequences per call, prompt tokens, steps, tokens per step. */
  private record Shape(int sequences, int prompt, int steps, int stepTokens) {
    @Override
    public String toString() {
      return sequences + " x (" + prompt + " + " + steps + " x " + stepTokens + ")";
    }
  }

  private static final List<Shape> SHAPES =
      List.of(new Shape(32, 20, 6, 12), new Shape(32, 20, 8, 28), new Shape(1, 20, 8, 28));

  private PastCacheReport() {}

  public static void main(String[] args) {
    Path dir = Path.of(args.length > 0 ? args[0] : "../models/demo-prm");
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    try (OnnxRewardModel full = OnnxRewardModel.load(config(dir, 0));
        OnnxRewardModel cached = OnnxRewardModel.load(config(dir, 256))) {
      if (cached.pastCacheStats() == PastCacheStats.NONE) {
        throw new IllegalArgumentException(
            dir + " has no model_with_past_file: nothing to compare");
      }
      for (Shape shape : SHAPES) {
        report(shape, full, cached, rounds);
      }
    }
  }

  private static ScorerConfig config(Path dir, int pastCacheMb) {
    return ScorerConfig.builder().modelDir(dir).intraOpThreads(1).pastCacheMb(pastCacheMb).build();
  }

  private static void report(
      Shape shape, OnnxRewardModel full, OnnxRewardModel cached, int rounds) {
    List<List<ScoreRequest>> calls = calls(shape, full.metadata().vocabSize(), separator(full));
    long fullTokens = 0;
    for (List<ScoreRequest> call : calls) {
      for (ScoreRequest request : call) {
        fullTokens += request.tokenIds().length;
      }
    }
    for (int warm = 0; warm < 3; warm++) {
      pass(full, calls);
      pass(cached, calls);
    }
    long reusedBefore = cached.pastCacheStats().reusedTokens();
    pass(cached, calls);
    long cachedTokens = fullTokens - (cached.pastCacheStats().reusedTokens() - reusedBefore);
    long[] fullNanos = new long[rounds];
    long[] cachedNanos = new long[rounds];
    for (int r = 0; r < rounds; r++) {
      if (r % 2 == 0) {
        fullNanos[r] = pass(full, calls);
        cachedNanos[r] = pass(cached, calls);
      } else {
        cachedNanos[r] = pass(cached, calls);
        fullNanos[r] = pass(full, calls);
      }
    }
    double fullMs = median(fullNanos) / 1e6;
    double cachedMs = median(cachedNanos) / 1e6;
    System.out.printf(
        "%-22s %d calls: without cache %.2f ms (%d tokens fed), with cache %.2f ms (%d tokens"
            + " fed); %.2fx (%d rounds)%n",
        shape, calls.size(), fullMs, fullTokens, cachedMs, cachedTokens, fullMs / cachedMs, rounds);
  }

  private static int separator(OnnxRewardModel model) {
    int id = model.metadata().stepSeparatorId();
    if (id < 0) {
      throw new IllegalArgumentException("the model has no step separator token");
    }
    return id;
  }

  /** One call per step: every sequence's prefix up to the end of that step, keyed. */
  private static List<List<ScoreRequest>> calls(Shape shape, int vocab, int separator) {
    int[][] tokens =
        StepChains.random(
            shape.sequences(),
            shape.prompt(),
            shape.steps(),
            shape.stepTokens(),
            vocab,
            separator,
            11);
    List<List<ScoreRequest>> calls = new ArrayList<>();
    for (int step = 1; step <= shape.steps(); step++) {
      int end = shape.prompt() + step * shape.stepTokens();
      List<ScoreRequest> call = new ArrayList<>();
      for (int s = 0; s < tokens.length; s++) {
        call.add(ScoreRequest.ofEnd(Arrays.copyOf(tokens[s], end)).withKey("seq-" + s));
      }
      calls.add(call);
    }
    return calls;
  }

  /** Scores every call in order, from nothing cached; returns the nanoseconds taken. */
  private static long pass(OnnxRewardModel model, List<List<ScoreRequest>> calls) {
    for (ScoreRequest request : calls.get(0)) {
      model.forget(request.cacheKey());
    }
    long start = System.nanoTime();
    for (List<ScoreRequest> call : calls) {
      model.score(call);
    }
    return System.nanoTime() - start;
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}

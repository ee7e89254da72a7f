package io.rewardstream.scorer.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.Result;
import ai.onnxruntime.OrtSession.SessionOptions;
import io.rewardstream.scorer.ScoreRequest;
import io.rewardstream.scorer.ScorerConfig;
import io.rewardstream.scorer.manifest.ModelManifest;
import io.rewardstream.scorer.onnx.OnnxRewardModel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Bare ONNX Runtime against {@link OnnxRewardModel} on the same inputs, with the two calls
 * interleaved (ABAB, order alternating) so that both see the same background load: on a shared
 * machine this compares them far more steadily than two benchmarks run one after the other. Prints,
 * per B x T, the median call time and tokens per second of each, the ratio of the medians (bare /
 * wrapper: the share of bare throughput the wrapper keeps) and the median of per-round ratios. Its
 * output is the report, hence stdout.
 *
 * <p>Arguments: the model folder (default {@code target/bench-prm}), the rounds for the smallest
 * shape (default 200; fewer for larger shapes) and optionally one shape such as {@code 8x512} to
 * measure alone, with exactly that many rounds.
 */
public final class WrapperOverheadReport {

  private static final int SEPARATOR = 11;
  private static final int[] BATCHES = {1, 8, 32};
  private static final int[] LENGTHS = {128, 512};

  private WrapperOverheadReport() {}

  public static void main(String[] args) throws OrtException {
    Path dir = Path.of(args.length > 0 ? args[0] : "target/bench-prm");
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    ScorerConfig config =
        ScorerConfig.builder()
            .modelDir(dir)
            .intraOpThreads(1)
            .maxBatchSize(32)
            .maxBatchTokens(32 * 512)
            .build();
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OnnxRewardModel model = OnnxRewardModel.load(config);
        SessionOptions options = new SessionOptions()) {
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      options.setOptimizationLevel(SessionOptions.OptLevel.ALL_OPT);
      options.addConfigEntry("session.intra_op.allow_spinning", "0");
      options.addConfigEntry("session.inter_op.allow_spinning", "0");
      try (OrtSession bare = env.createSession(model.manifest().modelFile().toString(), options)) {
        System.out.println(
            "   B     T   bare ms  wrapper ms   bare tok/s  wrapper tok/s  ratio  pair ratio"
                + " rounds");
        if (args.length > 2) {
          String[] shape = args[2].split("x");
          int b = Integer.parseInt(shape[0]);
          int t = Integer.parseInt(shape[1]);
          measure(env, bare, model, b, t, rounds);
          return;
        }
        for (int t : LENGTHS) {
          for (int b : BATCHES) {
            measure(env, bare, model, b, t, Math.max(20, rounds * 8 / (b * t / 64 + 8)));
          }
        }
      }
    }
  }

  private static void measure(
      OrtEnvironment env, OrtSession bare, OnnxRewardModel model, int b, int t, int rounds)
      throws OrtException {
    Random random = new Random(1);
    List<ScoreRequest> requests = new ArrayList<>();
    LongBuffer ids = direct(b * t);
    LongBuffer mask = direct(b * t);
    LongBuffer positions = direct(b * t);
    for (int i = 0; i < b; i++) {
      int[] row = random.ints(t, 1, model.metadata().vocabSize()).toArray();
      row[t - 1] = SEPARATOR;
      requests.add(ScoreRequest.ofEnd(row));
      for (int j = 0; j < t; j++) {
        ids.put(row[j]);
        mask.put(1);
        positions.put(j);
      }
    }
    long[] shape = {b, t};
    try (OnnxTensor idsT = OnnxTensor.createTensor(env, ids.rewind(), shape);
        OnnxTensor maskT = OnnxTensor.createTensor(env, mask.rewind(), shape);
        OnnxTensor posT = OnnxTensor.createTensor(env, positions.rewind(), shape)) {
      ModelManifest.InputNames names = model.manifest().inputs();
      Map<String, OnnxTensor> inputs = new HashMap<>();
      inputs.put(names.inputIds(), idsT);
      inputs.put(names.attentionMask(), maskT);
      if (names.positionIds() != null) {
        inputs.put(names.positionIds(), posT);
      }
      for (int i = 0; i < 5; i++) {
        runBare(bare, inputs);
        model.score(requests);
      }
      long[] bareNanos = new long[rounds];
      long[] wrapperNanos = new long[rounds];
      for (int i = 0; i < rounds; i++) {
        if (i % 2 == 0) {
          bareNanos[i] = timeBare(bare, inputs);
          wrapperNanos[i] = timeWrapper(model, requests);
        } else {
          wrapperNanos[i] = timeWrapper(model, requests);
          bareNanos[i] = timeBare(bare, inputs);
        }
      }
      double bareMs = median(bareNanos) / 1e6;
      double wrapperMs = median(wrapperNanos) / 1e6;
      // Each round's two calls ran back to back: the median of their ratios cancels slow drifts
      // in background load that the ratio of the two medians still sees.
      long[] ratios = new long[rounds];
      for (int i = 0; i < rounds; i++) {
        ratios[i] = Math.round(1e6 * bareNanos[i] / wrapperNanos[i]);
      }
      System.out.printf(
          "%4d %5d %9.3f %11.3f %12.0f %14.0f %6.3f %11.3f %6d%n",
          b,
          t,
          bareMs,
          wrapperMs,
          b * t / bareMs * 1e3,
          b * t / wrapperMs * 1e3,
          bareMs / wrapperMs,
          median(ratios) / 1e6,
          rounds);
    }
  }

  private static long timeBare(OrtSession bare, Map<String, OnnxTensor> inputs)
      throws OrtException {
    long start = System.nanoTime();
    runBare(bare, inputs);
    return System.nanoTime() - start;
  }

  private static long timeWrapper(OnnxRewardModel model, List<ScoreRequest> requests) {
    long start = System.nanoTime();
    model.score(requests);
    return System.nanoTime() - start;
  }

  private static void runBare(OrtSession bare, Map<String, OnnxTensor> inputs) throws OrtException {
    try (Result result = bare.run(inputs)) {
      if (((OnnxTensor) result.get(0)).getFloatBuffer().get(1) == Float.MIN_VALUE) {
        throw new IllegalStateException("unexpected logit");
      }
    }
  }

  private static double median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static LongBuffer direct(int n) {
    return ByteBuffer.allocateDirect(n * Long.BYTES).order(ByteOrder.nativeOrder()).asLongBuffer();
  }
}

package io.rewardstream.scorer.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.Result;
import ai.onnxruntime.OrtSession.SessionOptions;
import io.rewardstream.scorer.ScoreRequest;
import io.rewardstream.scorer.ScorerConfig;
import io.rewardstream.scorer.Scores;
import io.rewardstream.scorer.onnx.OnnxRewardModel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Bare ONNX Runtime against {@link OnnxRewardModel} on the same B x T inputs: the wrapper's checks,
 * planning, buffer filling and reading should keep at least 0.95 of the bare throughput. The bare
 * side is the cheapest possible caller: its input tensors are built once and reused, so it measures
 * the graph alone. Tokens per second = ops/s x B x T.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class ScorerBenchmark {

  private static final int SEPARATOR = 11;

  /** The benchmark PRM, made by {@code make_fixtures.py --bench-model}. */
  @Param("target/bench-prm")
  public String modelDir;

  @Param({"1", "8", "32"})
  public int batch;

  @Param({"128", "512"})
  public int tokens;

  private OnnxRewardModel model;
  private List<ScoreRequest> requests;
  private OrtSession bare;
  private Map<String, OnnxTensor> bareInputs;

  @Setup(Level.Trial)
  public void setUp() throws OrtException {
    ScorerConfig config =
        ScorerConfig.builder()
            .modelDir(Path.of(modelDir))
            .intraOpThreads(1)
            .maxBatchSize(32)
            .maxBatchTokens(32 * 512)
            .build();
    model = OnnxRewardModel.load(config);
    int vocab = model.metadata().vocabSize();
    Random random = new Random(1);
    requests = new ArrayList<>();
    for (int b = 0; b < batch; b++) {
      int[] ids = random.ints(tokens, 1, vocab).toArray();
      ids[tokens - 1] = SEPARATOR;
      requests.add(ScoreRequest.ofEnd(ids));
    }
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (SessionOptions options = new SessionOptions()) {
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      options.setOptimizationLevel(SessionOptions.OptLevel.ALL_OPT);
      options.addConfigEntry("session.intra_op.allow_spinning", "0");
      options.addConfigEntry("session.inter_op.allow_spinning", "0");
      bare = env.createSession(model.manifest().modelFile().toString(), options);
    }
    LongBuffer ids = direct(batch * tokens);
    LongBuffer mask = direct(batch * tokens);
    LongBuffer positions = direct(batch * tokens);
    for (int b = 0; b < batch; b++) {
      int[] row = requests.get(b).tokenIds();
      for (int t = 0; t < tokens; t++) {
        ids.put(row[t]);
        mask.put(1);
        positions.put(t);
      }
    }
    long[] shape = {batch, tokens};
    bareInputs =
        Map.of(
            "input_ids", OnnxTensor.createTensor(env, ids.rewind(), shape),
            "attention_mask", OnnxTensor.createTensor(env, mask.rewind(), shape),
            "position_ids", OnnxTensor.createTensor(env, positions.rewind(), shape));
  }

  private static LongBuffer direct(int n) {
    return ByteBuffer.allocateDirect(n * Long.BYTES).order(ByteOrder.nativeOrder()).asLongBuffer();
  }

  @Benchmark
  public float bareOnnxRuntime() throws OrtException {
    try (Result result = bare.run(bareInputs)) {
      return ((OnnxTensor) result.get(0)).getFloatBuffer().get(1);
    }
  }

  @Benchmark
  public List<Scores> onnxRewardModel() {
    return model.score(requests);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws OrtException {
    bareInputs.values().forEach(OnnxTensor::close);
    bare.close();
    model.close();
  }
}

package io.rewardstream.scorer.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.Result;
import io.rewardstream.scorer.manifest.ModelManifest;
import io.rewardstream.scorer.onnx.GraphValidator.OutputShape;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Runs one padded sub-batch through the shared session and reads the requested rewards. Inputs are
 * tensors over direct buffers; when the graph fixes the width of every output read, the outputs are
 * pinned to reused direct buffers too, so ONNX Runtime writes where the readers read and nothing is
 * copied. Every tensor and result is closed before returning. With {@link PastKeyValues} (a
 * with-past graph), rows feed only the tokens their cached keys and values do not cover, and leave
 * their new keys and values in the cache.
 */
final class BatchRunner {

  private final OrtEnvironment env;
  private final OrtSession session;
  private final ModelManifest.InputNames inputNames;
  private final int padId;
  private final StepRewardReader reader;
  private final Map<String, OutputShape> shapes;
  private final PastKeyValues past;
  private final boolean pinned;

  /**
   * @param past the cache's side of a with-past graph, or null for a graph without past inputs
   */
  BatchRunner(
      OrtEnvironment env,
      OrtSession session,
      ModelManifest manifest,
      StepRewardReader reader,
      Map<String, OutputShape> shapes,
      PastKeyValues past) {
    this.env = env;
    this.session = session;
    this.inputNames = manifest.inputs();
    this.padId = manifest.padId();
    this.reader = reader;
    this.shapes = Map.copyOf(shapes);
    this.past = past;
    this.pinned = shapes.values().stream().allMatch(s -> s.width() > 0);
  }

  /** The rows, each set to reuse what the past cache holds for it (unchanged without a cache). */
  List<Row> attach(List<Row> rows) {
    return past == null ? rows : past.attach(rows);
  }

  /** Scores the sub-batch into {@code sink}, caching keys and values with a with-past graph. */
  // The pinned branch's Result only needs closing: its outputs are our own buffers.
  @SuppressWarnings("try")
  void run(BatchPlanner.Batch batch, BatchBuffers buffers, ScoreSink sink) throws OrtException {
    int b = batch.rows().size();
    int t = batch.tokens();
    int p = past == null ? 0 : batch.pastTokens();
    buffers.fill(batch, padId, p);
    long[] shape = {b, t};
    try (TensorScope tensors = new TensorScope(env)) {
      Map<String, OnnxTensor> inputs = new HashMap<>();
      inputs.put(inputNames.inputIds(), tensors.add(buffers.ids(b * t), shape));
      inputs.put(
          inputNames.attentionMask(),
          tensors.add(buffers.mask(b * (p + t)), new long[] {b, p + t}));
      if (inputNames.positionIds() != null) {
        inputs.put(inputNames.positionIds(), tensors.add(buffers.positions(b * t), shape));
      }
      if (past != null) {
        past.addInputs(batch, p, buffers, tensors, inputs);
      }
      Map<String, OutputView> views = new HashMap<>();
      if (pinned) {
        Map<String, OnnxTensor> outputs = new HashMap<>();
        for (String name : reader.outputNames()) {
          OutputShape s = shapes.get(name);
          FloatBuffer data = buffers.output(name, outputSize(name, b, t, s.width()));
          long[] outShape = s.rank() == 2 ? shape : new long[] {b, t, s.width()};
          outputs.put(name, tensors.add(data, outShape));
          views.put(name, new OutputView(data, t, s.width()));
        }
        FloatBuffer[] presents =
            past == null ? null : past.pinPresents(b, p, t, buffers, tensors, outputs);
        try (Result ignored = session.run(inputs, outputs)) {
          read(batch, views, sink);
          if (past != null) {
            past.store(batch, p, t, presents);
          }
        }
      } else {
        LinkedHashSet<String> wanted = new LinkedHashSet<>(reader.outputNames());
        if (past != null) {
          wanted.addAll(past.presentNames());
        }
        try (Result result = session.run(inputs, wanted)) {
          for (String name : reader.outputNames()) {
            OnnxTensor out = (OnnxTensor) result.get(name).orElseThrow();
            long[] outShape = out.getInfo().getShape();
            int width = outShape.length == 3 ? (int) outShape[2] : 1;
            views.put(name, new OutputView(out.getFloatBuffer(), t, width));
          }
          read(batch, views, sink);
          if (past != null) {
            past.store(batch, p, t, past.presents(result));
          }
        }
      }
    }
  }

  /** B x T x K, refused past what one direct buffer holds (2 GiB). */
  private static int outputSize(String name, int b, int t, int width) {
    long floats = (long) b * t * width;
    if (floats * Float.BYTES > Integer.MAX_VALUE) {
      throw new IllegalStateException(
          String.format(
              "output '%s' of %d x %d x %d floats exceeds 2 GiB: lower scorer.max-batch-tokens",
              name, b, t, width));
    }
    return (int) floats;
  }

  /**
   * Reads every row's rewards into {@code sink}. Outputs cover the fed tokens only, so a read index
   * is shifted by the row's cached tokens.
   */
  private void read(BatchPlanner.Batch batch, Map<String, OutputView> views, ScoreSink sink) {
    double[] heads = new double[reader.headCount()];
    List<Row> rows = batch.rows();
    for (int r = 0; r < rows.size(); r++) {
      Row row = rows.get(r);
      for (int k = 0; k < row.readIndices().length; k++) {
        double reward = reader.read(views, r, row.readIndices()[k] - row.pastLength(), heads);
        sink.put(row.request(), row.slots()[k], reward, heads);
      }
    }
  }
}

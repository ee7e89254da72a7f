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
 * copied. Every tensor and result is closed before returning.
 */
final class BatchRunner {

  private final OrtEnvironment env;
  private final OrtSession session;
  private final ModelManifest.InputNames inputNames;
  private final int padId;
  private final StepRewardReader reader;
  private final Map<String, OutputShape> shapes;
  private final boolean pinned;

  BatchRunner(
      OrtEnvironment env,
      OrtSession session,
      ModelManifest manifest,
      StepRewardReader reader,
      Map<String, OutputShape> shapes) {
    this.env = env;
    this.session = session;
    this.inputNames = manifest.inputs();
    this.padId = manifest.padId();
    this.reader = reader;
    this.shapes = Map.copyOf(shapes);
    this.pinned = shapes.values().stream().allMatch(s -> s.width() > 0);
  }

  /** Scores the sub-batch into {@code sink}. */
  // The pinned branch's Result only needs closing: its outputs are our own buffers.
  @SuppressWarnings("try")
  void run(BatchPlanner.Batch batch, BatchBuffers buffers, ScoreSink sink) throws OrtException {
    buffers.fill(batch, padId);
    int b = batch.rows().size();
    int t = batch.tokens();
    long[] shape = {b, t};
    try (TensorScope tensors = new TensorScope(env)) {
      Map<String, OnnxTensor> inputs = new HashMap<>();
      inputs.put(inputNames.inputIds(), tensors.add(buffers.ids(b * t), shape));
      inputs.put(inputNames.attentionMask(), tensors.add(buffers.mask(b * t), shape));
      if (inputNames.positionIds() != null) {
        inputs.put(inputNames.positionIds(), tensors.add(buffers.positions(b * t), shape));
      }
      Map<String, OutputView> views = new HashMap<>();
      if (pinned) {
        Map<String, OnnxTensor> outputs = new HashMap<>();
        pinReaderOutputs(reader, shapes, buffers, tensors, b, t, outputs, views);
        try (Result ignored = session.run(inputs, outputs)) {
          read(batch, views, sink);
        }
      } else {
        try (Result result = session.run(inputs, new LinkedHashSet<>(reader.outputNames()))) {
          viewReaderOutputs(reader, result, t, views);
          read(batch, views, sink);
        }
      }
    }
  }

  /**
   * Pins every output the reader reads to a reused direct buffer of {@code buffers}, adding the
   * tensors to {@code outputs} and their views to {@code views}.
   */
  static void pinReaderOutputs(
      StepRewardReader reader,
      Map<String, OutputShape> shapes,
      BatchBuffers buffers,
      TensorScope tensors,
      int b,
      int t,
      Map<String, OnnxTensor> outputs,
      Map<String, OutputView> views)
      throws OrtException {
    for (String name : reader.outputNames()) {
      OutputShape s = shapes.get(name);
      FloatBuffer data = buffers.output(name, outputSize(name, b, t, s.width()));
      long[] outShape = s.rank() == 2 ? new long[] {b, t} : new long[] {b, t, s.width()};
      outputs.put(name, tensors.add(data, outShape));
      views.put(name, new OutputView(data, t, s.width()));
    }
  }

  /** Views over the outputs the reader reads, as ONNX Runtime allocated them in {@code result}. */
  static void viewReaderOutputs(
      StepRewardReader reader, Result result, int t, Map<String, OutputView> views) {
    for (String name : reader.outputNames()) {
      OnnxTensor out = (OnnxTensor) result.get(name).orElseThrow();
      long[] outShape = out.getInfo().getShape();
      int width = outShape.length == 3 ? (int) outShape[2] : 1;
      views.put(name, new OutputView(out.getFloatBuffer(), t, width));
    }
  }

  /** B x T x K, refused past what one direct buffer holds (2 GiB). */
  static int outputSize(String name, int b, int t, int width) {
    long floats = (long) b * t * width;
    if (floats * Float.BYTES > Integer.MAX_VALUE) {
      throw new IllegalStateException(
          String.format(
              "output '%s' of %d x %d x %d floats exceeds 2 GiB: lower scorer.max-batch-tokens",
              name, b, t, width));
    }
    return (int) floats;
  }

  private void read(BatchPlanner.Batch batch, Map<String, OutputView> views, ScoreSink sink) {
    read(reader, batch, views, sink);
  }

  /**
   * Reads every row's rewards into {@code sink}. Outputs cover the fed tokens only, so a read index
   * is shifted by the row's cached tokens.
   */
  static void read(
      StepRewardReader reader,
      BatchPlanner.Batch batch,
      Map<String, OutputView> views,
      ScoreSink sink) {
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

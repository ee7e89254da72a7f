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
 * Runs one sub-batch through a with-past graph: each row feeds only the tokens after the ones its
 * cache entry covers, the entries' keys and values going in as the past. Rows cache different
 * lengths, so the past is padded to the longest and the padding masked; positions count real
 * tokens, so a row's rewards do not depend on its neighbours. Afterwards every row with a cache key
 * stores the keys and values of all its tokens, for the sequence's next request.
 *
 * <p>Why: a sequence is scored again every tau tokens and at each step end, and without a cache
 * every call re-reads the whole prefix. With it, the work per call is the new tokens' (the
 * attention over the cached ones aside).
 */
final class PastBatchRunner {

  private static final float[] ZEROS = new float[4096];

  private final OrtEnvironment env;
  private final OrtSession session;
  private final ModelManifest.InputNames inputNames;
  private final int padId;
  private final StepRewardReader reader;
  private final Map<String, OutputShape> shapes;
  private final PastLayout layout;
  private final PastCache cache;
  private final boolean pinned;

  PastBatchRunner(
      OrtEnvironment env,
      OrtSession session,
      ModelManifest manifest,
      StepRewardReader reader,
      Map<String, OutputShape> shapes,
      PastLayout layout,
      PastCache cache) {
    this.env = env;
    this.session = session;
    this.inputNames = manifest.inputs();
    this.padId = manifest.padId();
    this.reader = reader;
    this.shapes = Map.copyOf(shapes);
    this.layout = layout;
    this.cache = cache;
    this.pinned = shapes.values().stream().allMatch(s -> s.width() > 0);
  }

  /** Rows with a cache key, each set to reuse what the cache holds for its tokens. */
  List<Row> attach(List<Row> rows) {
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      if (row.cacheKey() == null) {
        continue;
      }
      // Outputs come only for fed tokens, so every read must be fed: reuse at most up to the first.
      int firstRead = Integer.MAX_VALUE;
      for (int read : row.readIndices()) {
        firstRead = Math.min(firstRead, read);
      }
      PastCache.Lookup hit = cache.lookup(row.cacheKey(), row.tokens(), firstRead);
      if (hit.length() > 0) {
        rows.set(i, row.withPast(hit.entry(), hit.length()));
      }
    }
    return rows;
  }

  /** Scores the sub-batch into {@code sink} and caches the keyed rows' keys and values. */
  // The pinned branch's Result only needs closing: its outputs are our own buffers.
  @SuppressWarnings("try")
  void run(BatchPlanner.Batch batch, BatchBuffers buffers, ScoreSink sink) throws OrtException {
    int b = batch.rows().size();
    int t = batch.tokens();
    int p = batch.pastTokens();
    buffers.fillWithPast(batch, padId, p);
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
      long[] pastShape = {b, layout.heads(), p, layout.headDim()};
      for (int i = 0; i < layout.pastInputs().size(); i++) {
        String name = layout.pastInputs().get(i);
        FloatBuffer past = buffers.output(name, kvSize(b, p));
        fillPast(batch, i, p, past);
        inputs.put(name, tensors.add(past, pastShape));
      }
      Map<String, OutputView> views = new HashMap<>();
      FloatBuffer[] presents = new FloatBuffer[layout.presentOutputs().size()];
      if (pinned) {
        Map<String, OnnxTensor> outputs = new HashMap<>();
        BatchRunner.pinReaderOutputs(reader, shapes, buffers, tensors, b, t, outputs, views);
        long[] presentShape = {b, layout.heads(), p + t, layout.headDim()};
        for (int i = 0; i < presents.length; i++) {
          String name = layout.presentOutputs().get(i);
          presents[i] = buffers.output(name, kvSize(b, p + t));
          outputs.put(name, tensors.add(presents[i], presentShape));
        }
        try (Result ignored = session.run(inputs, outputs)) {
          BatchRunner.read(reader, batch, views, sink);
          store(batch, p, t, presents);
        }
      } else {
        LinkedHashSet<String> wanted = new LinkedHashSet<>(reader.outputNames());
        wanted.addAll(layout.presentOutputs());
        try (Result result = session.run(inputs, wanted)) {
          BatchRunner.viewReaderOutputs(reader, result, t, views);
          BatchRunner.read(reader, batch, views, sink);
          for (int i = 0; i < presents.length; i++) {
            String name = layout.presentOutputs().get(i);
            presents[i] = ((OnnxTensor) result.get(name).orElseThrow()).getFloatBuffer();
          }
          store(batch, p, t, presents);
        }
      }
    }
  }

  /** Floats of one key or value tensor of {@code b} rows and {@code s} tokens. */
  private int kvSize(int b, int s) {
    long floats = (long) b * layout.heads() * s * layout.headDim();
    if (floats * Float.BYTES > Integer.MAX_VALUE) {
      throw new IllegalStateException(
          "a key/value tensor of " + floats + " floats exceeds 2 GiB: lower scorer.max-batch-size");
    }
    return (int) floats;
  }

  /** Past input {@code input} of the sub-batch: each row's cached tokens, zeros after them. */
  private void fillPast(BatchPlanner.Batch batch, int input, int p, FloatBuffer past) {
    int heads = layout.heads();
    int dim = layout.headDim();
    int at = 0;
    for (Row row : batch.rows()) {
      int cached = row.pastLength();
      PastCache.Entry entry = row.past();
      int entryTokens = entry == null ? 0 : entry.length();
      for (int h = 0; h < heads; h++) {
        if (cached > 0) {
          int from = (input * heads + h) * entryTokens * dim;
          past.put(at, entry.data(), from, cached * dim);
        }
        for (int j = at + cached * dim, end = at + p * dim; j < end; j += ZEROS.length) {
          past.put(j, ZEROS, 0, Math.min(ZEROS.length, end - j));
        }
        at += p * dim;
      }
    }
  }

  /** Caches, for each keyed row, the keys and values of all its tokens from the presents. */
  private void store(BatchPlanner.Batch batch, int p, int t, FloatBuffer[] presents) {
    int heads = layout.heads();
    int dim = layout.headDim();
    List<Row> rows = batch.rows();
    for (int r = 0; r < rows.size(); r++) {
      Row row = rows.get(r);
      if (row.cacheKey() == null) {
        continue;
      }
      int cached = row.pastLength();
      int fed = row.length();
      int total = cached + fed;
      float[] data = new float[presents.length * heads * total * dim];
      for (int i = 0; i < presents.length; i++) {
        for (int h = 0; h < heads; h++) {
          int src = ((r * heads + h) * (p + t)) * dim;
          int dst = (i * heads + h) * total * dim;
          presents[i].get(src, data, dst, cached * dim);
          presents[i].get(src + p * dim, data, dst + cached * dim, fed * dim);
        }
      }
      cache.put(row.cacheKey(), new PastCache.Entry(row.tokens().clone(), data));
    }
  }
}

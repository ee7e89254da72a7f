package io.rewardstream.scorer.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession.Result;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;

/**
 * The cached keys and values going into and coming out of a with-past graph's calls (see {@link
 * BatchRunner}): each row feeds only the tokens after the ones its cache entry covers, the entries'
 * keys and values going in as the past. Rows cache different lengths, so the past is padded to the
 * longest and the padding masked. Afterwards every row with a cache key stores the keys and values
 * of all its tokens, for the sequence's next request.
 *
 * <p>Why: a sequence is scored again every tau tokens and at each step end, and without a cache
 * every call re-reads the whole prefix. With it, the work per call is the new tokens' (the
 * attention over the cached ones aside).
 */
final class PastKeyValues {

  private static final float[] ZEROS = new float[4096];

  private final PastLayout layout;
  private final PastCache cache;

  PastKeyValues(PastLayout layout, PastCache cache) {
    this.layout = layout;
    this.cache = cache;
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

  /** Adds a past input per key and value: each row's cached tokens, then zeros up to {@code p}. */
  void addInputs(
      BatchPlanner.Batch batch,
      int p,
      BatchBuffers buffers,
      TensorScope tensors,
      Map<String, OnnxTensor> inputs)
      throws OrtException {
    int b = batch.rows().size();
    long[] pastShape = {b, layout.heads(), p, layout.headDim()};
    for (int i = 0; i < layout.pastInputs().size(); i++) {
      String name = layout.pastInputs().get(i);
      FloatBuffer past = buffers.output(name, kvSize(b, p));
      fillPast(batch, i, p, past);
      inputs.put(name, tensors.add(past, pastShape));
    }
  }

  /** Pins the present outputs to reused buffers, adding them to {@code outputs}. */
  FloatBuffer[] pinPresents(
      int b,
      int p,
      int t,
      BatchBuffers buffers,
      TensorScope tensors,
      Map<String, OnnxTensor> outputs)
      throws OrtException {
    FloatBuffer[] presents = new FloatBuffer[layout.presentOutputs().size()];
    long[] presentShape = {b, layout.heads(), p + t, layout.headDim()};
    for (int i = 0; i < presents.length; i++) {
      String name = layout.presentOutputs().get(i);
      presents[i] = buffers.output(name, kvSize(b, p + t));
      outputs.put(name, tensors.add(presents[i], presentShape));
    }
    return presents;
  }

  /** The present outputs' names, to ask ONNX Runtime for when outputs are not pinned. */
  List<String> presentNames() {
    return layout.presentOutputs();
  }

  /** The present outputs as ONNX Runtime allocated them in {@code result}. */
  FloatBuffer[] presents(Result result) {
    FloatBuffer[] presents = new FloatBuffer[layout.presentOutputs().size()];
    for (int i = 0; i < presents.length; i++) {
      String name = layout.presentOutputs().get(i);
      presents[i] = ((OnnxTensor) result.get(name).orElseThrow()).getFloatBuffer();
    }
    return presents;
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
      for (int h = 0; h < heads; h++) {
        if (cached > 0) {
          row.past().read(input * heads + h, cached, past, at);
        }
        for (int j = at + cached * dim, end = at + p * dim; j < end; j += ZEROS.length) {
          past.put(j, ZEROS, 0, Math.min(ZEROS.length, end - j));
        }
        at += p * dim;
      }
    }
  }

  /**
   * Caches, for each keyed row, the keys and values of all its tokens: the cached ones are already
   * in the row's entry, so only the fed ones are copied from the presents, behind them.
   */
  void store(BatchPlanner.Batch batch, int p, int t, FloatBuffer[] presents) {
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
      PastEntry entry =
          row.past() == null
              ? cache.newEntry(row.tokens(), presents.length * heads, dim)
              : row.past().extend(row.tokens(), cached);
      for (int i = 0; i < presents.length; i++) {
        for (int h = 0; h < heads; h++) {
          int src = ((r * heads + h) * (p + t) + p) * dim;
          entry.write(i * heads + h, cached, fed, presents[i], src);
        }
      }
      cache.put(row.cacheKey(), entry);
    }
  }
}

package io.rewardstream.scorer.onnx;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The keys and values of a sequence's first {@link #length()} tokens, as the graph returned them
 * for those tokens scored alone.
 *
 * <p>They are kept in blocks of {@link #BLOCK_TOKENS} tokens, each block holding every (past input,
 * head) plane for its tokens. The sequence's next call writes only its new tokens, into the last
 * block's free room and new blocks, and publishes a longer entry over the same blocks, instead of
 * copying every token's keys and values once per call (which took a sixth of the scorer thread's
 * time and most of its garbage). Blocks waste less than one block per entry, so the budget holds
 * nearly as many sequences as exact arrays would. A position, once written, is never written again:
 * only the call that moves the chain's {@code written} mark past it may write it, so an entry
 * handed out stays valid whatever is appended after it.
 */
final class PastEntry {
  /** Tokens per block of keys and values. */
  static final int BLOCK_TOKENS = 16;

  private final int[] tokens;
  final float[][] blocks;
  private final AtomicInteger written;
  final Lineage lineage;
  private final int planes;
  private final int dim;

  private PastEntry(
      int[] tokens, float[][] blocks, AtomicInteger written, Lineage lineage, int planes, int dim) {
    this.tokens = tokens;
    this.blocks = blocks;
    this.written = written;
    this.lineage = lineage;
    this.planes = planes;
    this.dim = dim;
  }

  /**
   * An entry for {@code tokens}, of {@code planes} (past input, head) planes of {@code dim} floats
   * per token, whose keys and values the caller then writes ({@link #write}); its blocks are new
   * (see {@link PastCache#newEntry} for pooled ones).
   */
  static PastEntry of(int[] tokens, int planes, int dim) {
    return of(tokens, planes, dim, null);
  }

  static PastEntry of(int[] tokens, int planes, int dim, BlockPool pool) {
    float[][] blocks = new float[blocksFor(tokens.length)][];
    PastEntry entry =
        new PastEntry(
            tokens.clone(),
            blocks,
            new AtomicInteger(tokens.length),
            new Lineage(pool),
            planes,
            dim);
    entry.allocate(0);
    return entry;
  }

  /**
   * An entry for {@code tokens}, which agree with this entry's first {@code reused} tokens, with
   * those tokens' keys and values in place: the caller writes the rest. It shares this entry's
   * blocks when it ends at {@code reused} and nothing was appended since; otherwise it shares the
   * blocks that {@code reused} fills and copies the one it ends inside.
   */
  PastEntry extend(int[] tokens, int reused) {
    int count = blocksFor(tokens.length);
    if (reused == length() && written.compareAndSet(reused, tokens.length)) {
      PastEntry longer =
          new PastEntry(
              tokens.clone(), Arrays.copyOf(blocks, count), written, lineage, planes, dim);
      longer.allocate(blocks.length);
      return longer;
    }
    int full = reused / BLOCK_TOKENS;
    float[][] shared = new float[count][];
    System.arraycopy(blocks, 0, shared, 0, full);
    PastEntry copy =
        new PastEntry(
            tokens.clone(), shared, new AtomicInteger(tokens.length), lineage, planes, dim);
    copy.allocate(full);
    int partial = reused - full * BLOCK_TOKENS;
    if (partial > 0) {
      for (int plane = 0; plane < planes; plane++) {
        int at = plane * BLOCK_TOKENS * dim;
        System.arraycopy(blocks[full], at, shared[full], at, partial * dim);
      }
    }
    return copy;
  }

  int length() {
    return tokens.length;
  }

  /** The token ids the entry covers. */
  int[] tokens() {
    return tokens;
  }

  /** Puts tokens {@code [0, count)} of {@code plane} into {@code target} from {@code at}. */
  void read(int plane, int count, FloatBuffer target, int at) {
    for (int from = 0; from < count; from += BLOCK_TOKENS) {
      int n = Math.min(BLOCK_TOKENS, count - from);
      target.put(at + from * dim, blocks[from / BLOCK_TOKENS], plane * BLOCK_TOKENS * dim, n * dim);
    }
  }

  /**
   * Takes tokens {@code [from, from + count)} of {@code plane} from {@code source}, where they
   * start at {@code at}.
   */
  void write(int plane, int from, int count, FloatBuffer source, int at) {
    for (int token = from, end = from + count; token < end; ) {
      int inBlock = token % BLOCK_TOKENS;
      int n = Math.min(BLOCK_TOKENS - inBlock, end - token);
      source.get(
          at + (token - from) * dim,
          blocks[token / BLOCK_TOKENS],
          (plane * BLOCK_TOKENS + inBlock) * dim,
          n * dim);
      token += n;
    }
  }

  long bytes() {
    return (long) blocks.length * BLOCK_TOKENS * planes * dim * Float.BYTES
        + (long) tokens.length * Integer.BYTES
        + 64;
  }

  private void allocate(int fromBlock) {
    int floats = BLOCK_TOKENS * planes * dim;
    for (int b = fromBlock; b < blocks.length; b++) {
      blocks[b] = lineage.pool == null ? new float[floats] : lineage.pool.take(floats);
    }
  }

  private static int blocksFor(int tokens) {
    return (tokens + BLOCK_TOKENS - 1) / BLOCK_TOKENS;
  }

  /**
   * What the entries derived from one {@link #of} share: the blocks come from, and go back to, one
   * pool, and once one of them left the cache (removed or evicted, its blocks given back) none of
   * them may be stored again, since they may share the blocks given back.
   */
  static final class Lineage {
    final BlockPool pool;
    boolean retired;

    Lineage(BlockPool pool) {
      this.pool = pool;
    }
  }
}

package io.rewardstream.scorer.onnx;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The keys and values a with-past graph computed for each sequence's latest scored tokens, so the
 * next request of the sequence feeds only its new tokens. Bounded by bytes, least recently used
 * entry evicted first; thread-safe (what an entry covers is never written again, the map is guarded
 * by the cache's lock).
 *
 * <p>An entry is only ever reused as far as its tokens agree with the request's, so a stale,
 * evicted or foreign entry costs recomputation, never a wrong reward: the key only says where to
 * look.
 */
final class PastCache {

  /** Tokens per block of keys and values. */
  static final int BLOCK_TOKENS = 16;

  /**
   * The keys and values of a sequence's first {@link #length()} tokens, as the graph returned them
   * for those tokens scored alone.
   *
   * <p>They are kept in blocks of {@link #BLOCK_TOKENS} tokens, each block holding every (past
   * input, head) plane for its tokens. The sequence's next call writes only its new tokens, into
   * the last block's free room and new blocks, and publishes a longer entry over the same blocks,
   * instead of copying every token's keys and values once per call (which took a sixth of the
   * scorer thread's time and most of its garbage). Blocks waste less than one block per entry, so
   * the budget holds nearly as many sequences as exact arrays would. A position, once written, is
   * never written again: only the call that moves the chain's {@code written} mark past it may
   * write it, so an entry handed out stays valid whatever is appended after it.
   */
  static final class Entry {
    private final int[] tokens;
    private final float[][] blocks;
    private final AtomicInteger written;
    private final Lineage lineage;
    private final int planes;
    private final int dim;

    private Entry(
        int[] tokens,
        float[][] blocks,
        AtomicInteger written,
        Lineage lineage,
        int planes,
        int dim) {
      this.tokens = tokens;
      this.blocks = blocks;
      this.written = written;
      this.lineage = lineage;
      this.planes = planes;
      this.dim = dim;
    }

    /**
     * An entry for {@code tokens}, of {@code planes} (past input, head) planes of {@code dim}
     * floats per token, whose keys and values the caller then writes ({@link #write}); its blocks
     * are new (see {@link PastCache#newEntry} for pooled ones).
     */
    static Entry of(int[] tokens, int planes, int dim) {
      return of(tokens, planes, dim, null);
    }

    private static Entry of(int[] tokens, int planes, int dim, BlockPool pool) {
      float[][] blocks = new float[blocksFor(tokens.length)][];
      Entry entry =
          new Entry(
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
    Entry extend(int[] tokens, int reused) {
      int count = blocksFor(tokens.length);
      if (reused == length() && written.compareAndSet(reused, tokens.length)) {
        Entry longer =
            new Entry(tokens.clone(), Arrays.copyOf(blocks, count), written, lineage, planes, dim);
        longer.allocate(blocks.length);
        return longer;
      }
      int full = reused / BLOCK_TOKENS;
      float[][] shared = new float[count][];
      System.arraycopy(blocks, 0, shared, 0, full);
      Entry copy =
          new Entry(tokens.clone(), shared, new AtomicInteger(tokens.length), lineage, planes, dim);
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
        target.put(
            at + from * dim, blocks[from / BLOCK_TOKENS], plane * BLOCK_TOKENS * dim, n * dim);
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
  }

  /**
   * What the entries derived from one {@link Entry#of} share: the blocks come from, and go back to,
   * one pool, and once one of them left the cache (removed or evicted, its blocks given back) none
   * of them may be stored again, since they may share the blocks given back.
   */
  private static final class Lineage {
    private final BlockPool pool;
    private boolean retired;

    Lineage(BlockPool pool) {
      this.pool = pool;
    }
  }

  private final long budgetBytes;
  private final BlockPool pool = new BlockPool();
  private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(256, 0.75f, true);
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder reusedTokens = new LongAdder();
  private final LongAdder evictions = new LongAdder();
  private long bytes;

  PastCache(long budgetBytes) {
    this.budgetBytes = budgetBytes;
  }

  /**
   * An entry for {@code tokens} ({@link Entry#of}) whose blocks come from this cache's spares, and
   * go back to them when it leaves the cache.
   */
  Entry newEntry(int[] tokens, int planes, int dim) {
    return Entry.of(tokens, planes, dim, pool);
  }

  /**
   * Notes a batch that looks entries up and reads their blocks from now on: blocks given back
   * meanwhile are not reused before it {@linkplain #end ends}. Returns its ticket.
   */
  long begin() {
    return pool.begin();
  }

  /** The batch of {@code ticket} is done with the entries it looked up. */
  void end(long ticket) {
    pool.end(ticket);
  }

  /** How many spare blocks are held for new entries (or wait for running batches to end). */
  int spareBlocks() {
    return pool.size();
  }

  /**
   * How many leading tokens of {@code fed} the entry under {@code key} covers, at most {@code
   * limit}; 0 when there is no entry or it disagrees from the first token. Counts a hit or a miss.
   */
  Lookup lookup(String key, int[] fed, int limit) {
    Entry entry;
    synchronized (this) {
      entry = entries.get(key);
    }
    int usable = entry == null ? 0 : agreeing(entry, fed, limit);
    if (usable == 0) {
      misses.increment();
      return Lookup.MISS;
    }
    hits.increment();
    reusedTokens.add(usable);
    return new Lookup(entry, usable);
  }

  /**
   * Stores {@code entry} under {@code key}, replacing what was there; evicts down to the budget.
   */
  synchronized void put(String key, Entry entry) {
    if (entry.lineage.retired) {
      // Derived from an entry that left the cache while its batch ran: it may share blocks that
      // were given back, so it is dropped (the sequence was forgotten, or is recomputed).
      return;
    }
    if (entry.bytes() > budgetBytes) {
      remove(key);
      return;
    }
    Entry old = entries.put(key, entry);
    bytes += entry.bytes() - (old == null ? 0 : old.bytes());
    Iterator<Map.Entry<String, Entry>> eldest = entries.entrySet().iterator();
    while (bytes > budgetBytes && eldest.hasNext()) {
      Map.Entry<String, Entry> e = eldest.next();
      if (e.getKey().equals(key)) {
        continue;
      }
      eldest.remove();
      release(e.getValue());
      evictions.increment();
    }
  }

  synchronized void remove(String key) {
    Entry old = entries.remove(key);
    if (old != null) {
      release(old);
    }
  }

  /** Takes an entry that left the map off the budget and gives its blocks back. */
  private void release(Entry entry) {
    bytes -= entry.bytes();
    entry.lineage.retired = true;
    // The spares and the entries together stay inside the budget.
    pool.retire(entry.blocks, budgetBytes - bytes);
  }

  synchronized PastCacheStats stats() {
    return new PastCacheStats(
        entries.size(),
        bytes,
        pool.bytes(),
        hits.sum(),
        misses.sum(),
        reusedTokens.sum(),
        evictions.sum());
  }

  private static int agreeing(Entry entry, int[] fed, int limit) {
    int[] cached = entry.tokens();
    int n = Math.min(Math.min(cached.length, fed.length), limit);
    for (int i = 0; i < n; i++) {
      if (cached[i] != fed[i]) {
        return i;
      }
    }
    return n;
  }

  /**
   * An entry and how many of its leading tokens a row reuses.
   *
   * @param entry the entry, null for a miss
   * @param length tokens reused, 0 for a miss
   */
  record Lookup(Entry entry, int length) {
    static final Lookup MISS = new Lookup(null, 0);
  }
}

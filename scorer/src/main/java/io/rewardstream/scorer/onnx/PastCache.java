package io.rewardstream.scorer.onnx;

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

  /**
   * The keys and values of a sequence's first {@link #length()} tokens, as the graph returned them
   * for those tokens scored alone.
   *
   * <p>An entry is a view of the first {@code length} tokens of a {@link Slab}. The slab has room
   * for more: the sequence's next call writes only its new tokens behind the entry's and publishes
   * a longer view of the same slab, instead of copying every token's keys and values once per call
   * (which took a sixth of the scorer thread's time and most of its garbage). A slab position, once
   * written, is never written again, so an entry handed out stays valid whatever is appended.
   */
  static final class Entry {
    private final Slab slab;
    private final int length;

    private Entry(Slab slab, int length) {
      this.slab = slab;
      this.length = length;
    }

    /**
     * An entry for {@code tokens} whose keys and values the caller writes into {@link #data()}:
     * {@code planes} (past input, head) pairs of {@code dim} floats per token, room for {@code
     * capacity} tokens.
     */
    static Entry of(int[] tokens, int planes, int dim, int capacity) {
      Slab slab = new Slab(capacity, planes, dim);
      System.arraycopy(tokens, 0, slab.tokens, 0, tokens.length);
      slab.written.set(tokens.length);
      return new Entry(slab, tokens.length);
    }

    /**
     * An entry for {@code tokens}, which agree with this entry's first {@code reused} tokens, with
     * those tokens' keys and values in place: the caller writes the rest. It is this entry's slab
     * when this entry ends at {@code reused}, nothing was appended to the slab since, and the slab
     * has room; a new slab with the reused keys and values copied otherwise.
     */
    Entry extend(int[] tokens, int reused) {
      int total = tokens.length;
      if (reused == length && total <= slab.capacity && slab.written.compareAndSet(reused, total)) {
        System.arraycopy(tokens, reused, slab.tokens, reused, total - reused);
        return new Entry(slab, total);
      }
      Entry grown = of(tokens, slab.planes, slab.dim, capacityFor(total));
      for (int plane = 0; plane < slab.planes; plane++) {
        System.arraycopy(
            slab.data,
            plane * slab.capacity * slab.dim,
            grown.slab.data,
            plane * grown.slab.capacity * slab.dim,
            reused * slab.dim);
      }
      return grown;
    }

    int length() {
      return length;
    }

    /** The token ids, valid up to {@link #length()}. */
    int[] tokens() {
      return slab.tokens;
    }

    /**
     * Every past input in graph order, each {@code [heads, capacity, headDim]}, one after the other
     * (plane after plane); valid up to {@link #length()} on the token axis.
     */
    float[] data() {
      return slab.data;
    }

    /** The token axis of {@link #data()}. */
    int capacity() {
      return slab.capacity;
    }

    long bytes() {
      return slab.bytes();
    }
  }

  /** Room for some tokens' keys and values, to be filled in order by one sequence's calls. */
  private static final class Slab {
    final int capacity;
    final int planes;
    final int dim;
    final int[] tokens;
    final float[] data;

    /** Tokens written so far; only a call that moves it on may write the positions it covers. */
    final AtomicInteger written = new AtomicInteger();

    Slab(int capacity, int planes, int dim) {
      this.capacity = capacity;
      this.planes = planes;
      this.dim = dim;
      this.tokens = new int[capacity];
      this.data = new float[Math.multiplyExact(capacity, planes * dim)];
    }

    long bytes() {
      return (long) data.length * Float.BYTES + (long) tokens.length * Integer.BYTES + 64;
    }
  }

  /**
   * Room for a sequence of {@code tokens} and the calls that follow: a quarter more, at least 32
   * tokens (a step or two). The budget counts the room, so more would cache fewer sequences; less
   * would copy a long sequence's keys and values again every few calls.
   */
  static int capacityFor(int tokens) {
    return tokens + Math.max(32, tokens / 4);
  }

  private final long budgetBytes;
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
      bytes -= e.getValue().bytes();
      eldest.remove();
      evictions.increment();
    }
  }

  synchronized void remove(String key) {
    Entry old = entries.remove(key);
    if (old != null) {
      bytes -= old.bytes();
    }
  }

  synchronized PastCacheStats stats() {
    return new PastCacheStats(
        entries.size(), bytes, hits.sum(), misses.sum(), reusedTokens.sum(), evictions.sum());
  }

  private static int agreeing(Entry entry, int[] fed, int limit) {
    int[] cached = entry.tokens();
    int n = Math.min(Math.min(entry.length(), fed.length), limit);
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

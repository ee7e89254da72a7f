package io.rewardstream.scorer.onnx;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The keys and values a with-past graph computed for each sequence's latest scored tokens, so the
 * next request of the sequence feeds only its new tokens. Bounded by bytes, least recently used
 * entry evicted first; thread-safe (entries are immutable, the map is guarded by the cache's lock).
 *
 * <p>An entry is only ever reused as far as its tokens agree with the request's, so a stale,
 * evicted or foreign entry costs recomputation, never a wrong reward: the key only says where to
 * look.
 */
final class PastCache {

  /**
   * The keys and values of {@code tokens}, as the graph returned them for those tokens scored
   * alone.
   *
   * @param tokens the token ids the entry covers, {@code P} of them
   * @param data every past input in graph order, each {@code [heads, P, headDim]}, one after the
   *     other
   */
  record Entry(int[] tokens, float[] data) {

    int length() {
      return tokens.length;
    }

    long bytes() {
      return (long) data.length * Float.BYTES + (long) tokens.length * Integer.BYTES + 64;
    }
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
    int usable = entry == null ? 0 : agreeing(entry.tokens(), fed, limit);
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

  private static int agreeing(int[] cached, int[] fed, int limit) {
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

package io.rewardstream.scorer.onnx;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
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

  private final long budgetBytes;
  private final BlockPool pool = new BlockPool();
  private final LinkedHashMap<String, PastEntry> entries = new LinkedHashMap<>(256, 0.75f, true);
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder reusedTokens = new LongAdder();
  private final LongAdder evictions = new LongAdder();
  private long bytes;

  PastCache(long budgetBytes) {
    this.budgetBytes = budgetBytes;
  }

  /**
   * An entry for {@code tokens} ({@link PastEntry#of}) whose blocks come from this cache's spares,
   * and go back to them when it leaves the cache.
   */
  PastEntry newEntry(int[] tokens, int planes, int dim) {
    return PastEntry.of(tokens, planes, dim, pool);
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
    PastEntry entry;
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
  synchronized void put(String key, PastEntry entry) {
    if (entry.lineage.retired) {
      // Derived from an entry that left the cache while its batch ran: it may share blocks that
      // were given back, so it is dropped (the sequence was forgotten, or is recomputed).
      return;
    }
    if (entry.bytes() > budgetBytes) {
      remove(key);
      return;
    }
    PastEntry old = entries.put(key, entry);
    bytes += entry.bytes() - (old == null ? 0 : old.bytes());
    Iterator<Map.Entry<String, PastEntry>> eldest = entries.entrySet().iterator();
    while (bytes > budgetBytes && eldest.hasNext()) {
      Map.Entry<String, PastEntry> e = eldest.next();
      if (e.getKey().equals(key)) {
        continue;
      }
      eldest.remove();
      release(e.getValue());
      evictions.increment();
    }
  }

  synchronized void remove(String key) {
    PastEntry old = entries.remove(key);
    if (old != null) {
      release(old);
    }
  }

  /** Takes an entry that left the map off the budget and gives its blocks back. */
  private void release(PastEntry entry) {
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

  private static int agreeing(PastEntry entry, int[] fed, int limit) {
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
  record Lookup(PastEntry entry, int length) {
    static final Lookup MISS = new Lookup(null, 0);
  }
}

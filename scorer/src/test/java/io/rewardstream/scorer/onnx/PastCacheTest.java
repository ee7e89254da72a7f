package io.rewardstream.scorer.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The past cache's bookkeeping: agreement with the fed tokens, the byte budget, forgetting. */
class PastCacheTest {

  private static PastEntry entry(int tokens, int dim) {
    return PastEntry.of(ids(tokens), 1, dim);
  }

  private static int[] ids(int n) {
    int[] ids = new int[n];
    for (int i = 0; i < n; i++) {
      ids[i] = i + 1;
    }
    return ids;
  }

  /** 2 planes x 3 floats per token; each token's floats say plane * 1000 + position. */
  private static PastEntry numbered(int[] tokens) {
    PastEntry entry = PastEntry.of(tokens, 2, 3);
    fill(entry, 0, tokens.length);
    return entry;
  }

  /** A {@link #numbered} entry of the cache's own blocks for tokens 1..n, stored under key. */
  private static void cacheNumbered(PastCache cache, String key, int n) {
    PastEntry entry = cache.newEntry(ids(n), 2, 3);
    fill(entry, 0, n);
    cache.put(key, entry);
  }

  private static void fill(PastEntry entry, int from, int to) {
    for (int plane = 0; plane < 2; plane++) {
      FloatBuffer source = FloatBuffer.allocate((to - from) * 3);
      for (int token = from; token < to; token++) {
        for (int d = 0; d < 3; d++) {
          source.put(plane * 1000 + token);
        }
      }
      entry.write(plane, from, to - from, source, 0);
    }
  }

  /** What the entry gives for {@code count} tokens of {@code plane}, one float per token. */
  private static List<Float> read(PastEntry entry, int plane, int count) {
    FloatBuffer target = FloatBuffer.allocate(count * 3);
    entry.read(plane, count, target, 0);
    List<Float> firsts = new ArrayList<>();
    for (int token = 0; token < count; token++) {
      firsts.add(target.get(token * 3));
    }
    return firsts;
  }

  private static List<Float> expected(int plane, int count) {
    List<Float> values = new ArrayList<>();
    for (int token = 0; token < count; token++) {
      values.add((float) (plane * 1000 + token));
    }
    return values;
  }

  @Test
  void shouldReuseTokensOnlyAsFarAsTheyAgreeAndNotPastTheLimit() {
    PastCache cache = new PastCache(1 << 20);
    cache.put("a", entry(10, 100));

    assertThat(cache.lookup("a", new int[] {1, 2, 3, 4, 9, 9}, 100).length()).isEqualTo(4);
    assertThat(cache.lookup("a", new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 100).length())
        .isEqualTo(10);
    assertThat(cache.lookup("a", new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 6).length())
        .isEqualTo(6);
    assertThat(cache.lookup("a", new int[] {7, 2, 3}, 100).entry()).isNull();
    assertThat(cache.lookup("b", new int[] {1, 2, 3}, 100).entry()).isNull();

    PastCacheStats stats = cache.stats();
    assertThat(stats.hits()).isEqualTo(3);
    assertThat(stats.misses()).isEqualTo(2);
    assertThat(stats.reusedTokens()).isEqualTo(20);
  }

  @Test
  void shouldEvictTheLeastRecentlyUsedEntryToStayInsideTheBudget() {
    long one = entry(10, 1000).bytes();
    PastCache cache = new PastCache(2 * one + one / 2);
    cache.put("a", entry(10, 1000));
    cache.put("b", entry(10, 1000));
    cache.lookup("a", new int[] {1}, 1); // a is now the more recently used
    cache.put("c", entry(10, 1000));

    assertThat(cache.lookup("b", new int[] {1}, 1).entry()).isNull();
    assertThat(cache.lookup("a", new int[] {1}, 1).entry()).isNotNull();
    assertThat(cache.lookup("c", new int[] {1}, 1).entry()).isNotNull();
    assertThat(cache.stats().entries()).isEqualTo(2);
    assertThat(cache.stats().bytes()).isEqualTo(2 * one);
    assertThat(cache.stats().evictions()).isEqualTo(1);
  }

  @Test
  void shouldNotKeepAnEntryLargerThanTheBudget() {
    PastCache cache = new PastCache(1000);
    cache.put("a", entry(2, 10));
    cache.put("a", entry(10, 1000));

    assertThat(cache.lookup("a", new int[] {1}, 1).entry()).isNull();
    assertThat(cache.stats().bytes()).isZero();
  }

  @Test
  void shouldAppendBehindTheWholeEntryAcrossBlocks() {
    PastEntry first = numbered(ids(10));

    PastEntry longer = first.extend(ids(40), 10);
    fill(longer, 10, 40);

    assertThat(longer.length()).isEqualTo(40);
    assertThat(first.length()).isEqualTo(10);
    assertThat(read(longer, 1, 40)).isEqualTo(expected(1, 40));
    assertThat(read(first, 0, 10)).isEqualTo(expected(0, 10));
    assertThat(longer.bytes()).isLessThan(3 * first.bytes());
  }

  @Test
  void shouldNotLetASecondExtensionOverwriteWhatTheFirstAppended() {
    PastEntry first = numbered(ids(20));
    PastEntry appended = first.extend(ids(24), 20);
    fill(appended, 20, 24);

    // The same entry extended again with other tokens: it must copy, not write into token 20.
    int[] other = ids(24);
    other[20] = 99;
    PastEntry sibling = first.extend(other, 20);
    FloatBuffer nines = FloatBuffer.allocate(4 * 3);
    for (int i = 0; i < 12; i++) {
      nines.put(9f);
    }
    for (int plane = 0; plane < 2; plane++) {
      nines.rewind();
      sibling.write(plane, 20, 4, nines, 0);
    }

    assertThat(read(appended, 1, 24)).isEqualTo(expected(1, 24));
    assertThat(read(sibling, 1, 20)).isEqualTo(expected(1, 20));
    assertThat(read(sibling, 1, 24).get(20)).isEqualTo(9f);
  }

  @Test
  void shouldCopyOnlyTheReusedPrefixWhenTokensDiverge() {
    PastEntry first = numbered(ids(40));
    int[] diverging = ids(45);
    diverging[35] = 77;

    PastEntry copy = first.extend(diverging, 35);
    fill(copy, 35, 45);

    assertThat(read(copy, 0, 45)).isEqualTo(expected(0, 45));
    assertThat(read(first, 1, 40)).isEqualTo(expected(1, 40));
    assertThat(copy.tokens()[35]).isEqualTo(77);
    assertThat(first.tokens()[35]).isEqualTo(36);
  }

  @Test
  void shouldForgetAKey() {
    PastCache cache = new PastCache(1 << 20);
    cache.put("a", entry(10, 100));
    cache.remove("a");

    assertThat(cache.lookup("a", new int[] {1}, 1).entry()).isNull();
    assertThat(cache.stats().entries()).isZero();
    assertThat(cache.stats().bytes()).isZero();
  }

  @Test
  void shouldHandARemovedEntrysBlocksToTheNextEntry() {
    PastCache cache = new PastCache(1 << 20);
    cacheNumbered(cache, "a", 40);
    cache.remove("a");

    assertThat(cache.spareBlocks()).isEqualTo(3);
    assertThat(cache.stats().spareBytes()).isEqualTo(3L * 16 * 2 * 3 * Float.BYTES);
    PastEntry next = cache.newEntry(ids(20), 2, 3);
    fill(next, 0, 20);

    assertThat(cache.spareBlocks()).isEqualTo(1);
    assertThat(read(next, 1, 20)).isEqualTo(expected(1, 20));
  }

  @Test
  void shouldNotReuseBlocksABatchThatBeganBeforeTheirRemovalMayStillRead() {
    PastCache cache = new PastCache(1 << 20);
    cacheNumbered(cache, "a", 16);

    long batch = cache.begin();
    PastCache.Lookup looked = cache.lookup("a", ids(16), 16);
    cache.remove("a"); // the sequence is forgotten while the batch runs
    PastEntry other = cache.newEntry(new int[] {7, 7, 7}, 2, 3);
    fill(other, 0, 3);

    assertThat(read(looked.entry(), 0, 16)).isEqualTo(expected(0, 16));
    assertThat(cache.spareBlocks()).isEqualTo(1);

    cache.end(batch);
    cache.newEntry(new int[] {8}, 2, 3);
    assertThat(cache.spareBlocks()).isZero();
  }

  @Test
  void shouldNotStoreAnEntryExtendedFromOneThatWasRemovedMeanwhile() {
    PastCache cache = new PastCache(1 << 20);
    cacheNumbered(cache, "a", 16);

    long batch = cache.begin();
    PastCache.Lookup looked = cache.lookup("a", ids(20), 16);
    cache.remove("a");
    PastEntry longer = looked.entry().extend(ids(20), 16);
    fill(longer, 16, 20);
    cache.put("a", longer);
    cache.end(batch);

    assertThat(cache.lookup("a", ids(20), 20).entry()).isNull();
    assertThat(cache.stats().bytes()).isZero();
  }

  @Test
  void shouldGiveBackEvictedBlocksAndKeepSparesInsideTheBudget() {
    long one = entry(32, 100).bytes();
    PastCache cache = new PastCache(2 * one + one / 2);
    cache.put("a", cache.newEntry(ids(32), 1, 100));
    cache.put("b", cache.newEntry(ids(32), 1, 100));
    cache.put("c", cache.newEntry(ids(32), 1, 100));

    assertThat(cache.stats().evictions()).isEqualTo(1);
    // Two entries of two blocks each are in; the budget has room for one more block, not two.
    assertThat(cache.spareBlocks()).isEqualTo(1);
    cache.remove("b");
    assertThat(cache.spareBlocks()).isEqualTo(3);
  }
}

package io.rewardstream.scorer.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The past cache's bookkeeping: agreement with the fed tokens, the byte budget, forgetting. */
class PastCacheTest {

  private static PastCache.Entry entry(int tokens, int floats) {
    int[] ids = new int[tokens];
    for (int i = 0; i < tokens; i++) {
      ids[i] = i + 1;
    }
    return PastCache.Entry.of(ids, 1, floats / tokens, tokens);
  }

  /** An entry of 2 planes x 3 floats per token, each float naming its plane and token. */
  private static PastCache.Entry numbered(int[] tokens, int capacity) {
    PastCache.Entry entry = PastCache.Entry.of(tokens, 2, 3, capacity);
    fill(entry, 0, tokens.length);
    return entry;
  }

  private static void fill(PastCache.Entry entry, int from, int to) {
    for (int plane = 0; plane < 2; plane++) {
      for (int token = from; token < to; token++) {
        for (int d = 0; d < 3; d++) {
          entry.data()[(plane * entry.capacity() + token) * 3 + d] = plane * 1000 + token;
        }
      }
    }
  }

  private static float at(PastCache.Entry entry, int plane, int token) {
    return entry.data()[(plane * entry.capacity() + token) * 3];
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
  void shouldAppendBehindTheWholeEntryInTheSameSlab() {
    PastCache.Entry first = numbered(new int[] {1, 2, 3, 4}, 8);

    PastCache.Entry longer = first.extend(new int[] {1, 2, 3, 4, 5, 6}, 4);
    fill(longer, 4, 6);

    assertThat(longer.data()).isSameAs(first.data());
    assertThat(longer.length()).isEqualTo(6);
    assertThat(first.length()).isEqualTo(4);
    assertThat(at(longer, 1, 5)).isEqualTo(1005);
  }

  @Test
  void shouldCopyTheReusedPrefixWhenItsSlabCannotTakeTheNewTokens() {
    PastCache.Entry first = numbered(new int[] {1, 2, 3, 4}, 6);
    PastCache.Entry appended = first.extend(new int[] {1, 2, 3, 4, 5}, 4);

    // Appended to already: a second extension of the same entry must not overwrite token 4.
    PastCache.Entry sibling = first.extend(new int[] {1, 2, 3, 4, 9}, 4);
    // Reuses less than the entry covers: token 3 of the slab belongs to the entry.
    PastCache.Entry diverged = first.extend(new int[] {1, 2, 3, 7, 8}, 3);
    // More tokens than the slab has room for.
    PastCache.Entry grown = appended.extend(new int[] {1, 2, 3, 4, 5, 6, 7}, 5);

    for (PastCache.Entry copy : new PastCache.Entry[] {sibling, diverged, grown}) {
      assertThat(copy.data()).isNotSameAs(first.data());
      assertThat(copy.capacity()).isGreaterThanOrEqualTo(copy.length());
    }
    assertThat(at(sibling, 1, 3)).isEqualTo(1003);
    assertThat(at(diverged, 1, 2)).isEqualTo(1002);
    assertThat(diverged.tokens()[3]).isEqualTo(7);
    assertThat(at(grown, 0, 3)).isEqualTo(3);
    assertThat(first.tokens()[3]).isEqualTo(4);
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
}

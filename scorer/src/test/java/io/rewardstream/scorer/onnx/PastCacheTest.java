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
    return new PastCache.Entry(ids, new float[floats]);
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
  void shouldForgetAKey() {
    PastCache cache = new PastCache(1 << 20);
    cache.put("a", entry(10, 100));
    cache.remove("a");

    assertThat(cache.lookup("a", new int[] {1}, 1).entry()).isNull();
    assertThat(cache.stats().entries()).isZero();
    assertThat(cache.stats().bytes()).isZero();
  }
}

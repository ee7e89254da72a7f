package io.rewardstream.scorer.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.rewardstream.scorer.Fixtures;
import io.rewardstream.scorer.ScoreRequest;
import io.rewardstream.scorer.ScorerConfig;
import io.rewardstream.scorer.Scores;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code past-length} fixture places new tokens after the past axis's length, as a plain
 * torch.onnx export of a decoder does: rows of one call whose cached prefixes differ in length must
 * not share a call, or those with shorter pasts are read at wrong positions.
 */
class PastPositionsTest {
  private static final int SEP = 30;

  /** Three chains of steps of 4 tokens and a separator, of 3, 4 and 5 steps. */
  private static List<int[]> chains() {
    List<int[]> chains = new ArrayList<>();
    for (int steps = 3; steps <= 5; steps++) {
      int[] ids = new int[steps * 5];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = i % 5 == 4 ? SEP : 1 + (i * 7 + steps * 3) % 29;
      }
      chains.add(ids);
    }
    return chains;
  }

  /**
   * The last two steps' rewards of each chain scored in one call with a warm cache (a different
   * cached length per chain), against the same scored from nothing.
   */
  private static double maxDifferenceWithAWarmCache(Path model) {
    try (OnnxRewardModel scorer =
        OnnxRewardModel.load(ScorerConfig.builder().modelDir(model).pastCacheMb(16).build())) {
      List<ScoreRequest> cold = new ArrayList<>();
      List<ScoreRequest> warm = new ArrayList<>();
      List<ScoreRequest> keyed = new ArrayList<>();
      List<int[]> chains = chains();
      for (int c = 0; c < chains.size(); c++) {
        int[] ids = chains.get(c);
        // The last step only: a read inside the cached prefix would cut the reused past short.
        int[] positions = {ids.length - 5, ids.length};
        cold.add(new ScoreRequest(ids, positions));
        int cut = 5 * (c + 1); // 1, 2 and 3 steps cached: pasts of 5, 10 and 15 tokens
        warm.add(new ScoreRequest(Arrays.copyOf(ids, cut), new int[] {cut}, "chain-" + c));
        keyed.add(new ScoreRequest(ids, positions, "chain-" + c));
      }
      List<Scores> expected = scorer.score(cold);
      scorer.score(warm);
      List<Scores> cached = scorer.score(keyed);
      double most = 0;
      for (int c = 0; c < expected.size(); c++) {
        double[] want = expected.get(c).rewards();
        double[] got = cached.get(c).rewards();
        for (int s = 0; s < want.length; s++) {
          most = Math.max(most, Math.abs(want[s] - got[s]));
        }
      }
      return most;
    }
  }

  @Test
  void shouldScoreRowsOfDifferentCachedLengthsAsWithoutTheCache() {
    assertThat(maxDifferenceWithAWarmCache(Fixtures.dir("past-length"))).isLessThan(1e-5);
  }

  @Test
  void shouldGoWrongWhenTheManifestClaimsPositionsFromTheMask(@TempDir Path dir) {
    // The hazard the default guards against: the same graph, declared mask-positioned.
    Fixtures.withManifest("past-length", dir, m -> m.put("past_positions", "attention-mask"));

    assertThat(maxDifferenceWithAWarmCache(dir)).isGreaterThan(1e-2);
  }
}

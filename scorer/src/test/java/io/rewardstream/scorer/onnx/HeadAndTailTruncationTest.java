package io.rewardstream.scorer.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.rewardstream.scorer.Fixtures;
import io.rewardstream.scorer.ScoreRequest;
import io.rewardstream.scorer.ScorerConfig;
import io.rewardstream.scorer.Scores;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HeadAndTailTruncationTest {

  private static int[] range(int n) {
    return IntStream.range(0, n).toArray();
  }

  @Test
  void shouldKeepTheHeadAndTheMostRecentTokens() {
    List<Row> rows = new ArrayList<>();

    new HeadAndTailTruncation(10, 3).split(0, range(20), new int[] {19}, rows);

    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).tokens()).containsExactly(0, 1, 2, 13, 14, 15, 16, 17, 18, 19);
    assertThat(rows.get(0).readIndices()).containsExactly(9);
  }

  @Test
  void shouldAnswerReadsWhosePrefixFitsFromOneRowAndEachLaterReadFromItsOwnPrefix() {
    List<Row> rows = new ArrayList<>();

    new HeadAndTailTruncation(10, 3).split(0, range(20), new int[] {1, 8, 15, 19}, rows);

    assertThat(rows).hasSize(3);
    assertThat(rows.get(0).tokens()).containsExactly(range(9));
    assertThat(rows.get(0).readIndices()).containsExactly(1, 8);
    assertThat(rows.get(0).slots()).containsExactly(0, 1);
    // Read 15 keeps the seven tokens up to it, not the ones the longest prefix would keep.
    assertThat(rows.get(1).tokens()).containsExactly(0, 1, 2, 9, 10, 11, 12, 13, 14, 15);
    assertThat(rows.get(1).readIndices()).containsExactly(9);
    assertThat(rows.get(1).slots()).containsExactly(2);
    assertThat(rows.get(2).tokens()).containsExactly(0, 1, 2, 13, 14, 15, 16, 17, 18, 19);
    assertThat(rows.get(2).slots()).containsExactly(3);
  }

  @ParameterizedTest
  @ValueSource(ints = {12, 14})
  void shouldScoreEachPositionFromTheTruncationOfItsOwnPrefix(int maxContext, @TempDir Path dir) {
    Fixtures.withManifest(
        "classifier",
        dir,
        m -> {
          m.put("max_context", maxContext);
          m.put("truncation_head_tokens", 4);
        });
    // "9*9=81\n81+1=82\n82-2=80\n80+5=85\n": 31 tokens, four steps.
    int[] tokens = {
      10, 16, 10, 15, 9, 2, 11, 9, 2, 13, 2, 15, 9, 3, 11, 9, 3, 14, 3, 15, 9, 1, 11, 9, 1, 13, 6,
      15, 9, 6, 11
    };
    int[] positions = {7, 15, 23, tokens.length};
    try (OnnxRewardModel truncating =
            OnnxRewardModel.load(ScorerConfig.builder().modelDir(dir).build());
        OnnxRewardModel full = OnnxRewardModel.load(Fixtures.config("classifier"))) {
      Scores scores = truncating.score(List.of(new ScoreRequest(tokens, positions))).get(0);

      for (int k = 0; k < positions.length; k++) {
        int[] prefix = Arrays.copyOf(tokens, positions[k]);
        int[] kept = prefix.length <= maxContext ? prefix : headAndTail(prefix, maxContext, 4);
        double expected = full.score(List.of(ScoreRequest.ofEnd(kept))).get(0).last();
        assertThat(scores.rewards()[k])
            .as("position %d", positions[k])
            .isCloseTo(expected, within(1e-6));
      }
    }
  }

  private static int[] headAndTail(int[] tokens, int max, int head) {
    int[] kept = new int[max];
    System.arraycopy(tokens, 0, kept, 0, head);
    System.arraycopy(tokens, tokens.length - (max - head), kept, head, max - head);
    return kept;
  }
}

package io.rewardstream.scorer.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.rewardstream.scorer.Fixtures;
import io.rewardstream.scorer.ModelLoadException;
import io.rewardstream.scorer.ScoreRequest;
import io.rewardstream.scorer.ScorerConfig;
import io.rewardstream.scorer.Scores;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scoring through {@code model_with_past.onnx} with cache keys: a sequence scored step by step, in
 * partial steps, beside other sequences of other cached lengths, after diverging from its cached
 * tokens, and past the model's context gets the rewards that scoring its whole prefix gets.
 */
class PastScoringTest {

  private static final double TOLERANCE = 1e-4;

  private static JsonNode parity;
  private static OnnxRewardModel full;

  @BeforeAll
  static void load() {
    parity = DemoPrm.parity();
    full = OnnxRewardModel.load(DemoPrm.config(0));
  }

  @AfterAll
  static void close() {
    full.close();
  }

  private static int[] ids(JsonNode c) {
    return Fixtures.ints(c.get("input_ids"));
  }

  private static int[] separators(JsonNode c) {
    return Fixtures.ints(c.get("separator_indices"));
  }

  /** The request for the step ending at separator {@code sep}, alone. */
  private static ScoreRequest step(int[] ids, int sep, String key) {
    return new ScoreRequest(Arrays.copyOf(ids, sep + 1), new int[] {sep + 1}, key);
  }

  @Test
  void shouldReproduceTheRecordedRewardsWhenStepsArriveOneAtATime() {
    try (OnnxRewardModel model = OnnxRewardModel.load(DemoPrm.config(16))) {
      int steps = 0;
      int index = 0;
      for (JsonNode c : parity.get("cases")) {
        String key = "case " + index++; // two cases share a name
        int[] ids = ids(c);
        int prompt = c.get("prompt_length").asInt();
        model.score(List.of(new ScoreRequest(Arrays.copyOf(ids, prompt), new int[] {prompt}, key)));
        double[] expected = Fixtures.doubles(c.get("rewards"));
        int[] seps = separators(c);
        for (int i = 0; i < seps.length; i++) {
          Scores scores = model.score(List.of(step(ids, seps[i], key))).get(0);
          assertThat(scores.last())
              .as("%s step %d", key, i)
              .isCloseTo(expected[i], within(TOLERANCE));
        }
        steps += seps.length;
      }
      PastCacheStats stats = model.pastCacheStats();
      assertThat(stats.misses()).isEqualTo(parity.get("cases").size());
      assertThat(stats.hits()).isEqualTo(steps);
      assertThat(stats.entries()).isEqualTo(parity.get("cases").size());
    }
  }

  @Test
  void shouldScorePartialStepsThroughTheCacheAsTheWholePrefixScoresThem() {
    try (OnnxRewardModel model = OnnxRewardModel.load(DemoPrm.config(16))) {
      int index = 0;
      for (JsonNode c : parity.get("cases")) {
        String key = "case " + index++;
        int[] ids = ids(c);
        int prompt = c.get("prompt_length").asInt();
        // Every 5 tokens a partial score (the scorer appends the separator), and each step's end.
        for (int end = prompt + 5; end <= ids.length; end += 5) {
          int[] tokens = Arrays.copyOf(ids, end);
          ScoreRequest keyed = new ScoreRequest(tokens, new int[] {end}, key);
          double expected = full.score(List.of(ScoreRequest.ofEnd(tokens))).get(0).last();
          assertThat(model.score(List.of(keyed)).get(0).last())
              .as("%s at %d", key, end)
              .isCloseTo(expected, within(TOLERANCE));
        }
      }
      assertThat(model.pastCacheStats().hits()).isPositive();
      assertThat(model.pastCacheStats().reusedTokens()).isPositive();
    }
  }

  @Test
  void shouldGiveEachRowItsOwnRewardsInABatchOfMixedCachedLengths() {
    try (OnnxRewardModel model = OnnxRewardModel.load(DemoPrm.config(16))) {
      List<ScoreRequest> batch = new ArrayList<>();
      List<double[]> expected = new ArrayList<>();
      int i = 0;
      for (JsonNode c : parity.get("cases")) {
        String key = "case " + i;
        int[] ids = ids(c);
        int[] seps = separators(c);
        int primed = i++ % seps.length; // case i is cached up to step `primed`, or only a miss
        if (primed > 0) {
          model.score(List.of(step(ids, seps[primed - 1], key)));
        }
        int[] positions = new int[seps.length - primed];
        for (int k = 0; k < positions.length; k++) {
          positions[k] = seps[primed + k] + 1;
        }
        batch.add(new ScoreRequest(ids, positions, key));
        double[] rewards = Fixtures.doubles(c.get("rewards"));
        expected.add(Arrays.copyOfRange(rewards, primed, rewards.length));
      }
      long hitsBefore = model.pastCacheStats().hits();

      List<Scores> scores = model.score(batch);

      for (int k = 0; k < batch.size(); k++) {
        assertThat(scores.get(k).rewards())
            .as(parity.get("cases").get(k).get("name").asText())
            .containsExactly(expected.get(k), within(TOLERANCE));
      }
      assertThat(model.pastCacheStats().hits() - hitsBefore).isEqualTo(batch.size() - 1);
    }
  }

  @Test
  void shouldReuseOnlyTheTokensThatAgreeWhenASequenceChanges() {
    JsonNode first = parity.get("cases").get(0);
    JsonNode second = parity.get("cases").get(1);
    int[] a = ids(first);
    int[] b = ids(second);
    int agree = 0;
    while (a[agree] == b[agree]) {
      agree++;
    }
    try (OnnxRewardModel model = OnnxRewardModel.load(DemoPrm.config(16))) {
      model.score(List.of(ScoreRequest.ofEnd(a).withKey("k")));
      long reusedBefore = model.pastCacheStats().reusedTokens();

      Scores scores =
          model
              .score(List.of(new ScoreRequest(b, Fixtures.ints(second.get("positions")), "k")))
              .get(0);

      assertThat(scores.rewards())
          .containsExactly(Fixtures.doubles(second.get("rewards")), within(TOLERANCE));
      assertThat(model.pastCacheStats().reusedTokens() - reusedBefore).isEqualTo(agree);
    }
  }

  @Test
  void shouldMissAfterTheKeyIsForgotten() {
    JsonNode c = parity.get("cases").get(1);
    int[] ids = ids(c);
    try (OnnxRewardModel model = OnnxRewardModel.load(DemoPrm.config(16))) {
      model.score(List.of(step(ids, separators(c)[0], "k")));
      model.forget("k");
      model.score(List.of(step(ids, separators(c)[1], "k")));

      assertThat(model.pastCacheStats().hits()).isZero();
      assertThat(model.pastCacheStats().misses()).isEqualTo(2);
    }
  }

  @Test
  void shouldScoreASequencePastTheContextAsTheWholePrefixScoresIt() {
    // Three chains back to back: 393 tokens, past the demo model's context of 256.
    int[] ids = new int[0];
    List<Integer> seps = new ArrayList<>();
    for (int k = 0; k < 3; k++) {
      JsonNode c = parity.get("cases").get(k);
      for (int s : separators(c)) {
        seps.add(ids.length + s);
      }
      int[] next = ids(c);
      int[] joined = Arrays.copyOf(ids, ids.length + next.length);
      System.arraycopy(next, 0, joined, ids.length, next.length);
      ids = joined;
    }
    try (OnnxRewardModel model = OnnxRewardModel.load(DemoPrm.config(16))) {
      for (int e = 100; e <= ids.length; e += 7) {
        int end = e;
        int[] tokens = Arrays.copyOf(ids, end);
        int[] positions = seps.stream().filter(s -> s < end - 1).mapToInt(s -> s + 1).toArray();
        positions = Arrays.copyOf(positions, positions.length + 1);
        positions[positions.length - 1] = end;
        double[] expected =
            full.score(List.of(new ScoreRequest(tokens, positions))).get(0).rewards();
        assertThat(
                model.score(List.of(new ScoreRequest(tokens, positions, "long"))).get(0).rewards())
            .as("prefix of %d tokens", end)
            .containsExactly(expected, within(TOLERANCE));
      }
      assertThat(model.pastCacheStats().hits()).isPositive();
    }
  }

  @Test
  void shouldRefuseAWithPastFileThatHasNoPastInputs(@TempDir Path dir) {
    Fixtures.withManifest("classifier", dir, m -> m.put("model_with_past_file", "model.onnx"));

    assertThatThrownBy(() -> OnnxRewardModel.load(ScorerConfig.builder().modelDir(dir).build()))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("model_with_past_file")
        .hasMessageContaining("no input 'past_key_values.0.key': not a with-past graph");
  }
}

package io.rewardstream.scorer.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.rewardstream.scorer.Fixtures;
import io.rewardstream.scorer.InvalidScoreRequestException;
import io.rewardstream.scorer.ScoreRequest;
import io.rewardstream.scorer.ScorerConfig;
import io.rewardstream.scorer.Scores;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed requests fail with the request and position named; good ones are read as documented.
 */
class InputChecksTest {

  private static final int SEP = 11;
  private static OnnxRewardModel classifier;

  @BeforeAll
  static void load() {
    classifier = OnnxRewardModel.load(Fixtures.config("classifier"));
  }

  @AfterAll
  static void close() {
    classifier.close();
  }

  private static ScoreRequest request(int[] tokens, int... positions) {
    return new ScoreRequest(tokens, positions);
  }

  @Test
  void shouldReturnNoScoresForAnEmptyBatch() {
    assertThat(classifier.score(List.of())).isEmpty();
  }

  @Test
  void shouldRejectATokenIdOutsideTheVocabularyNamingRequestAndPosition() {
    List<ScoreRequest> batch =
        List.of(request(new int[] {4, 5, SEP}, 3), request(new int[] {4, 32, 6, SEP}, 4));

    assertThatThrownBy(() -> classifier.score(batch))
        .isInstanceOf(InvalidScoreRequestException.class)
        .hasMessage("request 1: token id 32 at position 1 is outside the vocabulary [0, 32)")
        .satisfies(e -> assertThat(((InvalidScoreRequestException) e).requestIndex()).isEqualTo(1));
  }

  @Test
  void shouldRejectANegativeTokenId() {
    assertThatThrownBy(() -> classifier.score(List.of(request(new int[] {-1, SEP}, 2))))
        .hasMessage("request 0: token id -1 at position 0 is outside the vocabulary [0, 32)");
  }

  @Test
  void shouldRejectPositionsThatDoNotIncreaseOrLeaveTheSequence() {
    assertThatThrownBy(() -> classifier.score(List.of(request(new int[] {4, SEP, 5, SEP}, 4, 2))))
        .isInstanceOf(InvalidScoreRequestException.class)
        .hasMessageContaining("position 2 (#1) must be above 4");
    assertThatThrownBy(() -> classifier.score(List.of(request(new int[] {4, SEP}, 3))))
        .hasMessageContaining("position 3 (#0) must be above 0 and at most the sequence length 2");
  }

  @Test
  void shouldRejectACompletedStepThatDoesNotEndAtTheStepToken() {
    assertThatThrownBy(() -> classifier.score(List.of(request(new int[] {4, 5, 6, SEP}, 2, 4))))
        .isInstanceOf(InvalidScoreRequestException.class)
        .hasMessage(
            "request 0: position 2 (#0) does not end at a step token: expected token 11 at offset"
                + " 1, found 5");
  }

  @Test
  void shouldScoreAPartialStepAsIfItsStepTokenHadJustBeenAppended() {
    int[] partial = {4, 13, 5, 15, 8};
    int[] closed = {4, 13, 5, 15, 8, SEP};

    List<Scores> scores =
        classifier.score(List.of(ScoreRequest.ofEnd(partial), ScoreRequest.ofEnd(closed)));

    assertThat(scores.get(0).last()).isCloseTo(scores.get(1).last(), within(1e-6));
  }

  @Test
  void shouldReturnNoRewardsForARequestWithoutPositions() {
    List<Scores> scores = classifier.score(List.of(request(new int[] {4, SEP})));

    assertThat(scores.get(0).rewards()).isEmpty();
  }

  @Test
  void shouldRejectASequencePastTheContextWhenThePolicyIsReject(@TempDir Path dir) {
    Fixtures.withManifest(
        "classifier",
        dir,
        m -> {
          m.put("max_context", 8);
          m.put("truncation", "reject");
          m.put("truncation_head_tokens", 0);
        });
    try (OnnxRewardModel model =
        OnnxRewardModel.load(ScorerConfig.builder().modelDir(dir).build())) {
      int[] nine = {4, 13, 5, 15, 8, SEP, 2, 3, 4};

      assertThatThrownBy(() -> model.score(List.of(ScoreRequest.ofEnd(nine))))
          .isInstanceOf(InvalidScoreRequestException.class)
          .hasMessage("request 0: 10 tokens exceed max_context 8 (truncation: reject)");
    }
  }
}

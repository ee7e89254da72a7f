package io.rewardstream.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.rewardstream.avro.EarlyRejection;
import io.rewardstream.avro.FinishReason;
import io.rewardstream.avro.RejectionRule;
import io.rewardstream.avro.SequenceReward;
import io.rewardstream.avro.SequenceStatus;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EarlyRejectionTest {
  private static final int SEP = FakeRewardModel.SEPARATOR;

  private static TopologyFixture fixture(Object... settings) {
    Map<String, Object> config = new HashMap<>();
    for (int i = 0; i < settings.length; i += 2) {
      config.put((String) settings[i], settings[i + 1]);
    }
    return new TopologyFixture(config);
  }

  /** Each sibling writes one step whose score is its token / 100. */
  private static void firstSteps(TopologyFixture f, int groupSize, int... scores) {
    for (int i = 0; i < scores.length; i++) {
      f.send("g", "s" + i, groupSize, scores[i], SEP);
      f.drain();
    }
  }

  @Test
  void shouldRejectLowestSiblingsOnceAllReachCheckpoint() {
    try (TopologyFixture f =
        fixture(
            RewardStreamConfig.REJECTION_RULES_CONFIG, "group-rank",
            RewardStreamConfig.REJECTION_KEEP_CONFIG, "2")) {
      firstSteps(f, 4, 30, 90, 20);
      assertThat(f.rejections.isEmpty()).isTrue();

      firstSteps(f, 4);
      f.send("g", "s3", 4, 80, SEP);
      f.drain();

      List<EarlyRejection> rejections = f.rejections.readValuesToList();
      assertThat(rejections).extracting(EarlyRejection::getSequenceId).containsExactly("s0", "s2");
      assertThat(rejections).extracting(EarlyRejection::getRank).containsExactly(3, 4);
      assertThat(rejections)
          .allSatisfy(r -> assertThat(r.getRule()).isEqualTo(RejectionRule.GROUP_RANK));
      assertThat(rejections).allSatisfy(r -> assertThat(r.getSiblingsAlive()).isEqualTo(4));
      assertThat(rejections).allSatisfy(r -> assertThat(r.getCutoff()).isEqualTo(0.80));
      assertThat(rejections.get(0).getTokensGenerated()).isEqualTo(2);
      assertThat(f.rejections.isEmpty()).isTrue();
    }
  }

  @Test
  void shouldKeepAFractionOfLiveSiblingsAtEachCheckpoint() {
    try (TopologyFixture f =
        fixture(
            RewardStreamConfig.REJECTION_RULES_CONFIG, "group-rank",
            RewardStreamConfig.REJECTION_KEEP_CONFIG, "1/2")) {
      firstSteps(f, 4, 10, 20, 30, 40);
      assertThat(f.rejections.readValuesToList())
          .extracting(EarlyRejection::getSequenceId)
          .containsExactly("s1", "s0");

      f.send("g", "s2", 4, 50, SEP);
      f.drain();
      f.send("g", "s3", 4, 60, SEP);
      f.drain();

      assertThat(f.rejections.readValuesToList())
          .extracting(EarlyRejection::getSequenceId)
          .containsExactly("s2");
      assertThat(f.rejections.isEmpty()).isTrue();
    }
  }

  @Test
  void shouldDecideAmongSiblingsThatArrivedOnceMaxWaitPasses() {
    try (TopologyFixture f =
        fixture(
            RewardStreamConfig.REJECTION_RULES_CONFIG, "group-rank",
            RewardStreamConfig.REJECTION_KEEP_CONFIG, "1",
            RewardStreamConfig.REJECTION_MAX_WAIT_MS_CONFIG, 500L)) {
      firstSteps(f, 3, 70, 40);
      f.advance(100);
      assertThat(f.rejections.isEmpty()).isTrue();

      f.advance(500);

      EarlyRejection rejection = f.rejections.readValue();
      assertThat(rejection.getSequenceId()).isEqualTo("s1");
      assertThat(rejection.getSiblingsAlive()).isEqualTo(3);
      assertThat(f.rejections.isEmpty()).isTrue();
    }
  }

  @Test
  void shouldRejectBottomQuantile() {
    try (TopologyFixture f =
        fixture(
            RewardStreamConfig.REJECTION_RULES_CONFIG,
            "quantile",
            RewardStreamConfig.REJECTION_QUANTILE_ALPHA_CONFIG,
            0.25)) {
      firstSteps(f, 4, 50, 60, 10, 90);

      EarlyRejection rejection = f.rejections.readValue();
      assertThat(rejection.getSequenceId()).isEqualTo("s2");
      assertThat(rejection.getRule()).isEqualTo(RejectionRule.QUANTILE);
      assertThat(rejection.getCutoff()).isEqualTo(0.50);
      assertThat(f.rejections.isEmpty()).isTrue();
    }
  }

  @Test
  void shouldRejectScoreBelowThresholdWithoutWaitingForSiblings() {
    try (TopologyFixture f =
        fixture(
            RewardStreamConfig.REJECTION_RULES_CONFIG,
            "threshold",
            RewardStreamConfig.REJECTION_THRESHOLD_CONFIG,
            0.25)) {
      firstSteps(f, 4, 60, 20);

      EarlyRejection rejection = f.rejections.readValue();
      assertThat(rejection.getSequenceId()).isEqualTo("s1");
      assertThat(rejection.getRule()).isEqualTo(RejectionRule.THRESHOLD);
      assertThat(rejection.getCutoff()).isEqualTo(0.25);
      assertThat(f.rejections.isEmpty()).isTrue();
    }
  }

  @Test
  void shouldNotRejectBeforeMinTokens() {
    try (TopologyFixture f =
        fixture(
            RewardStreamConfig.REJECTION_RULES_CONFIG,
            "threshold",
            RewardStreamConfig.REJECTION_MIN_TOKENS_CONFIG,
            4)) {
      f.send("g", "s0", 2, 5, SEP);
      f.drain();
      assertThat(f.rejections.isEmpty()).isTrue();

      f.send("g", "s0", 2, 5, SEP);
      f.drain();

      assertThat(f.rejections.readValue().getTokensGenerated()).isEqualTo(4);
      assertThat(f.rejections.isEmpty()).isTrue();
    }
  }

  @Test
  void shouldNeverLeaveFewerThanMinSurvivors() {
    try (TopologyFixture f =
        fixture(
            RewardStreamConfig.REJECTION_RULES_CONFIG, "group-rank",
            RewardStreamConfig.REJECTION_KEEP_CONFIG, "1",
            RewardStreamConfig.REJECTION_MIN_SURVIVORS_CONFIG, 3)) {
      firstSteps(f, 4, 10, 20, 30, 40);

      assertThat(f.rejections.readValuesToList())
          .extracting(EarlyRejection::getSequenceId)
          .containsExactly("s0");
      assertThat(f.rejections.isEmpty()).isTrue();
    }
  }

  @Test
  void shouldNotRejectACandidateWhoseLastChunkHasArrived() {
    try (TopologyFixture f =
        fixture(
            RewardStreamConfig.REJECTION_RULES_CONFIG, "group-rank,threshold",
            RewardStreamConfig.REJECTION_KEEP_CONFIG, "1",
            RewardStreamConfig.REJECTION_THRESHOLD_CONFIG, 0.25)) {
      f.send("g", "b", 2, 50, SEP);
      f.drain();
      // a's last chunk completes the checkpoint with the lower score, below the threshold too.
      f.send("g", "a", 2, FinishReason.STOP, 20, SEP);
      f.drain();

      assertThat(f.rejections.isEmpty()).isTrue();
      SequenceReward reward = f.rewards.readValue();
      assertThat(reward.getSequenceId()).isEqualTo("a");
      assertThat(reward.getStatus()).isEqualTo(SequenceStatus.COMPLETED);
      assertThat(f.rewards.isEmpty()).isTrue();
    }
  }

  @Test
  void shouldKeepMinSurvivorsWhenAStragglersThresholdRejectionMeetsARankDecision() {
    try (TopologyFixture f =
        fixture(
            RewardStreamConfig.REJECTION_RULES_CONFIG,
            "group-rank,threshold",
            RewardStreamConfig.REJECTION_KEEP_CONFIG,
            "1/2",
            RewardStreamConfig.REJECTION_MIN_SURVIVORS_CONFIG,
            2,
            RewardStreamConfig.REJECTION_THRESHOLD_CONFIG,
            0.25,
            RewardStreamConfig.REJECTION_MAX_WAIT_MS_CONFIG,
            500L,
            // Decisions are taken when scores arrive, not by the timer.
            RewardStreamConfig.TIMERS_INTERVAL_MS_CONFIG,
            60_000L)) {
      f.send("g", "s4", 5, 50);
      firstSteps(f, 5, 90, 80, 70);
      f.advance(600);
      f.send("g", "s3", 5, 60, SEP);
      f.drain();
      // Step 0, s4 straggling: 5 alive, keep 3.
      assertThat(f.rejections.readValuesToList())
          .extracting(EarlyRejection::getSequenceId)
          .containsExactly("s2", "s3");
      f.send("g", "s0", 5, 90, SEP);
      f.send("g", "s1", 5, 80, SEP);
      f.drain();
      f.advance(600);

      // s4's late step 0 scores 0.1: the threshold takes it, which leaves s0 and s1 at step 1.
      f.send("g", "s4", 5, 10, SEP);
      f.drain();

      List<EarlyRejection> rejections = f.rejections.readValuesToList();
      assertThat(rejections).extracting(EarlyRejection::getSequenceId).containsExactly("s4");
      assertThat(rejections.get(0).getRule()).isEqualTo(RejectionRule.THRESHOLD);
      assertThat(f.rejections.isEmpty()).isTrue();
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 10_000})
  void shouldGiveEachSiblingOneRewardWhenAnExpiringStragglerReleasesTheirCheckpoint(int cached) {
    try (TopologyFixture f =
        fixture(
            RewardStreamConfig.REJECTION_RULES_CONFIG,
            "group-rank",
            RewardStreamConfig.REJECTION_KEEP_CONFIG,
            "1",
            RewardStreamConfig.REJECTION_MAX_WAIT_MS_CONFIG,
            60_000L,
            RewardStreamConfig.SEQUENCE_TTL_MS_CONFIG,
            1_000L,
            RewardStreamConfig.REJECTION_ACK_TIMEOUT_MS_CONFIG,
            5_000L,
            RewardStreamConfig.STATE_CACHED_OBJECTS_CONFIG,
            cached)) {
      // All four go idle together. The timer's pass lists them in its index's (HashMap) order,
      // the straggler "late" first: its expiry releases the checkpoint, and the rank rule rejects
      // siblings that the same pass has already listed as due.
      f.send("g", "a", 4, 90, SEP);
      f.send("g", "b", 4, 40, SEP);
      f.send("g", "c", 4, 50, SEP);
      f.send("g", "late", 4, 50);
      f.drain();
      assertThat(f.rejections.isEmpty()).isTrue();

      f.advance(1_100);

      assertThat(f.rejections.readValuesToList())
          .extracting(EarlyRejection::getSequenceId)
          .containsExactlyInAnyOrder("b", "c");
      assertThat(f.rewards.readValuesToList())
          .extracting(SequenceReward::getSequenceId, SequenceReward::getStatus)
          .containsExactlyInAnyOrder(
              tuple("late", SequenceStatus.EXPIRED), tuple("a", SequenceStatus.EXPIRED));
      f.advance(5_000);
      assertThat(f.rewards.readValuesToList())
          .extracting(SequenceReward::getSequenceId, SequenceReward::getStatus)
          .containsExactlyInAnyOrder(
              tuple("b", SequenceStatus.REJECTED), tuple("c", SequenceStatus.REJECTED));
      f.advance(60_000);
      assertThat(f.rewards.isEmpty()).isTrue();
    }
  }

  @Test
  void shouldDropAndCountChunksAfterRejectionUntilGeneratorConfirms() {
    try (TopologyFixture f =
        fixture(
            RewardStreamConfig.REJECTION_RULES_CONFIG,
            "threshold",
            RewardStreamConfig.REJECTION_THRESHOLD_CONFIG,
            0.25)) {
      firstSteps(f, 2, 10);
      assertThat(f.rejections.readValue().getSequenceId()).isEqualTo("s0");

      f.send("g", "s0", 2, 70, 70, 70);
      f.drain();
      assertThat(f.stepScores.readValuesToList()).hasSize(1);
      assertThat(f.rewards.isEmpty()).isTrue();

      f.send("g", "s0", 2, FinishReason.ABORTED, 70);

      SequenceReward reward = f.rewards.readValue();
      assertThat(reward.getStatus()).isEqualTo(SequenceStatus.REJECTED);
      assertThat(reward.getTokensGenerated()).isEqualTo(2);
      assertThat(reward.getTokensIgnoredAfterRejection()).isEqualTo(4);
      assertThat(reward.getFinalReward()).isEqualTo(0.10);
      assertThat(f.rewards.isEmpty()).isTrue();
    }
  }

  /**
   * A threshold rejection of s0 whose generator never confirms it: after the ack timeout of 300 ms
   * has passed, s0's REJECTED reward has been read.
   */
  private static TopologyFixture rejectedWithoutConfirmation() {
    TopologyFixture f =
        fixture(
            RewardStreamConfig.REJECTION_RULES_CONFIG,
            "threshold",
            RewardStreamConfig.REJECTION_THRESHOLD_CONFIG,
            0.25,
            RewardStreamConfig.REJECTION_ACK_TIMEOUT_MS_CONFIG,
            300L);
    firstSteps(f, 2, 10);
    f.rejections.readValue();
    f.advance(1_500);
    assertThat(f.rewards.readValue().getStatus()).isEqualTo(SequenceStatus.REJECTED);
    return f;
  }

  @Test
  void shouldEmitRejectedRewardWhenGeneratorNeverConfirms() {
    try (TopologyFixture f = rejectedWithoutConfirmation()) {
      assertThat(f.rewards.isEmpty()).isTrue();
    }
  }

  @Test
  void shouldCountAndDropChunksArrivingAfterARejectedSequencesReward() {
    try (TopologyFixture f = rejectedWithoutConfirmation()) {

      f.send("g", "s0", 2, 70, 70, 70);
      f.send("g", "s0", 2, FinishReason.ABORTED, 70);
      f.drain();

      assertThat(f.deadLetters.isEmpty()).isTrue();
      assertThat(f.rewards.isEmpty()).isTrue();
      double ignored = f.metricTotal("tokens-ignored-after-rejection-total");
      assertThat(ignored).isEqualTo(4.0);
    }
  }
}

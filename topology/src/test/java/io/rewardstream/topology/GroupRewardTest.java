package io.rewardstream.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.rewardstream.avro.FinishReason;
import io.rewardstream.avro.GroupMember;
import io.rewardstream.avro.GroupReward;
import io.rewardstream.avro.SequenceReward;
import io.rewardstream.avro.SequenceStatus;
import io.rewardstream.topology.errors.DeadLetterHandler;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GroupRewardTest {
  private static final int SEP = FakeRewardModel.SEPARATOR;

  @Test
  void shouldRankMembersAndComputeGrpoAdvantagesIncludingRejected() {
    try (TopologyFixture f =
        new TopologyFixture(
            Map.of(
                RewardStreamConfig.REJECTION_RULES_CONFIG,
                "threshold",
                RewardStreamConfig.REJECTION_THRESHOLD_CONFIG,
                0.25,
                RewardStreamConfig.REJECTION_ACK_TIMEOUT_MS_CONFIG,
                0L))) {
      f.send("g", "a", 3, 90, SEP, 80);
      f.send("g", "b", 3, 20, SEP);
      f.send("g", "c", 3, 60, SEP, 70);
      f.drain();
      f.send("g", "a", 3, FinishReason.STOP, SEP);
      f.send("g", "c", 3, FinishReason.STOP, SEP);
      f.drain();

      GroupReward group = f.groupRewards.readValue();
      assertThat(group.getMembers())
          .extracting(GroupMember::getSequenceId)
          .containsExactly("a", "c", "b");
      assertThat(group.getMembers()).extracting(GroupMember::getRank).containsExactly(1, 2, 3);
      assertThat(group.getMembers())
          .extracting(GroupMember::getStatus)
          .containsExactly(
              SequenceStatus.COMPLETED, SequenceStatus.COMPLETED, SequenceStatus.REJECTED);
      double mean = (0.80 + 0.60 + 0.20) / 3;
      double std =
          Math.sqrt(
              ((0.8 - mean) * (0.8 - mean)
                      + (0.6 - mean) * (0.6 - mean)
                      + (0.2 - mean) * (0.2 - mean))
                  / 3);
      assertThat(group.getMean()).isCloseTo(mean, offset(1e-9));
      assertThat(group.getStd()).isCloseTo(std, offset(1e-9));
      assertThat(group.getMembers().get(0).getAdvantage())
          .isCloseTo((0.8 - mean) / (std + 1e-6), offset(1e-9));
      assertThat(group.getBestSequenceId()).isEqualTo("a");
      assertThat(group.getComplete()).isTrue();
      assertThat(f.groupRewards.isEmpty()).isTrue();
    }
  }

  @Test
  void shouldValueRejectedMembersAtGroupMinimumWhenConfigured() {
    try (TopologyFixture f =
        new TopologyFixture(
            Map.of(
                RewardStreamConfig.REJECTION_RULES_CONFIG,
                "threshold",
                RewardStreamConfig.REJECTION_THRESHOLD_CONFIG,
                0.5,
                RewardStreamConfig.REJECTION_ACK_TIMEOUT_MS_CONFIG,
                0L,
                RewardStreamConfig.GROUP_REJECTED_REWARD_CONFIG,
                "-1"))) {
      f.send("g", "a", 2, 90, SEP);
      f.send("g", "b", 2, 30, SEP, 70);
      f.drain();
      f.send("g", "a", 2, FinishReason.STOP, 80, SEP);
      f.drain();

      GroupReward group = f.groupRewards.readValue();
      assertThat(group.getMembers())
          .extracting(GroupMember::getFinalReward)
          .containsExactly(0.8, -1.0);
      assertThat(f.groupRewards.isEmpty()).isTrue();
    }
  }

  @Test
  void shouldEmitIncompleteGroupRewardWhenGroupTtlPasses() {
    try (TopologyFixture f =
        new TopologyFixture(Map.of(RewardStreamConfig.GROUP_TTL_MS_CONFIG, 1_000L))) {
      f.send("g", "a", 3, FinishReason.STOP, 90, SEP);
      f.drain();
      assertThat(f.groupRewards.isEmpty()).isTrue();

      f.advance(1_100);

      GroupReward group = f.groupRewards.readValue();
      assertThat(group.getComplete()).isFalse();
      assertThat(group.getGroupSize()).isEqualTo(3);
      assertThat(group.getMembers()).hasSize(1);
      assertThat(f.groupRewards.isEmpty()).isTrue();
    }
  }

  @Test
  void shouldNotReopenAGroupWhoseTtlPassedForALateMemberOrOneStillRunning() {
    try (TopologyFixture f =
        new TopologyFixture(Map.of(RewardStreamConfig.GROUP_TTL_MS_CONFIG, 1_000L))) {
      f.send("g", "a", 2, 90, SEP);
      f.drain();
      f.advance(1_100);
      assertThat(f.groupRewards.readValue().getComplete()).isFalse();

      f.send("g", "c", 2, 50);
      f.send("g", "a", 2, FinishReason.STOP, 80, SEP);
      f.send("g", "c", 2, FinishReason.STOP, 60, SEP);
      f.drain();

      assertThat(f.deadLetters.readRecordsToList())
          .extracting(
              r -> new String(r.headers().lastHeader(DeadLetterHandler.REASON_HEADER).value()))
          .containsExactly("ENDED_GROUP", "UNKNOWN_SEQUENCE");
      assertThat(f.rewards.readValuesToList())
          .extracting(SequenceReward::getSequenceId)
          .containsExactly("a");
      assertThat(f.groupRewards.isEmpty()).isTrue();

      // One group TTL after its reward the group is forgotten, and its id may start a new one.
      f.advance(1_100);
      f.send("g", "d", 1, FinishReason.STOP, 70, SEP);
      f.drain();
      assertThat(f.groupRewards.readValue().getMembers()).hasSize(1);
      assertThat(f.groupRewards.isEmpty()).isTrue();
    }
  }

  @Test
  void shouldGiveEqualRewardsAnAdvantageOfZeroWithoutEpsilon() {
    try (TopologyFixture f =
        new TopologyFixture(Map.of(RewardStreamConfig.GROUP_ADVANTAGE_EPSILON_CONFIG, 0.0))) {
      f.send("g", "a", 2, FinishReason.STOP, 40, SEP);
      f.send("g", "b", 2, FinishReason.STOP, 40, SEP);
      f.drain();

      GroupReward group = f.groupRewards.readValue();
      assertThat(group.getMembers())
          .extracting(GroupMember::getAdvantage)
          .containsExactly(0.0, 0.0);
      assertThat(f.groupRewards.isEmpty()).isTrue();
    }
  }
}

package io.rewardstream.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.rewardstream.app.chain.Chain;
import io.rewardstream.app.chain.ChainDomain;
import io.rewardstream.app.chain.ChainVocabulary;
import io.rewardstream.avro.GroupMember;
import io.rewardstream.avro.GroupReward;
import io.rewardstream.avro.Lineage;
import io.rewardstream.avro.SequenceStatus;
import io.rewardstream.scorer.RewardModel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BestOfNComparisonTest {

  /** Rewards a prefix 0.9 while its last step is right, else 0.1: an oracle for the test only. */
  private static final RewardModel ORACLE =
      DemoFixtures.model(
          prefix -> {
            String text = ChainVocabulary.decode(prefix);
            String[] lines = text.split("\n");
            String step = lines[lines.length - 1];
            String[] parts = step.split(" ");
            int x = Integer.parseInt(parts[0]);
            int d = Integer.parseInt(parts[2]);
            int y = Integer.parseInt(parts[4]);
            return (parts[1].equals("+") ? x + d : x - d) == y ? 0.9 : 0.1;
          });

  @Test
  void shouldChooseAnAllCorrectCandidateWithoutRejectionWhenOneExists() {
    List<GroupPlan> plans = DemoPlanner.plan(11, ChainDomain.DEFAULT, 20, 6, 0.2, 6, 8);

    List<OfflineBestOfN.Choice> choices = OfflineBestOfN.choose(ORACLE, plans, 4, done -> {});

    assertThat(choices).hasSize(20);
    for (int g = 0; g < plans.size(); g++) {
      Chain winner = plans.get(g).candidates().get(choices.get(g).winner());
      boolean anyPerfect = plans.get(g).candidates().stream().anyMatch(c -> c.firstError() < 0);
      assertThat(winner.firstError() < 0).isEqualTo(anyPerfect);
      assertThat(choices.get(g).finalRewards()).hasSize(6);
    }
  }

  @Test
  void shouldRequestARewardAtEveryStepSeparator() {
    int[] prompt = ChainVocabulary.encode("Start with 1. Then: add 2, add 3.\n");
    int[] response = ChainVocabulary.encode("1 + 2 = 3\n3 + 3 = 6\n");

    var request = OfflineBestOfN.request(prompt, response);

    assertThat(request.tokenIds()).hasSize(prompt.length + response.length);
    assertThat(request.positions()).containsExactly(prompt.length + 10, prompt.length + 20);
  }

  @Test
  void shouldReportTokensSavedAccuracyAndFalseRejectionsFromTheGroupRewards() {
    List<GroupPlan> plans = DemoPlanner.plan(12, ChainDomain.DEFAULT, 2, 3, 0.0, 3, 3);
    List<OfflineBestOfN.Choice> without = OfflineBestOfN.choose(ORACLE, plans, 8, done -> {});
    Scoreboard board = new Scoreboard();
    plans.forEach(board::groupStarted);
    board.tokensSent((int) (board.tokensPlanned() / 2));
    // Group 0: the no-rejection winner (c00, first among equals) was rejected, c01 chosen.
    board.groupRewarded(
        reward(
            plans.get(0).groupId(),
            "c01",
            member("c00", SequenceStatus.REJECTED),
            member("c01", SequenceStatus.COMPLETED),
            member("c02", SequenceStatus.REJECTED)));
    board.groupRewarded(
        reward(
            plans.get(1).groupId(),
            "c00",
            member("c00", SequenceStatus.COMPLETED),
            member("c01", SequenceStatus.COMPLETED),
            member("c02", SequenceStatus.COMPLETED)));

    DemoReport report =
        DemoReport.of(
            new DemoReport.Setup(3, "group-rank", "1/2", 64, 12, 0.0), plans, without, board, 1.0);

    var f = report.figures();
    assertThat(f.get("groups").asInt()).isEqualTo(2);
    assertThat(f.get("candidates").asInt()).isEqualTo(6);
    assertThat(f.get("tokens_saved_fraction").asDouble()).isBetween(0.49, 0.51);
    assertThat(f.get("bon_accuracy_with_rejection").asDouble()).isEqualTo(1.0);
    assertThat(f.get("bon_accuracy_without_rejection").asDouble()).isEqualTo(1.0);
    assertThat(f.get("false_rejection_rate").asDouble()).isEqualTo(0.5);
    assertThat(f.get("rejection_rate").asDouble())
        .isEqualTo(2.0 / 6, org.assertj.core.data.Offset.offset(1e-3));
    assertThat(report.jsonLine()).doesNotContain("\n").startsWith("{\"groups\":2,");
    assertThat(report.text()).contains("best-of-N accuracy").contains("tokens saved");
  }

  private static GroupMember member(String id, SequenceStatus status) {
    return GroupMember.newBuilder()
        .setSequenceId(id)
        .setFinalReward(0.9)
        .setStatus(status)
        .setRank(1)
        .setAdvantage(0)
        .build();
  }

  private static GroupReward reward(String group, String best, GroupMember... members) {
    return GroupReward.newBuilder()
        .setGroupId(group)
        .setMembers(new ArrayList<>(List.of(members)))
        .setBestSequenceId(best)
        .setMean(0.9)
        .setStd(0)
        .setEndedAt(Instant.now())
        .setLineage(
            Lineage.newBuilder()
                .setModelId("fake")
                .setModelSha256("00")
                .setStepSplitter("token:11")
                .build())
        .build();
  }
}

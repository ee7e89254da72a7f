package io.rewardstream.topology.rewards;

import io.rewardstream.avro.GroupMember;
import io.rewardstream.avro.SequenceStatus;
import io.rewardstream.topology.state.GroupState;
import io.rewardstream.topology.state.Member;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Builds the members of a group reward: every ended member with its final reward (rejected ones
 * valued by {@code group.rejected-reward}), its rank, and its GRPO advantage {@code (r - mean) /
 * (std + eps)}. The best-of-N choice is the best member that ran to the end.
 */
public final class GroupRewards {
  private final RejectedRewardPolicy rejectedReward;
  private final double epsilon;

  public GroupRewards(RejectedRewardPolicy rejectedReward, double epsilon) {
    this.rejectedReward = rejectedReward;
    this.epsilon = epsilon;
  }

  /** The ranked members, best first, with mean and std; {@code best} null when none finished. */
  public record Result(List<GroupMember> members, String best, double mean, double std) {}

  public Result compute(GroupState group) {
    List<Member> ended = new ArrayList<>();
    double minFinished = Double.POSITIVE_INFINITY;
    for (Member member : group.members()) {
      if (member.rewarded()) {
        ended.add(member);
        if (!rejected(member)) {
          minFinished = Math.min(minFinished, member.finalReward());
        }
      }
    }
    double[] rewards = new double[ended.size()];
    for (int i = 0; i < rewards.length; i++) {
      rewards[i] = value(ended.get(i), minFinished);
    }
    double mean = 0;
    for (double reward : rewards) {
      mean += reward / rewards.length;
    }
    double variance = 0;
    for (double reward : rewards) {
      variance += (reward - mean) * (reward - mean) / rewards.length;
    }
    double std = Math.sqrt(variance);
    // With group.advantage-epsilon=0 a group of equal rewards (or of one member) has nothing to
    // divide by: every member is as good as the mean, advantage 0 rather than NaN.
    double scale = std + epsilon;
    List<GroupMember> members = new ArrayList<>(ended.size());
    for (int i = 0; i < rewards.length; i++) {
      Member member = ended.get(i);
      members.add(
          GroupMember.newBuilder()
              .setSequenceId(member.sequenceId())
              .setFinalReward(rewards[i])
              .setStatus(SequenceStatus.values()[member.endStatus()])
              .setRank(0)
              .setAdvantage(scale > 0 ? (rewards[i] - mean) / scale : 0)
              .setTokensGenerated(member.tokens())
              .build());
    }
    members.sort(
        Comparator.comparingDouble(GroupMember::getFinalReward)
            .reversed()
            .thenComparing(GroupMember::getSequenceId));
    String best = null;
    for (int i = 0; i < members.size(); i++) {
      GroupMember member = members.get(i);
      member.setRank(i + 1);
      if (best == null && finished(member.getStatus())) {
        best = member.getSequenceId();
      }
    }
    return new Result(members, best, rewards.length == 0 ? 0 : mean, std);
  }

  private double value(Member member, double minFinished) {
    if (!rejected(member)) {
      return member.finalReward();
    }
    return switch (rejectedReward.kind()) {
      case PARTIAL -> member.finalReward();
      case MIN ->
          Double.isInfinite(minFinished)
              ? member.finalReward()
              : Math.min(minFinished, member.finalReward());
      case FIXED -> rejectedReward.value();
    };
  }

  private static boolean rejected(Member member) {
    return member.endStatus() == SequenceStatus.REJECTED.ordinal();
  }

  private static boolean finished(SequenceStatus status) {
    return status == SequenceStatus.COMPLETED || status == SequenceStatus.TRUNCATED;
  }
}

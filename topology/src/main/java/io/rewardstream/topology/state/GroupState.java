package io.rewardstream.topology.state;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the topology remembers about one prompt group, persisted in the {@code groups} store under
 * the group id: the declared size, its members' standing, and the checkpoint decisions already
 * taken.
 */
public final class GroupState {
  final String groupId;
  int groupSize;
  String policyVersion;
  long createdWallMs;
  long lastDecision = -1;
  long waitingSinceWallMs = -1;
  final Map<String, Member> members = new LinkedHashMap<>();
  long endedWallMs = -1;

  public GroupState(String groupId, int groupSize, long createdWallMs) {
    this.groupId = groupId;
    this.groupSize = groupSize;
    this.createdWallMs = createdWallMs;
  }

  public String groupId() {
    return groupId;
  }

  public int groupSize() {
    return groupSize;
  }

  public String policyVersion() {
    return policyVersion;
  }

  public void policyVersion(String value) {
    if (value != null) {
      policyVersion = value;
    }
  }

  public long createdWallMs() {
    return createdWallMs;
  }

  /** Checkpoint of the latest rank/quantile decision, or -1. */
  public long lastDecision() {
    return lastDecision;
  }

  public void lastDecision(long checkpoint) {
    this.lastDecision = checkpoint;
  }

  /** Wall-clock time a live member first passed the last decision, or -1 when none has. */
  public long waitingSinceWallMs() {
    return waitingSinceWallMs;
  }

  public void waitingSinceWallMs(long value) {
    this.waitingSinceWallMs = value;
  }

  public Member member(String sequenceId) {
    return members.get(sequenceId);
  }

  public Member addMember(String sequenceId) {
    return members.computeIfAbsent(sequenceId, Member::new);
  }

  public Collection<Member> members() {
    return members.values();
  }

  public List<Member> live() {
    List<Member> live = new ArrayList<>();
    for (Member member : members.values()) {
      if (member.live()) {
        live.add(member);
      }
    }
    return live;
  }

  /** Declared members that have not sent their first chunk yet (none once the group ended). */
  public int notStarted() {
    return ended() ? 0 : Math.max(0, groupSize - members.size());
  }

  /**
   * Ends the group at wall-clock time {@code nowMs}, once its GroupReward is out: what stays is the
   * marker that refuses late members (without it, a member starting now would open a new group and
   * earn the group a second GroupReward).
   */
  public void end(long nowMs) {
    endedWallMs = nowMs;
    waitingSinceWallMs = -1;
    members.clear();
  }

  /** True once the GroupReward is out. */
  public boolean ended() {
    return endedWallMs >= 0;
  }

  /** When the group ended, or -1. */
  public long endedWallMs() {
    return endedWallMs;
  }

  /** True once every declared member has its SequenceReward. */
  public boolean allRewarded() {
    if (members.size() < groupSize) {
      return false;
    }
    for (Member member : members.values()) {
      if (!member.rewarded()) {
        return false;
      }
    }
    return true;
  }
}

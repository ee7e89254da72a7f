package io.rewardstream.topology;

import io.rewardstream.avro.EarlyRejection;
import io.rewardstream.avro.GroupReward;
import io.rewardstream.avro.SequenceStatus;
import io.rewardstream.avro.StepScore;
import io.rewardstream.topology.rejection.Decision;
import io.rewardstream.topology.rewards.GroupRewards;
import io.rewardstream.topology.scoring.ScoredJob;
import io.rewardstream.topology.scoring.Target;
import io.rewardstream.topology.state.Checkpoint;
import io.rewardstream.topology.state.GroupState;
import io.rewardstream.topology.state.Member;
import io.rewardstream.topology.state.SequenceState;
import io.rewardstream.topology.state.SequenceState.Phase;
import io.rewardstream.topology.state.Step;
import io.rewardstream.topology.stats.StatsRecorder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * The group side of the topology: records step scores against the member that earned them, takes
 * early-rejection decisions, and emits the GroupReward once every member has ended (or the group's
 * TTL has passed).
 */
final class GroupCoordinator {
  private final TopologySettings settings;
  private final ProcessorContext<String, Object> context;
  private final TimedStore<GroupState> groups;
  private final StatsRecorder stats;
  private final RewardStreamSensors sensors;
  private final SequenceLifecycle lifecycle;

  /** Groups of this task whose next checkpoint decision waits for stragglers. */
  private final Set<String> waiting = new HashSet<>();

  private boolean scanned;
  private long lastExpiryMs;

  GroupCoordinator(
      TopologySettings settings,
      ProcessorContext<String, Object> context,
      TimedStore<GroupState> groups,
      StatsRecorder stats,
      RewardStreamSensors sensors,
      SequenceLifecycle lifecycle) {
    this.settings = settings;
    this.context = context;
    this.groups = groups;
    this.stats = stats;
    this.sensors = sensors;
    this.lifecycle = lifecycle;
  }

  /** Records the rewards of a finished scoring job, emits StepScores, and decides rejections. */
  void applyScores(SequenceState state, ScoredJob result, long now) {
    GroupState group = groups.get(state.groupId());
    Member member = lifecycle.memberOf(group, state.sequenceId());
    List<Target> targets = new ArrayList<>(result.job().targets());
    targets.sort(Comparator.comparingInt(Target::responseEnd));
    boolean scored = false;
    long reached = result.job().sourceProducedAt();
    for (Target target : targets) {
      if (target.stepIndex() >= state.steps().size()) {
        continue;
      }
      Step step = state.steps().get(target.stepIndex());
      if (target.partial() ? stalePartial(step, target) : staleComplete(step, target)) {
        continue;
      }
      double reward = result.reward(target);
      long reachedAt =
          target.reachedAt() >= 0 ? target.reachedAt() : result.job().sourceProducedAt();
      int checkpoints = target.partial() ? target.checkpoints() : step.partialCheckpoints();
      step.recordReward(reward, target.responseEnd(), checkpoints, reachedAt);
      StepScore event =
          settings
              .events()
              .stepScore(
                  state,
                  target.stepIndex(),
                  target.partial(),
                  reward,
                  result.headRewards(target),
                  reachedAt,
                  now);
      context.forward(
          new Record<String, SpecificRecord>(state.groupId(), event, now),
          RewardTopology.STEP_SCORES_SINK);
      sensors.stepScores.record();
      if (member != null) {
        long checkpoint =
            target.partial()
                ? Checkpoint.of(target.stepIndex(), target.checkpoints() * settings.tau())
                : Checkpoint.stepEnd(target.stepIndex());
        member.scored(checkpoint, reward, now);
        member.tokens(state.tokenCount());
        scored = true;
        reached = reachedAt;
      }
    }
    if (group == null || member == null || !scored) {
      return;
    }
    // From the chunk that brought the member to the checkpoint just scored, not from its newest
    // chunk: a step that waited behind a busy model while later chunks came in waited for this.
    long source = reached;
    // One rule after the other: the rank rules count the live siblings after the threshold rule's
    // rejection, so that together they never leave fewer than min-survivors.
    reject(group, settings.rejection().onScore(group, member), source, state, now);
    reject(group, settings.rejection().onProgress(group, now), source, state, now);
    save(group);
  }

  private static boolean staleComplete(Step step, Target target) {
    return !step.complete() || step.end() != target.responseEnd();
  }

  private static boolean stalePartial(Step step, Target target) {
    boolean hasComplete = step.complete() && step.scored() && !step.rewardIsPartial();
    return hasComplete || (step.scored() && target.checkpoints() <= step.partialCheckpoints());
  }

  /**
   * Rejects the decided members: marks them, emits EarlyRejections. {@code sourceProducedAt} is the
   * produced_at of the chunk whose score completed the checkpoint, or -1 when a timer took the
   * decision (each member's own chunk that reached its latest scored point is used then).
   */
  private void reject(
      GroupState group,
      List<Decision> decisions,
      long sourceProducedAt,
      SequenceState held,
      long now) {
    for (Decision decision : decisions) {
      Member member = decision.member();
      if (!member.live()) {
        continue;
      }
      SequenceState s = lifecycle.load(group.groupId(), member.sequenceId(), held);
      // A candidate whose last chunk has arrived has nothing left to save: it keeps its rank and
      // ends as it finished (its generator would ignore the rejection anyway).
      if (s == null || s.phase() != Phase.ACTIVE || s.finishReason() >= 0) {
        continue;
      }
      long source = sourceProducedAt >= 0 ? sourceProducedAt : s.lastScoredReachedAt();
      member.reject();
      s.reject(now, source);
      EarlyRejection event = settings.events().rejection(s, decision, source, now);
      context.forward(
          new Record<String, SpecificRecord>(group.groupId(), event, now),
          RewardTopology.REJECTIONS_SINK);
      double latency = Math.max(0, now - source);
      stats.rejected(s.policyVersion(), now, latency);
      sensors.rejections.record();
      sensors.decisionLatency.record(latency);
      if (lifecycle.ackTimeoutMs() == 0) {
        lifecycle.end(s, SequenceStatus.REJECTED, now, group);
      } else {
        lifecycle.save(s);
      }
    }
  }

  /**
   * A member ended: record it, reconsider the checkpoint it may have held up, maybe end the group.
   */
  void memberEnded(
      GroupState group,
      String sequenceId,
      SequenceStatus status,
      double reward,
      long tokens,
      long ignoredTokens,
      long now) {
    Member member = group.addMember(sequenceId);
    member.tokens(tokens);
    member.ignoredTokens(ignoredTokens);
    member.rewarded(status.ordinal(), reward);
    if (group.allRewarded()) {
      emitGroupReward(group, true, now);
      return;
    }
    reject(group, settings.rejection().onProgress(group, now), -1, null, now);
    if (!group.ended() && group.allRewarded()) {
      emitGroupReward(group, true, now);
    }
  }

  /**
   * Timer: checkpoints whose stragglers waited too long, and groups past their TTL. Only groups
   * known to be waiting are loaded on every tick, and only groups that are due at most once a
   * second (for TTLs, and markers to forget). The whole store is read once, the first time, to find
   * waiting groups again after a restart or rebalance.
   */
  void checkGroups(long now) {
    if (!scanned) {
      scanned = true;
      try (KeyValueIterator<String, GroupState> all = groups.all()) {
        while (all.hasNext()) {
          GroupState g = all.next().value;
          if (!g.ended() && g.waitingSinceWallMs() >= 0) {
            waiting.add(g.groupId());
          }
        }
      }
    }
    if (now - lastExpiryMs >= Math.min(1_000L, settings.groupTtlMs())) {
      lastExpiryMs = now;
      expireGroups(now);
    }
    for (String groupId : List.copyOf(waiting)) {
      GroupState group = groups.get(groupId);
      if (group == null || group.ended()) {
        waiting.remove(groupId);
        continue;
      }
      reject(group, settings.rejection().onProgress(group, now), -1, null, now);
      save(group);
    }
  }

  private void expireGroups(long now) {
    for (GroupState group : groups.due(now)) {
      if (group.ended()) {
        groups.delete(group.groupId());
      } else {
        emitGroupReward(group, false, now);
      }
    }
  }

  private void emitGroupReward(GroupState group, boolean complete, long now) {
    GroupRewards.Result result = settings.groupRewards().compute(group);
    GroupReward event = settings.events().groupReward(group, result, complete, now);
    context.forward(
        new Record<String, SpecificRecord>(group.groupId(), event, now),
        RewardTopology.GROUP_REWARDS_SINK);
    long saved = tokensSaved(group);
    if (saved > 0) {
      stats.saved(group.policyVersion(), now, saved);
      sensors.tokensSaved.record(saved);
    }
    sensors.groupsEnded.record();
    group.end(now);
    waiting.remove(group.groupId());
    groups.put(group);
  }

  /**
   * For each rejected member (also one whose generator has not confirmed yet), the group's mean
   * completed length minus the tokens it cost, those its generator sent after the rejection
   * included; at least 0 each. A group with no completed member saved nothing measurable: 0.
   */
  private static long tokensSaved(GroupState group) {
    long completedTokens = 0;
    int completed = 0;
    for (Member m : group.members()) {
      if (m.endStatus() == SequenceStatus.COMPLETED.ordinal()
          || m.endStatus() == SequenceStatus.TRUNCATED.ordinal()) {
        completedTokens += m.tokens();
        completed++;
      }
    }
    if (completed == 0) {
      return 0;
    }
    double mean = (double) completedTokens / completed;
    long saved = 0;
    for (Member m : group.members()) {
      if (m.status() == Member.Status.REJECTED) {
        saved += Math.max(0, Math.round(mean - m.tokens() - m.ignoredTokens()));
      }
    }
    return saved;
  }

  /** Persists the group unless it has ended, and keeps track of whether it is waiting. */
  void save(GroupState group) {
    if (group.ended()) {
      return;
    }
    groups.put(group);
    if (group.waitingSinceWallMs() >= 0) {
      waiting.add(group.groupId());
    } else {
      waiting.remove(group.groupId());
    }
  }
}

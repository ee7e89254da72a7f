package io.rewardstream.topology;

import io.rewardstream.avro.FinishReason;
import io.rewardstream.avro.SequenceReward;
import io.rewardstream.avro.SequenceStatus;
import io.rewardstream.topology.scoring.ScoredJob;
import io.rewardstream.topology.state.GroupState;
import io.rewardstream.topology.state.Member;
import io.rewardstream.topology.state.SequenceState;
import io.rewardstream.topology.state.SequenceState.Phase;
import io.rewardstream.topology.stats.StatsRecorder;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves sequences through their life within one task once their chunks are taken in (by {@link
 * ChunkIntake}): scoring requests and results (through {@link TaskScoring}), expiry, and the end
 * that emits the SequenceReward. Checkpoint decisions and group rewards are delegated to {@link
 * GroupCoordinator}.
 */
final class SequenceLifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(SequenceLifecycle.class);

  private final TopologySettings settings;
  private final ProcessorContext<String, Object> context;
  private final TimedStore<SequenceState> sequences;
  private final TimedStore<GroupState> groups;
  private final StatsRecorder stats;
  private final RewardStreamSensors sensors;
  private final GroupCoordinator coordinator;
  private final TaskScoring scoring;
  private boolean recovered;

  SequenceLifecycle(
      TopologySettings settings,
      ProcessorContext<String, Object> context,
      TimedStore<SequenceState> sequences,
      TimedStore<GroupState> groups,
      StatsRecorder stats,
      RewardStreamSensors sensors) {
    this.settings = settings;
    this.context = context;
    this.sequences = sequences;
    this.groups = groups;
    this.stats = stats;
    this.sensors = sensors;
    this.coordinator = new GroupCoordinator(settings, context, groups, stats, sensors, this);
    this.scoring = new TaskScoring(settings, sensors);
  }

  /** Submits the scoring the sequence needs, or ends it when it finished and all is scored. */
  void schedule(SequenceState state, long now) {
    if (state.phase() != Phase.ACTIVE || scoring.inFlight(state.key())) {
      return;
    }
    if (!scoring.submit(state) && state.finishReason() >= 0) {
      SequenceStatus status =
          state.finishReason() == FinishReason.LENGTH.ordinal()
              ? SequenceStatus.TRUNCATED
              : SequenceStatus.COMPLETED;
      end(state, status, now, null);
    }
  }

  /**
   * Applies the scores that came back for this task; first, after a restart, replans. With {@code
   * runInline}, inline scoring (score.threads=0) first scores what is queued: punctuation does
   * that, record processing does not, so that records arriving together share a batch.
   */
  void drain(long now, boolean runInline) {
    if (scoring.closed()) {
      return;
    }
    if (runInline) {
      scoring.runPending();
    }
    if (!recovered) {
      recovered = true;
      recover(now);
    }
    ScoredJob result;
    while ((result = scoring.next()) != null) {
      SequenceState state = sequences.get(result.job().sequenceKey());
      if (state == null || state.phase() != Phase.ACTIVE) {
        continue;
      }
      coordinator.applyScores(state, result, now);
      if (state.phase() == Phase.ACTIVE) {
        settings.planner().trim(state);
        sequences.put(state);
        schedule(state, now);
      }
    }
  }

  private void recover(long now) {
    List<String> active = new ArrayList<>();
    try (KeyValueIterator<String, SequenceState> all = sequences.all()) {
      while (all.hasNext()) {
        KeyValue<String, SequenceState> entry = all.next();
        if (entry.value.phase() == Phase.ACTIVE) {
          active.add(entry.key);
        }
      }
    }
    for (String key : active) {
      schedule(sequences.get(key), now);
    }
    if (!active.isEmpty()) {
      LOG.info("Task {} resumed scoring for {} active sequences", context.taskId(), active.size());
    }
  }

  /** Ends idle sequences (EXPIRED), rejected ones whose generator never confirmed, old markers. */
  void expireSequences(long now) {
    for (SequenceState listed : sequences.due(now)) {
      // Ending one sequence can change a sibling listed after it (an expiring straggler releases
      // a checkpoint and the rank rule rejects the sibling): act on the sibling as it is now.
      String key = listed.key();
      SequenceState s = sequences.get(key);
      if (s == null || !sequences.isDue(s, now)) {
        continue;
      }
      switch (s.phase()) {
        case ACTIVE -> {
          if (!s.pending().isEmpty()) {
            LOG.warn("{} expired with {} chunks held behind a gap", key, s.pending().size());
          }
          end(s, SequenceStatus.EXPIRED, now, null);
        }
        case REJECTED -> end(s, SequenceStatus.REJECTED, now, null);
        case ENDED -> sequences.delete(key);
      }
    }
  }

  /** Releases stalled checkpoints and expires groups. */
  void checkGroups(long now) {
    coordinator.checkGroups(now);
  }

  /**
   * Ends a sequence: emits its SequenceReward, tells its group, and shrinks its state to the marker
   * that recognises late chunks.
   */
  void end(SequenceState state, SequenceStatus status, long now, GroupState knownGroup) {
    SequenceReward reward = settings.events().sequenceReward(state, status, now);
    context.forward(
        new Record<String, SpecificRecord>(state.groupId(), reward, now),
        RewardTopology.REWARDS_SINK);
    sensors.sequencesEnded.record();
    if (status != SequenceStatus.REJECTED) {
      stats.finished(state.policyVersion(), now);
    }
    long tokens = state.tokenCount();
    long ignored = state.ignoredTokens();
    state.end(status.ordinal(), now);
    sequences.put(state);
    scoring.forget(state.key());
    GroupState group = knownGroup != null ? knownGroup : groups.get(state.groupId());
    // A group past its TTL has had its GroupReward without this member: it is not reopened.
    if (group != null && !group.ended()) {
      coordinator.memberEnded(
          group, state.sequenceId(), status, reward.getFinalReward(), tokens, ignored, now);
      if (knownGroup == null) {
        coordinator.save(group);
      }
    }
  }

  /** The state of {@code sequenceId}, preferring the copy the caller already holds. */
  SequenceState load(String groupId, String sequenceId, SequenceState held) {
    String key = SequenceState.key(groupId, sequenceId);
    if (held != null && held.key().equals(key)) {
      return held;
    }
    return sequences.get(key);
  }

  /** Saves a group changed by a chunk (a new member). */
  void saveGroup(GroupState group) {
    coordinator.save(group);
  }

  /** Saves a sequence changed by the coordinator (for example, rejected). */
  void save(SequenceState state) {
    sequences.put(state);
    if (state.phase() != Phase.ACTIVE) {
      scoring.forget(state.key());
    }
  }

  long ackTimeoutMs() {
    return settings.ackTimeoutMs();
  }

  Member memberOf(GroupState group, String sequenceId) {
    return group == null ? null : group.member(sequenceId);
  }

  void close() {
    scoring.close();
  }
}

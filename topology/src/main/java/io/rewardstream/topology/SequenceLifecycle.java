package io.rewardstream.topology;

import io.rewardstream.avro.FinishReason;
import io.rewardstream.avro.GenerationChunk;
import io.rewardstream.avro.SequenceReward;
import io.rewardstream.avro.SequenceStatus;
import io.rewardstream.topology.errors.BadInputException;
import io.rewardstream.topology.errors.BadInputException.Reason;
import io.rewardstream.topology.scoring.ScoredJob;
import io.rewardstream.topology.state.CachedStore;
import io.rewardstream.topology.state.GroupState;
import io.rewardstream.topology.state.Member;
import io.rewardstream.topology.state.PendingChunk;
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
 * Moves sequences through their life within one task: start, chunks (in order, buffered across
 * gaps, or ignored after rejection), scoring requests and results (through {@link TaskScoring}),
 * and the end that emits the SequenceReward. Checkpoint decisions and group rewards are delegated
 * to {@link GroupCoordinator}.
 */
final class SequenceLifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(SequenceLifecycle.class);

  private final TopologySettings settings;
  private final ProcessorContext<String, SpecificRecord> context;
  private final SequenceStore sequences;
  private final CachedStore<GroupState> groups;
  private final StatsRecorder stats;
  private final RewardStreamSensors sensors;
  private final GroupCoordinator coordinator;
  private final TaskScoring scoring;
  private boolean recovered;

  SequenceLifecycle(
      TopologySettings settings,
      ProcessorContext<String, SpecificRecord> context,
      SequenceStore sequences,
      CachedStore<GroupState> groups,
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

  /** Creates the state of a new sequence from its chunk 0, registering it with its group. */
  SequenceState start(GenerationChunk chunk, long now) {
    String groupId = chunk.getGroupId();
    String sequenceId = chunk.getSequenceId();
    Integer size = chunk.getGroupSize();
    if (size == null || size <= 0) {
      throw new BadInputException(
          Reason.MISSING_GROUP_SIZE,
          "chunk 0 of "
              + groupId
              + "/"
              + sequenceId
              + " must carry a positive group_size, was "
              + size);
    }
    GroupState group = groups.get(groupId);
    if (group != null && group.groupSize() != size) {
      throw groupSizeMismatch(group, sequenceId, size);
    }
    if (group != null && group.member(sequenceId) == null && group.members().size() >= size) {
      throw new BadInputException(
          Reason.GROUP_SIZE_EXCEEDED,
          "sequence "
              + sequenceId
              + " would be member "
              + (group.members().size() + 1)
              + " of group "
              + groupId
              + ", whose group_size is "
              + size);
    }
    if (group == null) {
      group = new GroupState(groupId, size, now);
    }
    group.policyVersion(chunk.getPolicyVersion());
    group.addMember(sequenceId);
    coordinator.save(group);
    SequenceState state = new SequenceState(groupId, sequenceId);
    state.policyVersion(
        chunk.getPolicyVersion() != null ? chunk.getPolicyVersion() : group.policyVersion());
    if (chunk.getPrompt() != null && chunk.getPrompt().getTokenIds() != null) {
      state.promptTokens(
          chunk.getPrompt().getTokenIds().stream().mapToInt(Integer::intValue).toArray());
    }
    state.startedAt(chunk.getProducedAt().toEpochMilli());
    stats.started(state.policyVersion(), now);
    return state;
  }

  /** Refuses a later chunk whose group_size disagrees with the group's. */
  void checkGroupSize(SequenceState state, GenerationChunk chunk) {
    Integer size = chunk.getGroupSize();
    if (size == null) {
      return;
    }
    GroupState group = groups.get(state.groupId());
    if (group != null && group.groupSize() != size) {
      throw groupSizeMismatch(group, state.sequenceId(), size);
    }
  }

  private static BadInputException groupSizeMismatch(
      GroupState group, String sequenceId, int size) {
    return new BadInputException(
        Reason.GROUP_SIZE_MISMATCH,
        "sequence "
            + sequenceId
            + " declares group_size "
            + size
            + " but group "
            + group.groupId()
            + " was started with "
            + group.groupSize());
  }

  /** Holds a chunk that arrived ahead of a gap, or refuses it by the gap policy. */
  void buffer(SequenceState state, GenerationChunk chunk) {
    String gap =
        "chunk "
            + chunk.getChunkIndex()
            + " of "
            + state.key()
            + " arrived while chunk "
            + state.nextChunkIndex()
            + " is missing";
    if (!settings.bufferGaps()) {
      throw new BadInputException(Reason.CHUNK_GAP, gap + " (chunk.gap-policy=dead-letter)");
    }
    for (PendingChunk held : state.pending()) {
      if (held.chunkIndex() == chunk.getChunkIndex()) {
        sensors.duplicates.record();
        return;
      }
    }
    if (state.pending().size() >= settings.maxBuffered()) {
      throw new BadInputException(
          Reason.CHUNK_GAP,
          gap + " and " + state.pending().size() + " chunks are already held (chunk.max-buffered)");
    }
    state.pending().add(Chunks.pending(chunk));
    sequences.put(state);
  }

  /** Takes the next chunk in order, then any held chunks it makes contiguous. */
  void accept(SequenceState state, GenerationChunk chunk, long now) {
    apply(state, Chunks.pending(chunk), now, true);
    boolean progressed = true;
    while (progressed && state.phase() == Phase.ACTIVE) {
      progressed = false;
      for (PendingChunk held : state.pending()) {
        if (held.chunkIndex() == state.nextChunkIndex()) {
          state.pending().remove(held);
          apply(state, held, now, false);
          progressed = true;
          break;
        }
      }
    }
    if (state.phase() != Phase.ENDED) {
      settings.planner().trim(state);
      sequences.put(state);
    }
    schedule(state, now);
  }

  private void apply(SequenceState state, PendingChunk chunk, long now, boolean current) {
    int[] tokens = chunk.tokenIds();
    int context = state.promptTokens().length + state.tokenCount() + tokens.length;
    if (settings.rejectOverflow() && context > settings.model().maxContext()) {
      end(state, SequenceStatus.TRUNCATED, now, null);
      if (current) {
        throw new BadInputException(
            Reason.CONTEXT_OVERFLOW,
            state.key()
                + " would reach "
                + context
                + " tokens, past the model's context of "
                + settings.model().maxContext()
                + " (context.overflow=reject); the sequence ended TRUNCATED");
      }
      return;
    }
    int separator = settings.model().stepSeparatorId();
    for (int token : tokens) {
      state.appendToken(token, token == separator);
    }
    String separatorText = settings.model().stepSeparatorText();
    if (separator < 0
        && separatorText != null
        && !separatorText.isEmpty()
        && chunk.text() != null
        && state.endsStepInText(chunk.text(), separatorText)) {
      // Chunks carry no per-token text: the step ends with the chunk the separator ends in.
      state.closeLastStep();
    }
    state.nextChunkIndex(chunk.chunkIndex() + 1);
    state.lastProducedAt(chunk.producedAt());
    state.lastSeenWallMs(now);
    stats.tokens(state.policyVersion(), now, tokens.length);
    sensors.tokens.record(tokens.length);
    if (chunk.finishReason() == FinishReason.ABORTED.ordinal()) {
      end(state, SequenceStatus.ABORTED, now, null);
    } else if (chunk.finishReason() >= 0) {
      state.closeLastStep();
      state.finishReason(chunk.finishReason());
    }
  }

  /** A chunk for a rejected sequence: counted and dropped; its last chunk ends the sequence. */
  void afterRejection(SequenceState state, GenerationChunk chunk, long now) {
    state.addIgnoredTokens(chunk.getTokenIds().size());
    sensors.tokensIgnored.record(chunk.getTokenIds().size());
    if (chunk.getFinishReason() != null) {
      end(state, SequenceStatus.REJECTED, now, null);
    } else {
      sequences.put(state);
    }
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
    for (SequenceState s : sequences.due(now)) {
      String key = s.key();
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
    state.end(status.ordinal(), now);
    sequences.put(state);
    scoring.forget(state.key());
    GroupState group = knownGroup != null ? knownGroup : groups.get(state.groupId());
    if (group != null) {
      coordinator.memberEnded(
          group, state.sequenceId(), status, reward.getFinalReward(), tokens, now);
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

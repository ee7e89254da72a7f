package io.rewardstream.topology;

import io.rewardstream.avro.FinishReason;
import io.rewardstream.avro.GenerationChunk;
import io.rewardstream.avro.SequenceStatus;
import io.rewardstream.topology.errors.BadInputException;
import io.rewardstream.topology.errors.BadInputException.Reason;
import io.rewardstream.topology.state.GroupState;
import io.rewardstream.topology.state.PendingChunk;
import io.rewardstream.topology.state.SequenceState;
import io.rewardstream.topology.state.SequenceState.Phase;
import io.rewardstream.topology.state.Step;
import io.rewardstream.topology.stats.StatsRecorder;
import java.time.Instant;
import java.util.List;

/**
 * Takes a task's chunks into sequence state: starts a sequence from its chunk 0 (registering it
 * with its group), appends chunks in order and cuts their tokens into steps, holds chunks that
 * arrive ahead of a gap, and counts the chunks of rejected sequences. What follows a chunk
 * (scoring, the end) is the {@link SequenceLifecycle}'s.
 */
final class ChunkIntake {
  private final TopologySettings settings;
  private final SequenceLifecycle lifecycle;
  private final TimedStore<SequenceState> sequences;
  private final TimedStore<GroupState> groups;
  private final StatsRecorder stats;
  private final RewardStreamSensors sensors;

  ChunkIntake(
      TopologySettings settings,
      SequenceLifecycle lifecycle,
      TimedStore<SequenceState> sequences,
      TimedStore<GroupState> groups,
      StatsRecorder stats,
      RewardStreamSensors sensors) {
    this.settings = settings;
    this.lifecycle = lifecycle;
    this.sequences = sequences;
    this.groups = groups;
    this.stats = stats;
    this.sensors = sensors;
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
    if (size > settings.maxGroupSize()) {
      throw new BadInputException(
          Reason.GROUP_SIZE_EXCEEDED,
          "chunk 0 of "
              + groupId
              + "/"
              + sequenceId
              + " declares group_size "
              + size
              + ", more than group.max-size "
              + settings.maxGroupSize());
    }
    GroupState group = groups.get(groupId);
    if (group != null && group.ended()) {
      throw new BadInputException(
          Reason.ENDED_GROUP,
          "sequence "
              + sequenceId
              + " starts in group "
              + groupId
              + ", whose GroupReward went out at "
              + Instant.ofEpochMilli(group.endedWallMs())
              + "; a group id is not reused within group.ttl-ms");
    }
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
    lifecycle.saveGroup(group);
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
  /**
   * Most bytes of chunks held behind a gap in one sequence's state. With the prompt (at most
   * chunk.max-prompt-tokens), the response tokens the context keeps and the steps, the state's
   * changelog record stays under Kafka's default max.request.size of 1 MiB.
   */
  static final long MAX_HELD_BYTES = 256 * 1024;

  private static long heldBytes(SequenceState state) {
    long bytes = 0;
    for (PendingChunk chunk : state.pending()) {
      bytes += PendingChunk.estimatedBytes(chunk);
    }
    return bytes;
  }

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
    PendingChunk pending = Chunks.pending(chunk);
    long held = heldBytes(state) + PendingChunk.estimatedBytes(pending);
    if (held > MAX_HELD_BYTES) {
      throw new BadInputException(
          Reason.CHUNK_GAP,
          gap
              + " and holding it would keep about "
              + held
              + " bytes of chunks in the sequence's state, more than "
              + MAX_HELD_BYTES
              + " (its changelog record must stay under the producer's max.request.size)");
    }
    state.pending().add(pending);
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
    lifecycle.schedule(state, now);
  }

  private void apply(SequenceState state, PendingChunk chunk, long now, boolean current) {
    int[] tokens = chunk.tokenIds();
    int context = state.promptTokens().length + state.tokenCount() + tokens.length;
    if (settings.rejectOverflow() && context > settings.model().maxContext()) {
      lifecycle.end(state, SequenceStatus.TRUNCATED, now, null);
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
    List<Step> steps = state.steps();
    int touched = steps.isEmpty() ? 0 : steps.size() - 1;
    boolean lastWasComplete = !steps.isEmpty() && steps.get(touched).complete();
    int lastCheckpoints = steps.isEmpty() ? 0 : steps.get(touched).length() / settings.tau();
    settings.stepCutter().append(state, tokens, chunk.text());
    if (chunk.finishReason() >= 0 && chunk.finishReason() != FinishReason.ABORTED.ordinal()) {
      state.closeLastStep();
    }
    markReached(steps, touched, lastWasComplete, lastCheckpoints, chunk.producedAt());
    state.nextChunkIndex(chunk.chunkIndex() + 1);
    state.lastProducedAt(chunk.producedAt());
    state.lastSeenWallMs(now);
    stats.tokens(state.policyVersion(), now, tokens.length);
    sensors.tokens.record(tokens.length);
    if (chunk.finishReason() == FinishReason.ABORTED.ordinal()) {
      lifecycle.end(state, SequenceStatus.ABORTED, now, null);
    } else if (chunk.finishReason() >= 0) {
      state.finishReason(chunk.finishReason());
    }
  }

  /**
   * Stamps the steps this chunk completed, or whose tau checkpoint it crossed, with its
   * produced_at: the start of the decision latency of whatever is decided at that point. {@code
   * touched} is the first step the chunk could change (the one open before it), {@code
   * lastWasComplete} and {@code lastCheckpoints} that step's state before it.
   */
  private void markReached(
      List<Step> steps,
      int touched,
      boolean lastWasComplete,
      int lastCheckpoints,
      long producedAt) {
    for (int i = touched; i < steps.size(); i++) {
      Step step = steps.get(i);
      boolean before = i == touched;
      if (step.complete()) {
        if (!(before && lastWasComplete)) {
          step.reachedAt(producedAt);
        }
      } else if (step.length() / settings.tau() > (before ? lastCheckpoints : 0)) {
        step.reachedAt(producedAt);
      }
    }
  }

  /** A chunk for a rejected sequence: counted and dropped; its last chunk ends the sequence. */
  void afterRejection(SequenceState state, GenerationChunk chunk, long now) {
    state.addIgnoredTokens(chunk.getTokenIds().size());
    sensors.tokensIgnored.record(chunk.getTokenIds().size());
    if (chunk.getFinishReason() != null) {
      lifecycle.end(state, SequenceStatus.REJECTED, now, null);
    } else {
      sequences.put(state);
    }
  }
}

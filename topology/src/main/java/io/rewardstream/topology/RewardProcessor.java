package io.rewardstream.topology;

import io.rewardstream.avro.GenerationChunk;
import io.rewardstream.avro.SequenceStatus;
import io.rewardstream.topology.errors.BadInputException;
import io.rewardstream.topology.errors.BadInputException.Reason;
import io.rewardstream.topology.state.CachedStore;
import io.rewardstream.topology.state.GroupState;
import io.rewardstream.topology.state.SequenceState;
import io.rewardstream.topology.state.SequenceState.Phase;
import io.rewardstream.topology.state.WriteBehindStore;
import io.rewardstream.topology.stats.StatsRecorder;
import io.rewardstream.topology.stats.StatsWindow;
import java.time.Duration;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-task heart of the topology: takes each GenerationChunk, keeps the sequence and group
 * state, hands scoring work to the shared {@link io.rewardstream.topology.scoring.ScoringService},
 * and, as scores come back to this task, emits step scores, early rejections, sequence rewards and
 * group rewards. Timers (wall-clock punctuation) expire idle sequences and groups, release
 * checkpoints held up by stalled siblings, and close statistics windows.
 *
 * <p>All records of a group arrive on one partition (keyed by group_id), so one task owns a group
 * and all its sequences; no cross-task coordination is needed beyond the scoring batches.
 */
final class RewardProcessor implements Processor<String, GenerationChunk, String, Object> {
  private static final Logger LOG = LoggerFactory.getLogger(RewardProcessor.class);

  private final TopologySettings settings;
  private ProcessorContext<String, Object> context;
  private TimedStore<SequenceState> sequences;
  private CachedStore<SequenceState> sequenceObjects;
  private CachedStore<GroupState> groups;
  private CachedStore<StatsWindow> statsWindows;
  private StatsRecorder stats;
  private RewardStreamSensors sensors;
  private SequenceLifecycle lifecycle;
  private ChunkIntake intake;
  private long lastSequenceScanMs;

  RewardProcessor(TopologySettings settings) {
    this.settings = settings;
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    this.context = context;
    this.sequenceObjects = objects(RewardTopology.SEQUENCE_STORE);
    this.groups = objects(RewardTopology.GROUP_STORE);
    this.statsWindows = objects(RewardTopology.STATS_STORE);
    this.sequences =
        TimedStore.sequences(sequenceObjects, settings.sequenceTtlMs(), settings.ackTimeoutMs());
    this.stats = new StatsRecorder(statsWindows, settings.metricsWindowMs());
    this.sensors = new RewardStreamSensors(context.metrics(), "task-" + context.taskId());
    TimedStore<GroupState> groupStore = TimedStore.groups(groups, settings.groupTtlMs());
    this.lifecycle =
        new SequenceLifecycle(settings, context, sequences, groupStore, stats, sensors);
    this.intake = new ChunkIntake(settings, lifecycle, sequences, groupStore, stats, sensors);
    context.schedule(
        Duration.ofMillis(settings.drainIntervalMs()),
        PunctuationType.WALL_CLOCK_TIME,
        now -> guarded(() -> lifecycle.drain(now, true)));
    context.schedule(
        Duration.ofMillis(settings.timersIntervalMs()),
        PunctuationType.WALL_CLOCK_TIME,
        now -> guarded(() -> timers(now)));
  }

  @Override
  public void process(Record<String, GenerationChunk> record) {
    guarded(() -> accept(record));
  }

  private <V> CachedStore<V> objects(String store) {
    WriteBehindStore<V> writeBehind = context.getStateStore(store);
    return writeBehind.objects();
  }

  /**
   * Runs {@code work}; if it fails, the unchanged state objects are forgotten before the failure
   * goes on to the error handler, so that an object changed by mistake without being put back is
   * read again from the store. Objects that were put stay, to be written at the commit, as Kafka
   * Streams' own record cache would keep them: bad input is refused before it changes anything (or
   * after what it changed was put), and a failure that fails the stream thread under exactly-once
   * aborts the transaction and rebuilds the task's stores from their changelogs anyway.
   */
  private void guarded(Runnable work) {
    try {
      work.run();
    } catch (RuntimeException e) {
      sequenceObjects.clear();
      groups.clear();
      statsWindows.clear();
      throw e;
    }
  }

  private void accept(Record<String, GenerationChunk> record) {
    long now = context.currentSystemTimeMs();
    lifecycle.drain(now, false);
    GenerationChunk chunk = record.value();
    settings.validator().validate(record.key(), chunk);
    sensors.chunks.record();
    sensors.chunkIntake.record(Math.max(0, now - chunk.getProducedAt().toEpochMilli()));
    String key = SequenceState.key(chunk.getGroupId(), chunk.getSequenceId());
    SequenceState state = sequences.get(key);
    if (state == null) {
      if (chunk.getChunkIndex() != 0) {
        throw new BadInputException(
            Reason.UNKNOWN_SEQUENCE,
            "chunk "
                + chunk.getChunkIndex()
                + " for "
                + key
                + ", which has no chunk 0 and is not known (never started, or ended long ago)");
      }
      state = intake.start(chunk, now);
    } else if (state.phase() == Phase.ENDED
        && state.endStatus() == SequenceStatus.REJECTED.ordinal()) {
      // A generator that is slow to act on its rejection keeps sending for a while, also after the
      // reward went out (rejection.ack-timeout-ms): expected traffic, counted and dropped.
      sensors.tokensIgnored.record(chunk.getTokenIds().size());
      LOG.debug("Dropping chunk {} of rejected {}", chunk.getChunkIndex(), key);
      return;
    } else if (state.phase() == Phase.ENDED) {
      throw new BadInputException(
          Reason.ENDED_SEQUENCE,
          "chunk "
              + chunk.getChunkIndex()
              + " for "
              + key
              + ", which already ended as "
              + SequenceStatus.values()[state.endStatus()]);
    } else if (state.phase() == Phase.REJECTED) {
      intake.afterRejection(state, chunk, now);
      return;
    } else if (chunk.getChunkIndex() < state.nextChunkIndex()) {
      sensors.duplicates.record();
      LOG.debug("Dropping duplicate chunk {} of {}", chunk.getChunkIndex(), key);
      return;
    } else if (chunk.getChunkIndex() > state.nextChunkIndex()) {
      intake.buffer(state, chunk);
      return;
    } else {
      intake.checkGroupSize(state, chunk);
    }
    intake.accept(state, chunk, now);
  }

  private void timers(long now) {
    lifecycle.drain(now, true);
    if (now - lastSequenceScanMs >= Math.min(1_000L, settings.sequenceTtlMs())) {
      lastSequenceScanMs = now;
      lifecycle.expireSequences(now);
    }
    lifecycle.checkGroups(now);
    for (StatsWindow share : stats.close(now)) {
      // Keyed by policy version: every task's share of a window meets in one merging task.
      String key = share.policyVersion() == null ? "" : share.policyVersion();
      context.forward(new Record<>(key, share, now), RewardTopology.STATS_PARTIALS_SINK);
    }
  }

  @Override
  public void close() {
    lifecycle.close();
    sensors.remove();
  }
}

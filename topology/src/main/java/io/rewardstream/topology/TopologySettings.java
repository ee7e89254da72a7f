package io.rewardstream.topology;

import io.rewardstream.avro.Aggregation;
import io.rewardstream.scorer.ModelMetadata;
import io.rewardstream.topology.rejection.RejectionPolicy;
import io.rewardstream.topology.rewards.GroupRewards;
import io.rewardstream.topology.scoring.ScoringPlanner;
import io.rewardstream.topology.scoring.SharedScoring;
import java.util.Locale;

/**
 * The collaborators and settings every task of the topology shares, derived once from the
 * configuration and the model: the scoring service, the rejection policy, the event factory, and
 * the settings read per chunk (read once here: a config lookup per record is not free).
 */
final class TopologySettings {
  private final ModelMetadata model;
  private final SharedScoring scoring;
  private final ScoringPlanner planner;
  private final RejectionPolicy rejection;
  private final GroupRewards groupRewards;
  private final EventFactory events;
  private final ChunkValidator validator;
  private final int tau;
  private final long drainIntervalMs;
  private final long timersIntervalMs;
  private final int cachedObjects;
  private final long metricsWindowMs;
  private final long sequenceTtlMs;
  private final long groupTtlMs;
  private final long ackTimeoutMs;
  private final boolean bufferGaps;
  private final int maxBuffered;
  private final int maxGroupSize;
  private final boolean rejectOverflow;
  private final StepCutter stepCutter;

  TopologySettings(
      RewardStreamConfig config,
      ModelMetadata model,
      SharedScoring scoring,
      StepCutter stepCutter) {
    this.model = model;
    this.stepCutter = stepCutter;
    this.scoring = scoring;
    this.tau = config.getInt(RewardStreamConfig.SCORE_EVERY_TOKENS_CONFIG);
    this.planner =
        new ScoringPlanner(
            tau, model.maxContext(), config.getInt(RewardStreamConfig.CONTEXT_HEAD_TOKENS_CONFIG));
    this.rejection = RejectionPolicy.from(config);
    this.groupRewards =
        new GroupRewards(
            config.groupRejectedReward(),
            config.getDouble(RewardStreamConfig.GROUP_ADVANTAGE_EPSILON_CONFIG));
    Aggregation aggregation =
        Aggregation.valueOf(
            config
                .getString(RewardStreamConfig.REWARD_AGGREGATION_CONFIG)
                .toUpperCase(Locale.ROOT));
    this.events = new EventFactory(model, aggregation);
    this.validator =
        new ChunkValidator(
            model.vocabSize(),
            config.getInt(RewardStreamConfig.CHUNK_MAX_TOKENS_CONFIG),
            config.getInt(RewardStreamConfig.CHUNK_MAX_TEXT_CHARS_CONFIG),
            config.getInt(RewardStreamConfig.CHUNK_MAX_PROMPT_TOKENS_CONFIG));
    this.drainIntervalMs = config.getLong(RewardStreamConfig.SCORE_DRAIN_INTERVAL_MS_CONFIG);
    this.timersIntervalMs = config.getLong(RewardStreamConfig.TIMERS_INTERVAL_MS_CONFIG);
    this.cachedObjects = config.getInt(RewardStreamConfig.STATE_CACHED_OBJECTS_CONFIG);
    this.metricsWindowMs = config.getLong(RewardStreamConfig.METRICS_WINDOW_MS_CONFIG);
    this.sequenceTtlMs = config.getLong(RewardStreamConfig.SEQUENCE_TTL_MS_CONFIG);
    this.groupTtlMs = config.getLong(RewardStreamConfig.GROUP_TTL_MS_CONFIG);
    this.ackTimeoutMs = config.getLong(RewardStreamConfig.REJECTION_ACK_TIMEOUT_MS_CONFIG);
    this.bufferGaps = config.getString(RewardStreamConfig.CHUNK_GAP_POLICY_CONFIG).equals("buffer");
    this.maxBuffered = config.getInt(RewardStreamConfig.CHUNK_MAX_BUFFERED_CONFIG);
    this.maxGroupSize = config.getInt(RewardStreamConfig.GROUP_MAX_SIZE_CONFIG);
    this.rejectOverflow =
        config.getString(RewardStreamConfig.CONTEXT_OVERFLOW_CONFIG).equals("reject");
  }

  int tau() {
    return tau;
  }

  ModelMetadata model() {
    return model;
  }

  StepCutter stepCutter() {
    return stepCutter;
  }

  SharedScoring scoring() {
    return scoring;
  }

  ScoringPlanner planner() {
    return planner;
  }

  RejectionPolicy rejection() {
    return rejection;
  }

  GroupRewards groupRewards() {
    return groupRewards;
  }

  EventFactory events() {
    return events;
  }

  ChunkValidator validator() {
    return validator;
  }

  long drainIntervalMs() {
    return drainIntervalMs;
  }

  long timersIntervalMs() {
    return timersIntervalMs;
  }

  int cachedObjects() {
    return cachedObjects;
  }

  long metricsWindowMs() {
    return metricsWindowMs;
  }

  long sequenceTtlMs() {
    return sequenceTtlMs;
  }

  long groupTtlMs() {
    return groupTtlMs;
  }

  long ackTimeoutMs() {
    return ackTimeoutMs;
  }

  boolean bufferGaps() {
    return bufferGaps;
  }

  int maxGroupSize() {
    return maxGroupSize;
  }

  int maxBuffered() {
    return maxBuffered;
  }

  boolean rejectOverflow() {
    return rejectOverflow;
  }
}

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
 * configuration and the model: the scoring service, the rejection policy, the event factory.
 */
final class TopologySettings {
  private final RewardStreamConfig config;
  private final ModelMetadata model;
  private final SharedScoring scoring;
  private final ScoringPlanner planner;
  private final RejectionPolicy rejection;
  private final GroupRewards groupRewards;
  private final EventFactory events;
  private final ChunkValidator validator;

  TopologySettings(RewardStreamConfig config, ModelMetadata model, SharedScoring scoring) {
    this.config = config;
    this.model = model;
    this.scoring = scoring;
    this.planner =
        new ScoringPlanner(
            config.getInt(RewardStreamConfig.SCORE_EVERY_TOKENS_CONFIG),
            model.maxContext(),
            config.getInt(RewardStreamConfig.CONTEXT_HEAD_TOKENS_CONFIG));
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
            model.vocabSize(), config.getInt(RewardStreamConfig.CHUNK_MAX_TOKENS_CONFIG));
  }

  int tau() {
    return config.getInt(RewardStreamConfig.SCORE_EVERY_TOKENS_CONFIG);
  }

  ModelMetadata model() {
    return model;
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
    return config.getLong(RewardStreamConfig.SCORE_DRAIN_INTERVAL_MS_CONFIG);
  }

  long timersIntervalMs() {
    return config.getLong(RewardStreamConfig.TIMERS_INTERVAL_MS_CONFIG);
  }

  int cachedObjects() {
    return config.getInt(RewardStreamConfig.STATE_CACHED_OBJECTS_CONFIG);
  }

  long metricsWindowMs() {
    return config.getLong(RewardStreamConfig.METRICS_WINDOW_MS_CONFIG);
  }

  long sequenceTtlMs() {
    return config.getLong(RewardStreamConfig.SEQUENCE_TTL_MS_CONFIG);
  }

  long groupTtlMs() {
    return config.getLong(RewardStreamConfig.GROUP_TTL_MS_CONFIG);
  }

  long ackTimeoutMs() {
    return config.getLong(RewardStreamConfig.REJECTION_ACK_TIMEOUT_MS_CONFIG);
  }

  boolean bufferGaps() {
    return config.getString(RewardStreamConfig.CHUNK_GAP_POLICY_CONFIG).equals("buffer");
  }

  int maxBuffered() {
    return config.getInt(RewardStreamConfig.CHUNK_MAX_BUFFERED_CONFIG);
  }

  boolean rejectOverflow() {
    return config.getString(RewardStreamConfig.CONTEXT_OVERFLOW_CONFIG).equals("reject");
  }
}

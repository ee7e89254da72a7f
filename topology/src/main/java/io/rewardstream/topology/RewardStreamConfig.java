package io.rewardstream.topology;

import io.rewardstream.topology.rejection.RejectionKeep;
import io.rewardstream.topology.rewards.RejectedRewardPolicy;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;

/**
 * The topology's own settings: topics, scoring cadence and batching, rejection rules, timeouts,
 * rewards and monitoring. Kafka client and Streams settings are not defined here; they pass through
 * to Kafka untouched.
 */
public final class RewardStreamConfig extends AbstractConfig {

  public static final String TOPIC_GENERATIONS_CONFIG = "topics.generations";
  static final String TOPIC_GENERATIONS_DOC = "Input topic of GenerationChunk records.";
  public static final String TOPIC_STEP_SCORES_CONFIG = "topics.step-scores";
  static final String TOPIC_STEP_SCORES_DOC = "Output topic of StepScore records.";
  public static final String TOPIC_REJECTIONS_CONFIG = "topics.rejections";
  static final String TOPIC_REJECTIONS_DOC = "Output topic of EarlyRejection records.";
  public static final String TOPIC_REWARDS_CONFIG = "topics.rewards";
  static final String TOPIC_REWARDS_DOC = "Output topic of SequenceReward records.";
  public static final String TOPIC_GROUP_REWARDS_CONFIG = "topics.group-rewards";
  static final String TOPIC_GROUP_REWARDS_DOC = "Output topic of GroupReward records.";
  public static final String TOPIC_METRICS_CONFIG = "topics.metrics";
  static final String TOPIC_METRICS_DOC = "Output topic of RejectionStats records.";
  public static final String TOPIC_METRICS_PARTIALS_CONFIG = "topics.metrics-partials";
  static final String TOPIC_METRICS_PARTIALS_DOC =
      "Topic that carries each task's share of a statistics window to the task that merges them into the window's RejectionStats record (internal, keyed by policy version).";
  public static final String TOPIC_DLQ_CONFIG = "topics.dlq";
  static final String TOPIC_DLQ_DOC =
      "Dead-letter topic: bad records with their reason, source topic/partition/offset and original bytes.";

  public static final String SCORE_EVERY_TOKENS_CONFIG = "score.every-tokens";
  static final String SCORE_EVERY_TOKENS_DOC =
      "Partial-step scoring cadence tau: a step is scored every this many tokens, and at its end.";
  public static final String SCORE_MAX_BATCH_SIZE_CONFIG = "score.max-batch-size";
  static final String SCORE_MAX_BATCH_SIZE_DOC =
      "Most scoring requests gathered, across the tasks of the instance, into one model call.";
  public static final String SCORE_MAX_DELAY_MS_CONFIG = "score.max-delay-ms";
  static final String SCORE_MAX_DELAY_MS_DOC =
      "Longest a scoring request waits for more to join its batch; 0 sends what is queued as soon as a scorer thread is free (batches still fill while the model is busy).";
  public static final String SCORE_THREADS_CONFIG = "score.threads";
  static final String SCORE_THREADS_DOC =
      "Threads that call the reward model, each taking whole batches from the shared queue; 0"
          + " scores inline on the stream threads (for tests: a model call then holds the stream"
          + " thread, and one longer than transaction.timeout.ms fences its producer).";
  public static final String SCORE_DRAIN_INTERVAL_MS_CONFIG = "score.drain-interval-ms";
  static final String SCORE_DRAIN_INTERVAL_MS_DOC =
      "Wall-clock interval at which each task forwards the scores that came back for it.";

  public static final String REJECTION_RULES_CONFIG = "rejection.rules";
  static final String REJECTION_RULES_DOC =
      "Enabled rejection rules, any of group-rank, quantile and threshold; empty disables early rejection.";
  public static final String REJECTION_KEEP_CONFIG = "rejection.keep";
  static final String REJECTION_KEEP_DOC =
      "group-rank: siblings kept at each checkpoint, a count (4) or a fraction of the live ones (1/2 or 0.5).";
  public static final String REJECTION_QUANTILE_ALPHA_CONFIG = "rejection.quantile.alpha";
  static final String REJECTION_QUANTILE_ALPHA_DOC =
      "quantile: fraction of the live siblings rejected at each checkpoint.";
  public static final String REJECTION_THRESHOLD_CONFIG = "rejection.threshold";
  static final String REJECTION_THRESHOLD_DOC =
      "threshold: a sequence whose latest score falls below this value is rejected.";
  public static final String REJECTION_MIN_TOKENS_CONFIG = "rejection.min-tokens";
  static final String REJECTION_MIN_TOKENS_DOC =
      "No sequence is rejected before it has generated this many response tokens.";
  public static final String REJECTION_MIN_SURVIVORS_CONFIG = "rejection.min-survivors";
  static final String REJECTION_MIN_SURVIVORS_DOC =
      "Rejection never leaves fewer live siblings in a group than this.";
  public static final String REJECTION_MAX_WAIT_MS_CONFIG = "rejection.max-wait-ms";
  static final String REJECTION_MAX_WAIT_MS_DOC =
      "Longest a checkpoint decision waits for stalled siblings before it is taken among those that reached it.";
  public static final String REJECTION_ACK_TIMEOUT_MS_CONFIG = "rejection.ack-timeout-ms";
  static final String REJECTION_ACK_TIMEOUT_MS_DOC =
      "After a rejection, how long to wait for the generator's last chunk before the sequence's reward is emitted.";

  public static final String SEQUENCE_TTL_MS_CONFIG = "sequence.ttl-ms";
  static final String SEQUENCE_TTL_MS_DOC =
      "A sequence with no chunk for this long ends as EXPIRED; ended sequences are remembered this long.";
  public static final String GROUP_TTL_MS_CONFIG = "group.ttl-ms";
  static final String GROUP_TTL_MS_DOC =
      "A group whose members have not all ended this long after its first chunk gets its GroupReward anyway; an ended group is remembered this long after its GroupReward, to refuse late members.";
  public static final String REWARD_AGGREGATION_CONFIG = "reward.aggregation";
  static final String REWARD_AGGREGATION_DOC =
      "How step rewards combine into a sequence reward: min, prod, last or mean.";
  public static final String GROUP_REJECTED_REWARD_CONFIG = "group.rejected-reward";
  static final String GROUP_REJECTED_REWARD_DOC =
      "Reward of rejected members in group rewards: partial (their own aggregate so far), min (the group's minimum) or a number.";
  public static final String GROUP_ADVANTAGE_EPSILON_CONFIG = "group.advantage-epsilon";
  static final String GROUP_ADVANTAGE_EPSILON_DOC =
      "eps in the GRPO advantage (r - mean) / (std + eps).";

  public static final String CHUNK_GAP_POLICY_CONFIG = "chunk.gap-policy";
  static final String CHUNK_GAP_POLICY_DOC =
      "On a chunk_index gap: buffer (hold up to chunk.max-buffered later chunks until the gap fills) or dead-letter.";
  public static final String CHUNK_MAX_BUFFERED_CONFIG = "chunk.max-buffered";
  static final String CHUNK_MAX_BUFFERED_DOC =
      "Out-of-order chunks held per sequence; one more is dead-lettered.";
  public static final String CHUNK_MAX_TOKENS_CONFIG = "chunk.max-tokens";
  static final String CHUNK_MAX_TOKENS_DOC =
      "A chunk with more token ids than this is dead-lettered.";
  public static final String GROUP_MAX_SIZE_CONFIG = "group.max-size";
  static final String GROUP_MAX_SIZE_DOC =
      "A chunk 0 declaring a larger group_size is dead-lettered: a group's state and its"
          + " GroupReward grow with its members, and each is one Kafka record.";
  public static final String CHUNK_MAX_TEXT_CHARS_CONFIG = "chunk.max-text-chars";
  static final String CHUNK_MAX_TEXT_CHARS_DOC =
      "A chunk whose text is longer than this (in UTF-16 characters) is dead-lettered: a chunk held"
          + " behind a gap is kept in its sequence's state, whose changelog record must stay under"
          + " the producer's max.request.size.";
  public static final String CHUNK_MAX_PROMPT_TOKENS_CONFIG = "chunk.max-prompt-tokens";
  static final String CHUNK_MAX_PROMPT_TOKENS_DOC =
      "A chunk 0 whose prompt has more token ids than this is dead-lettered: the prompt is kept in"
          + " its sequence's state (the model reads its head and tail when it passes the context).";
  public static final String CONTEXT_OVERFLOW_CONFIG = "context.overflow";
  static final String CONTEXT_OVERFLOW_DOC =
      "A sequence past the model's context: truncate (keep the head and the most recent tokens) or reject (dead-letter the chunk and end the sequence TRUNCATED).";
  public static final String CONTEXT_HEAD_TOKENS_CONFIG = "context.head-tokens";
  static final String CONTEXT_HEAD_TOKENS_DOC =
      "When truncating, how many leading tokens (the prompt's head) are always kept.";

  public static final String METRICS_WINDOW_MS_CONFIG = "metrics.window-ms";
  static final String METRICS_WINDOW_MS_DOC =
      "Length of the tumbling windows of RejectionStats, per policy version.";
  public static final String METRICS_GRACE_MS_CONFIG = "metrics.grace-ms";
  static final String METRICS_GRACE_MS_DOC =
      "How long after a window's end the tasks' shares of it are awaited before its RejectionStats record goes out; a share that arrives later goes out in a corrected record.";
  public static final String TIMERS_INTERVAL_MS_CONFIG = "timers.interval-ms";
  static final String TIMERS_INTERVAL_MS_DOC =
      "Wall-clock interval of the scan for expired sequences and groups, stalled checkpoints and closed windows.";
  public static final String STATE_STORE_CONFIG = "state.store";
  static final String STATE_STORE_DOC =
      "Where each task keeps its sequence, group and window states, changelogged either way: rocksdb (on local disk; after a clean shutdown a restarted instance reads its files back instead of the changelog) or in-memory (in the heap: no RocksDB writes, flushes or compactions; rebuilt from the changelog on every start).";
  public static final String STATE_CACHED_OBJECTS_CONFIG = "state.cached-objects";
  static final String STATE_CACHED_OBJECTS_DOC =
      "Most sequence, group and window states each task keeps deserialised in memory in front of its stores; changed ones are written at the next commit, or at once when more than this many have changed (0: none kept, every change written at once, which makes a paced load cost the stream thread about twice as much per chunk).";

  /** The definition of every setting, for validation and the README's configuration table. */
  public static final ConfigDef CONFIG_DEF = definition();

  public RewardStreamConfig(Map<?, ?> originals) {
    super(CONFIG_DEF, originals, false);
    RejectionKeep.parse(getString(REJECTION_KEEP_CONFIG));
    groupRejectedReward();
  }

  private static ConfigDef definition() {
    return new ConfigDef()
        .define(
            TOPIC_GENERATIONS_CONFIG,
            Type.STRING,
            "rewardstream.generations",
            nonEmpty(),
            Importance.HIGH,
            TOPIC_GENERATIONS_DOC)
        .define(
            TOPIC_STEP_SCORES_CONFIG,
            Type.STRING,
            "rewardstream.step-scores",
            nonEmpty(),
            Importance.MEDIUM,
            TOPIC_STEP_SCORES_DOC)
        .define(
            TOPIC_REJECTIONS_CONFIG,
            Type.STRING,
            "rewardstream.rejections",
            nonEmpty(),
            Importance.HIGH,
            TOPIC_REJECTIONS_DOC)
        .define(
            TOPIC_REWARDS_CONFIG,
            Type.STRING,
            "rewardstream.rewards",
            nonEmpty(),
            Importance.HIGH,
            TOPIC_REWARDS_DOC)
        .define(
            TOPIC_GROUP_REWARDS_CONFIG,
            Type.STRING,
            "rewardstream.group-rewards",
            nonEmpty(),
            Importance.HIGH,
            TOPIC_GROUP_REWARDS_DOC)
        .define(
            TOPIC_METRICS_CONFIG,
            Type.STRING,
            "rewardstream.metrics",
            nonEmpty(),
            Importance.MEDIUM,
            TOPIC_METRICS_DOC)
        .define(
            TOPIC_METRICS_PARTIALS_CONFIG,
            Type.STRING,
            "rewardstream.metrics-partials",
            nonEmpty(),
            Importance.LOW,
            TOPIC_METRICS_PARTIALS_DOC)
        .define(
            TOPIC_DLQ_CONFIG,
            Type.STRING,
            "rewardstream.dlq",
            nonEmpty(),
            Importance.MEDIUM,
            TOPIC_DLQ_DOC)
        .define(
            SCORE_EVERY_TOKENS_CONFIG,
            Type.INT,
            64,
            Range.atLeast(1),
            Importance.HIGH,
            SCORE_EVERY_TOKENS_DOC)
        .define(
            SCORE_MAX_BATCH_SIZE_CONFIG,
            Type.INT,
            32,
            Range.atLeast(1),
            Importance.MEDIUM,
            SCORE_MAX_BATCH_SIZE_DOC)
        .define(
            SCORE_MAX_DELAY_MS_CONFIG,
            Type.LONG,
            0L,
            Range.atLeast(0),
            Importance.MEDIUM,
            SCORE_MAX_DELAY_MS_DOC)
        .define(
            SCORE_THREADS_CONFIG,
            Type.INT,
            1,
            Range.between(0, 64),
            Importance.LOW,
            SCORE_THREADS_DOC)
        .define(
            SCORE_DRAIN_INTERVAL_MS_CONFIG,
            Type.LONG,
            2L,
            Range.atLeast(1),
            Importance.LOW,
            SCORE_DRAIN_INTERVAL_MS_DOC)
        .define(
            REJECTION_RULES_CONFIG,
            Type.LIST,
            List.of("group-rank"),
            ConfigDef.ValidList.in("group-rank", "quantile", "threshold"),
            Importance.HIGH,
            REJECTION_RULES_DOC)
        .define(
            REJECTION_KEEP_CONFIG,
            Type.STRING,
            "1/2",
            parsed(RejectionKeep::parse, "a count (4), a fraction (1/2) or a decimal (0.5)"),
            Importance.HIGH,
            REJECTION_KEEP_DOC)
        .define(
            REJECTION_QUANTILE_ALPHA_CONFIG,
            Type.DOUBLE,
            0.25,
            Range.between(0.0, 1.0),
            Importance.MEDIUM,
            REJECTION_QUANTILE_ALPHA_DOC)
        .define(
            REJECTION_THRESHOLD_CONFIG,
            Type.DOUBLE,
            0.1,
            Importance.MEDIUM,
            REJECTION_THRESHOLD_DOC)
        .define(
            REJECTION_MIN_TOKENS_CONFIG,
            Type.INT,
            0,
            Range.atLeast(0),
            Importance.MEDIUM,
            REJECTION_MIN_TOKENS_DOC)
        .define(
            REJECTION_MIN_SURVIVORS_CONFIG,
            Type.INT,
            1,
            Range.atLeast(1),
            Importance.MEDIUM,
            REJECTION_MIN_SURVIVORS_DOC)
        .define(
            REJECTION_MAX_WAIT_MS_CONFIG,
            Type.LONG,
            2_000L,
            Range.atLeast(0),
            Importance.MEDIUM,
            REJECTION_MAX_WAIT_MS_DOC)
        .define(
            REJECTION_ACK_TIMEOUT_MS_CONFIG,
            Type.LONG,
            2_000L,
            Range.atLeast(0),
            Importance.LOW,
            REJECTION_ACK_TIMEOUT_MS_DOC)
        .define(
            SEQUENCE_TTL_MS_CONFIG,
            Type.LONG,
            300_000L,
            Range.atLeast(1),
            Importance.MEDIUM,
            SEQUENCE_TTL_MS_DOC)
        .define(
            GROUP_TTL_MS_CONFIG,
            Type.LONG,
            900_000L,
            Range.atLeast(1),
            Importance.MEDIUM,
            GROUP_TTL_MS_DOC)
        .define(
            REWARD_AGGREGATION_CONFIG,
            Type.STRING,
            "min",
            ValidString.in("min", "prod", "last", "mean"),
            Importance.HIGH,
            REWARD_AGGREGATION_DOC)
        .define(
            GROUP_REJECTED_REWARD_CONFIG,
            Type.STRING,
            "partial",
            parsed(RejectedRewardPolicy::parse, "partial, min or a number"),
            Importance.MEDIUM,
            GROUP_REJECTED_REWARD_DOC)
        .define(
            GROUP_ADVANTAGE_EPSILON_CONFIG,
            Type.DOUBLE,
            1e-6,
            Range.atLeast(0.0),
            Importance.LOW,
            GROUP_ADVANTAGE_EPSILON_DOC)
        .define(
            CHUNK_GAP_POLICY_CONFIG,
            Type.STRING,
            "buffer",
            ValidString.in("buffer", "dead-letter"),
            Importance.LOW,
            CHUNK_GAP_POLICY_DOC)
        .define(
            CHUNK_MAX_BUFFERED_CONFIG,
            Type.INT,
            16,
            Range.atLeast(0),
            Importance.LOW,
            CHUNK_MAX_BUFFERED_DOC)
        .define(
            CHUNK_MAX_TOKENS_CONFIG,
            Type.INT,
            4_096,
            Range.atLeast(1),
            Importance.LOW,
            CHUNK_MAX_TOKENS_DOC)
        .define(
            GROUP_MAX_SIZE_CONFIG,
            Type.INT,
            4_096,
            Range.atLeast(1),
            Importance.LOW,
            GROUP_MAX_SIZE_DOC)
        .define(
            CHUNK_MAX_TEXT_CHARS_CONFIG,
            Type.INT,
            65_536,
            Range.atLeast(0),
            Importance.LOW,
            CHUNK_MAX_TEXT_CHARS_DOC)
        .define(
            CHUNK_MAX_PROMPT_TOKENS_CONFIG,
            Type.INT,
            65_536,
            Range.atLeast(0),
            Importance.LOW,
            CHUNK_MAX_PROMPT_TOKENS_DOC)
        .define(
            CONTEXT_OVERFLOW_CONFIG,
            Type.STRING,
            "truncate",
            ValidString.in("truncate", "reject"),
            Importance.MEDIUM,
            CONTEXT_OVERFLOW_DOC)
        .define(
            CONTEXT_HEAD_TOKENS_CONFIG,
            Type.INT,
            64,
            Range.atLeast(0),
            Importance.LOW,
            CONTEXT_HEAD_TOKENS_DOC)
        .define(
            METRICS_WINDOW_MS_CONFIG,
            Type.LONG,
            60_000L,
            Range.atLeast(1),
            Importance.MEDIUM,
            METRICS_WINDOW_MS_DOC)
        .define(
            METRICS_GRACE_MS_CONFIG,
            Type.LONG,
            5_000L,
            Range.atLeast(0),
            Importance.LOW,
            METRICS_GRACE_MS_DOC)
        .define(
            TIMERS_INTERVAL_MS_CONFIG,
            Type.LONG,
            100L,
            Range.atLeast(1),
            Importance.LOW,
            TIMERS_INTERVAL_MS_DOC)
        .define(
            STATE_STORE_CONFIG,
            Type.STRING,
            "rocksdb",
            ConfigDef.ValidString.in("rocksdb", "in-memory"),
            Importance.MEDIUM,
            STATE_STORE_DOC)
        .define(
            STATE_CACHED_OBJECTS_CONFIG,
            Type.INT,
            10_000,
            Range.atLeast(0),
            Importance.LOW,
            STATE_CACHED_OBJECTS_DOC);
  }

  /**
   * A validator that parses the value as the topology will, so that {@link ConfigDef#validate}
   * lists a bad value among all the others.
   */
  private static ConfigDef.Validator parsed(
      java.util.function.Function<String, ?> parser, String description) {
    return ConfigDef.LambdaValidator.with(
        (name, value) -> {
          try {
            parser.apply((String) value);
          } catch (IllegalArgumentException e) {
            throw new ConfigException(name, value, e.getMessage());
          }
        },
        () -> description);
  }

  private static ConfigDef.Validator nonEmpty() {
    return new ConfigDef.NonEmptyString();
  }

  /** The output and input topic names. */
  public Topics topics() {
    return new Topics(
        getString(TOPIC_GENERATIONS_CONFIG),
        getString(TOPIC_STEP_SCORES_CONFIG),
        getString(TOPIC_REJECTIONS_CONFIG),
        getString(TOPIC_REWARDS_CONFIG),
        getString(TOPIC_GROUP_REWARDS_CONFIG),
        getString(TOPIC_METRICS_CONFIG),
        getString(TOPIC_METRICS_PARTIALS_CONFIG),
        getString(TOPIC_DLQ_CONFIG));
  }

  /** The group-rank keep setting. */
  public RejectionKeep rejectionKeep() {
    return RejectionKeep.parse(getString(REJECTION_KEEP_CONFIG));
  }

  /** How rejected members are rewarded in group rewards. */
  public RejectedRewardPolicy groupRejectedReward() {
    String value = getString(GROUP_REJECTED_REWARD_CONFIG).trim();
    try {
      return RejectedRewardPolicy.parse(value);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(GROUP_REJECTED_REWARD_CONFIG, value, e.getMessage());
    }
  }
}

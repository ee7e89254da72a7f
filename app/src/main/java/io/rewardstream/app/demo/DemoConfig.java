package io.rewardstream.app.demo;

import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * The synthetic policy of the {@code demo} command: how many prompts and candidates, how often a
 * step goes wrong, and how fast tokens stream. Defaults live in {@code config/demo.properties}
 * together with the topology settings the demo runs with.
 */
public final class DemoConfig extends AbstractConfig {
  public static final String GROUPS_CONFIG = "demo.groups";
  public static final String CANDIDATES_CONFIG = "demo.candidates";
  public static final String SEED_CONFIG = "demo.seed";
  public static final String SECONDS_CONFIG = "demo.seconds";
  public static final String STEP_ERROR_RATE_CONFIG = "demo.step-error-rate";
  public static final String TOKENS_PER_SECOND_CONFIG = "demo.tokens-per-second";
  public static final String CHUNK_TOKENS_MIN_CONFIG = "demo.chunk-tokens-min";
  public static final String CHUNK_TOKENS_MAX_CONFIG = "demo.chunk-tokens-max";
  public static final String GROUPS_IN_FLIGHT_CONFIG = "demo.groups-in-flight";
  public static final String ADMIT_INTERVAL_MS_CONFIG = "demo.admit-interval-ms";
  public static final String MIN_OPERATIONS_CONFIG = "demo.min-operations";
  public static final String MAX_OPERATIONS_CONFIG = "demo.max-operations";

  public static final ConfigDef CONFIG_DEF =
      new ConfigDef()
          .define(
              GROUPS_CONFIG,
              Type.INT,
              24,
              Range.atLeast(1),
              Importance.HIGH,
              "Prompts (groups) the synthetic policy answers.")
          .define(
              CANDIDATES_CONFIG,
              Type.INT,
              12,
              Range.between(1, 256),
              Importance.HIGH,
              "Candidates sampled per prompt (N of best-of-N).")
          .define(
              SEED_CONFIG,
              Type.LONG,
              7L,
              Importance.MEDIUM,
              "Seed of the problems, the candidates' errors and their pace.")
          .define(
              SECONDS_CONFIG,
              Type.INT,
              90,
              Range.atLeast(1),
              Importance.MEDIUM,
              "Time budget of the streaming phase: no prompt starts after it; the summary covers"
                  + " the groups that finished.")
          .define(
              STEP_ERROR_RATE_CONFIG,
              Type.DOUBLE,
              0.05,
              Range.between(0.0, 1.0),
              Importance.MEDIUM,
              "Chance that a candidate gets a step wrong; later steps carry on from the wrong"
                  + " value.")
          .define(
              TOKENS_PER_SECOND_CONFIG,
              Type.DOUBLE,
              12.0,
              Range.atLeast(1.0),
              Importance.MEDIUM,
              "Mean decoding speed of one candidate; each candidate's speed varies by up to 25%.")
          .define(
              CHUNK_TOKENS_MIN_CONFIG,
              Type.INT,
              4,
              Range.atLeast(1),
              Importance.LOW,
              "Fewest tokens in one GenerationChunk.")
          .define(
              CHUNK_TOKENS_MAX_CONFIG,
              Type.INT,
              6,
              Range.atLeast(1),
              Importance.LOW,
              "Most tokens in one GenerationChunk.")
          .define(
              GROUPS_IN_FLIGHT_CONFIG,
              Type.INT,
              4,
              Range.atLeast(1),
              Importance.MEDIUM,
              "Prompts generated at once, as a serving engine's batch would hold them.")
          .define(
              ADMIT_INTERVAL_MS_CONFIG,
              Type.LONG,
              1_000L,
              Range.atLeast(0),
              Importance.LOW,
              "Least time between two prompts' start: a serving engine admits requests one after"
                  + " another, not in bursts.")
          .define(
              MIN_OPERATIONS_CONFIG,
              Type.INT,
              6,
              Range.between(1, 8),
              Importance.LOW,
              "Fewest operations (steps) in a demo problem.")
          .define(
              MAX_OPERATIONS_CONFIG,
              Type.INT,
              8,
              Range.between(1, 8),
              Importance.LOW,
              "Most operations (steps) in a demo problem.");

  public DemoConfig(Map<?, ?> originals) {
    super(CONFIG_DEF, originals, false);
    if (getInt(CHUNK_TOKENS_MAX_CONFIG) < getInt(CHUNK_TOKENS_MIN_CONFIG)) {
      throw new org.apache.kafka.common.config.ConfigException(
          CHUNK_TOKENS_MAX_CONFIG,
          getInt(CHUNK_TOKENS_MAX_CONFIG),
          "must be at least "
              + CHUNK_TOKENS_MIN_CONFIG
              + " ("
              + getInt(CHUNK_TOKENS_MIN_CONFIG)
              + ")");
    }
    if (getInt(MAX_OPERATIONS_CONFIG) < getInt(MIN_OPERATIONS_CONFIG)) {
      throw new org.apache.kafka.common.config.ConfigException(
          MAX_OPERATIONS_CONFIG,
          getInt(MAX_OPERATIONS_CONFIG),
          "must be at least " + MIN_OPERATIONS_CONFIG + " (" + getInt(MIN_OPERATIONS_CONFIG) + ")");
    }
  }

  public int groups() {
    return getInt(GROUPS_CONFIG);
  }

  public int candidates() {
    return getInt(CANDIDATES_CONFIG);
  }

  public long seed() {
    return getLong(SEED_CONFIG);
  }

  public int seconds() {
    return getInt(SECONDS_CONFIG);
  }

  public double stepErrorRate() {
    return getDouble(STEP_ERROR_RATE_CONFIG);
  }

  public double tokensPerSecond() {
    return getDouble(TOKENS_PER_SECOND_CONFIG);
  }

  public int chunkTokensMin() {
    return getInt(CHUNK_TOKENS_MIN_CONFIG);
  }

  public int chunkTokensMax() {
    return getInt(CHUNK_TOKENS_MAX_CONFIG);
  }

  public int groupsInFlight() {
    return getInt(GROUPS_IN_FLIGHT_CONFIG);
  }

  public long admitIntervalMs() {
    return getLong(ADMIT_INTERVAL_MS_CONFIG);
  }

  public int minOperations() {
    return getInt(MIN_OPERATIONS_CONFIG);
  }

  public int maxOperations() {
    return getInt(MAX_OPERATIONS_CONFIG);
  }
}

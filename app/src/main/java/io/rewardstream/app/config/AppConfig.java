package io.rewardstream.app.config;

import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * The application's own settings: the HTTP endpoint, topic provisioning, start-up and shutdown
 * timeouts, and the stream-thread failure policy. The topology's, the scorer's and the serdes'
 * settings are defined by their modules; Kafka client and Streams settings pass through untouched.
 */
public final class AppConfig extends AbstractConfig {

  public static final String HTTP_PORT_CONFIG = "http.port";
  static final String HTTP_PORT_DOC =
      "Port of the HTTP endpoint (/health, /ready, /metrics, /groups/{id}); 0 picks a free port, -1"
          + " disables it.";
  public static final String HTTP_HOST_CONFIG = "http.host";
  static final String HTTP_HOST_DOC = "Address the HTTP endpoint binds to.";

  public static final String TOPICS_CREATE_CONFIG = "topics.create";
  static final String TOPICS_CREATE_DOC =
      "Whether start-up creates missing topics; when false, a missing topic fails start-up.";
  public static final String TOPICS_PARTITIONS_CONFIG = "topics.partitions";
  static final String TOPICS_PARTITIONS_DOC =
      "Partitions of topics created at start-up (the generations topic's count bounds the"
          + " instance's parallelism).";
  public static final String TOPICS_REPLICATION_FACTOR_CONFIG = "topics.replication-factor";
  static final String TOPICS_REPLICATION_FACTOR_DOC =
      "Replication factor of topics created at start-up; -1 uses the broker's default.";

  /** -1 (the broker's default) or 1 to 32767: a topic with no replica cannot be created. */
  private static final ConfigDef.Validator REPLICATION_FACTOR =
      ConfigDef.LambdaValidator.with(
          (name, value) -> {
            int factor = (Integer) value;
            if (factor != -1 && (factor < 1 || factor > Short.MAX_VALUE)) {
              throw new ConfigException(
                  name, value, "must be -1 (the broker's default) or between 1 and 32767");
            }
          },
          () -> "-1 or [1,...,32767]");

  public static final String STARTUP_TIMEOUT_MS_CONFIG = "startup.timeout-ms";
  static final String STARTUP_TIMEOUT_MS_DOC =
      "How long start-up checks wait for Kafka to answer (each admin call, topic creation included); the Schema Registry check waits schema.registry.request.timeout.ms per request.";
  public static final String SHUTDOWN_TIMEOUT_MS_CONFIG = "shutdown.timeout-ms";
  static final String SHUTDOWN_TIMEOUT_MS_DOC =
      "How long a graceful shutdown (SIGTERM, Ctrl-C) waits for Kafka Streams to close.";

  public static final String MAX_THREAD_REPLACEMENTS_CONFIG = "errors.max-thread-replacements";
  static final String MAX_THREAD_REPLACEMENTS_DOC =
      "Stream threads replaced after a transient failure (timeouts, retriable Kafka errors) before"
          + " the instance shuts down instead; any other failure shuts it down at once.";

  public static final String MONITOR_OUTCOMES_CONFIG = "monitor.outcomes";
  static final String MONITOR_OUTCOMES_DOC =
      "Whether /metrics also reports decision-latency and outcome histograms, read back from the"
          + " rejections and rewards topics by a read_committed consumer.";

  /** The definition of every setting, for validation and the README's configuration table. */
  public static final ConfigDef CONFIG_DEF =
      new ConfigDef()
          .define(
              HTTP_PORT_CONFIG,
              Type.INT,
              8080,
              Range.between(-1, 65_535),
              Importance.MEDIUM,
              HTTP_PORT_DOC)
          .define(
              HTTP_HOST_CONFIG,
              Type.STRING,
              "0.0.0.0",
              new ConfigDef.NonEmptyString(),
              Importance.LOW,
              HTTP_HOST_DOC)
          .define(TOPICS_CREATE_CONFIG, Type.BOOLEAN, false, Importance.MEDIUM, TOPICS_CREATE_DOC)
          .define(
              TOPICS_PARTITIONS_CONFIG,
              Type.INT,
              6,
              Range.atLeast(1),
              Importance.LOW,
              TOPICS_PARTITIONS_DOC)
          .define(
              TOPICS_REPLICATION_FACTOR_CONFIG,
              Type.INT,
              -1,
              REPLICATION_FACTOR,
              Importance.LOW,
              TOPICS_REPLICATION_FACTOR_DOC)
          .define(
              STARTUP_TIMEOUT_MS_CONFIG,
              Type.LONG,
              60_000L,
              Range.atLeast(1),
              Importance.LOW,
              STARTUP_TIMEOUT_MS_DOC)
          .define(
              SHUTDOWN_TIMEOUT_MS_CONFIG,
              Type.LONG,
              30_000L,
              Range.atLeast(0),
              Importance.LOW,
              SHUTDOWN_TIMEOUT_MS_DOC)
          .define(
              MAX_THREAD_REPLACEMENTS_CONFIG,
              Type.INT,
              3,
              Range.atLeast(0),
              Importance.LOW,
              MAX_THREAD_REPLACEMENTS_DOC)
          .define(
              MONITOR_OUTCOMES_CONFIG, Type.BOOLEAN, true, Importance.LOW, MONITOR_OUTCOMES_DOC);

  public AppConfig(Map<?, ?> originals) {
    super(CONFIG_DEF, originals, false);
  }
}

package io.rewardstream.app.runtime;

import io.rewardstream.topology.RewardTopology;
import io.rewardstream.topology.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Splits a run's settings between RewardStream and Kafka: RewardStream's own keys go to its
 * modules' configs; everything else passes to Kafka Streams untouched, on top of the settings the
 * topology relies on ({@link RewardTopology#streamsDefaults}).
 */
public final class KafkaSettings {
  private KafkaSettings() {}

  /**
   * The Kafka Streams properties: the topology's defaults, then every setting {@code ours} does not
   * claim.
   */
  public static Properties streams(
      Map<String, String> settings, Topics topics, Predicate<String> ours) {
    Properties properties = new Properties();
    properties.putAll(RewardTopology.streamsDefaults(topics));
    settings.forEach(
        (key, value) -> {
          if (!ours.test(key)) {
            properties.put(key, value);
          }
        });
    return properties;
  }

  /**
   * The settings a plain client (admin, consumer) of the same cluster needs: bootstrap servers and
   * the security settings, without the Streams-only ones.
   */
  public static Map<String, Object> client(Properties streams) {
    Map<String, Object> client = new HashMap<>();
    copy(
        streams,
        "",
        key ->
            key.equals(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)
                || key.equals(CommonClientConfigs.CLIENT_DNS_LOOKUP_CONFIG)
                || isSecurity(key),
        client);
    return client;
  }

  /**
   * The settings of the start-up admin client (topic check and creation): {@link #client}, then
   * Kafka Streams' {@code admin.}-prefixed settings, with every call bounded by {@code timeout}
   * (the admin client's own default waits a minute, past {@code startup.timeout-ms}).
   */
  public static Map<String, Object> startupAdmin(Properties streams, Duration timeout) {
    Map<String, Object> admin = client(streams);
    copy(streams, StreamsConfig.ADMIN_CLIENT_PREFIX, key -> true, admin);
    int ms = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
    admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms);
    admin.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms);
    return admin;
  }

  /**
   * The settings of the outcome monitor's consumer: {@link #client}, then the security settings
   * ({@code security.protocol}, {@code ssl.*}, {@code sasl.*}) Kafka Streams' consumers get under
   * the {@code consumer.} and {@code main.consumer.} prefixes, so that credentials set only there
   * reach it too.
   */
  public static Map<String, Object> monitorConsumer(Properties streams) {
    Map<String, Object> consumer = client(streams);
    copy(streams, StreamsConfig.CONSUMER_PREFIX, KafkaSettings::isSecurity, consumer);
    copy(streams, StreamsConfig.MAIN_CONSUMER_PREFIX, KafkaSettings::isSecurity, consumer);
    return consumer;
  }

  /** Puts the settings under {@code prefix} whose unprefixed key {@code keep} accepts. */
  private static void copy(
      Properties streams, String prefix, Predicate<String> keep, Map<String, Object> into) {
    for (String key : streams.stringPropertyNames()) {
      if (key.startsWith(prefix) && keep.test(key.substring(prefix.length()))) {
        into.put(key.substring(prefix.length()), streams.getProperty(key));
      }
    }
  }

  private static boolean isSecurity(String key) {
    return key.equals(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG)
        || key.startsWith("ssl.")
        || key.startsWith("sasl.");
  }

  /** The application id, which Kafka Streams requires. */
  public static String applicationId(Properties streams) {
    return streams.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
  }
}

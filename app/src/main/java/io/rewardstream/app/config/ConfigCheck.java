package io.rewardstream.app.config;

import io.rewardstream.app.StartupException;
import io.rewardstream.scorer.ScorerConfig;
import io.rewardstream.serde.AvroSerdeConfig;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Checks settings before anything starts, listing every problem at once: each bad value of every
 * module (not only the first, as parsing a module's configuration would), and each key in one of
 * RewardStream's own namespaces that nothing defines. Such a key is a typo ({@code scorer.devise})
 * that would otherwise be passed on to Kafka Streams and ignored, leaving the default in force.
 */
public final class ConfigCheck {

  /** Namespaces whose keys are RewardStream's, or Kafka's where a Kafka client defines them. */
  private static final List<String> NAMESPACES =
      List.of(
          "scorer.",
          "score.",
          "rejection.",
          "reward.",
          "group.",
          "sequence.",
          "chunk.",
          "context.",
          "topics.",
          "metrics.",
          "timers.",
          "state.",
          "demo.",
          "http.",
          "startup.",
          "shutdown.",
          "monitor.",
          "errors.",
          "schema.registry.");

  /** Kafka settings under those namespaces that take a free-form suffix. */
  private static final List<String> KAFKA_PREFIXES = List.of("metrics.context.");

  private static final Set<String> KNOWN = known();

  private ConfigCheck() {}

  /**
   * Throws a {@link StartupException} listing every problem with {@code values}, and {@code more},
   * one per line.
   */
  public static void require(Map<String, String> values, List<String> more) {
    Set<String> problems = new LinkedHashSet<>(problems(values));
    problems.addAll(more);
    if (!problems.isEmpty()) {
      throw new StartupException("Invalid configuration:\n  - " + String.join("\n  - ", problems));
    }
  }

  /** Every problem with {@code values}, each as one line; empty when there is none. */
  public static List<String> problems(Map<String, String> values) {
    Set<String> problems = new LinkedHashSet<>();
    for (ConfigDef definition : ConfigCatalog.definitions()) {
      for (ConfigValue value : definition.validate(values)) {
        // The first message says what is wrong; a value that does not parse adds a second one
        // about the null it became.
        value.errorMessages().stream().findFirst().ifPresent(problems::add);
      }
    }
    for (ScorerConfig.KeyDoc key : ScorerConfig.keys()) {
      String value = values.get(key.name());
      if (value != null) {
        try {
          ScorerConfig.fromMap(Map.of(key.name(), value));
        } catch (IllegalArgumentException e) {
          problems.add(e.getMessage());
        }
      }
    }
    try {
      new AvroSerdeConfig(values); // also refuses the Confluent settings it does not implement
    } catch (RuntimeException e) {
      problems.add(e.getMessage());
    }
    for (String key : new TreeSet<>(values.keySet())) {
      if (unknown(key)) {
        String near = nearest(key);
        problems.add(
            "unknown setting "
                + key
                + ": no module of RewardStream or Kafka defines it"
                + (near == null ? "" : "; did you mean " + near + "?"));
      }
    }
    return List.copyOf(problems);
  }

  private static boolean unknown(String key) {
    if (KNOWN.contains(key) || KAFKA_PREFIXES.stream().anyMatch(key::startsWith)) {
      return false;
    }
    return NAMESPACES.stream().anyMatch(key::startsWith);
  }

  /** The known key closest to {@code key}, if it is close enough to be the one meant. */
  private static String nearest(String key) {
    String best = null;
    int bestDistance = Math.max(2, key.length() / 4) + 1;
    for (String candidate : KNOWN) {
      int distance = distance(key, candidate, bestDistance);
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return best;
  }

  /** Levenshtein distance, or {@code limit} once it is certain to reach it. */
  static int distance(String a, String b, int limit) {
    if (Math.abs(a.length() - b.length()) >= limit) {
      return limit;
    }
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      int rowMin = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
        rowMin = Math.min(rowMin, current[j]);
      }
      if (rowMin >= limit) {
        return limit;
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return Math.min(previous[b.length()], limit);
  }

  private static Set<String> known() {
    Set<String> keys = new TreeSet<>();
    for (ConfigDef definition : ConfigCatalog.definitions()) {
      keys.addAll(definition.names());
    }
    for (ScorerConfig.KeyDoc key : ScorerConfig.keys()) {
      keys.add(key.name());
    }
    keys.addAll(AvroSerdeConfig.unsupportedConfluentSettings());
    keys.addAll(StreamsConfig.configDef().names());
    keys.addAll(ConsumerConfig.configNames());
    keys.addAll(ProducerConfig.configNames());
    keys.addAll(AdminClientConfig.configNames());
    return keys;
  }
}

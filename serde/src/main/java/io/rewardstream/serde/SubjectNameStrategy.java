package io.rewardstream.serde;

import java.util.Map;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Names the registry subject a record's schema is registered under. RewardStream uses {@link
 * TopicNameStrategy} (one schema lineage per topic, the Confluent default); {@link
 * RecordNameStrategy} suits topics that carry several record types.
 */
@FunctionalInterface
public interface SubjectNameStrategy {

  /** Validates a strategy name in {@link AvroSerdeConfig}. */
  ConfigDef.Validator VALIDATOR =
      (name, value) -> {
        if (!(value instanceof String) || !Known.BY_NAME.containsKey(value)) {
          throw new ConfigException(
              name, value, "must be one of " + Known.BY_NAME.keySet().stream().sorted().toList());
        }
      };

  /**
   * Returns the subject for {@code schema} written to {@code topic}.
   *
   * @param isKey whether the record is a key (else a value)
   */
  String subjectName(String topic, boolean isKey, Schema schema);

  /**
   * The strategy with the given simple or fully qualified name. Confluent's class names ({@code
   * io.confluent.kafka.serializers.subject.TopicNameStrategy}, ...) map to their equivalents here.
   *
   * @throws ConfigException for an unknown name
   */
  static SubjectNameStrategy forName(String name) {
    SubjectNameStrategy strategy = Known.BY_NAME.get(name);
    if (strategy == null) {
      throw new ConfigException(
          "Unknown subject name strategy '"
              + name
              + "'; known: "
              + Known.BY_NAME.keySet().stream().sorted().toList());
    }
    return strategy;
  }

  /** {@code <topic>-key} or {@code <topic>-value}. */
  final class TopicNameStrategy implements SubjectNameStrategy {
    @Override
    public String subjectName(String topic, boolean isKey, Schema schema) {
      return topic + (isKey ? "-key" : "-value");
    }
  }

  /** The record's full name, e.g. {@code io.rewardstream.avro.GenerationChunk}. */
  final class RecordNameStrategy implements SubjectNameStrategy {
    @Override
    public String subjectName(String topic, boolean isKey, Schema schema) {
      if (schema.getType() != Schema.Type.RECORD) {
        throw new IllegalArgumentException(
            "RecordNameStrategy needs a record schema, got " + schema.getType());
      }
      return schema.getFullName();
    }
  }

  /** The name table; a holder class keeps it out of the interface's public surface. */
  final class Known {
    private static final String CONFLUENT = "io.confluent.kafka.serializers.subject.";
    private static final SubjectNameStrategy TOPIC = new TopicNameStrategy();
    private static final SubjectNameStrategy RECORD = new RecordNameStrategy();

    static final Map<String, SubjectNameStrategy> BY_NAME =
        Map.of(
            "TopicNameStrategy",
            TOPIC,
            TopicNameStrategy.class.getName(),
            TOPIC,
            CONFLUENT + "TopicNameStrategy",
            TOPIC,
            "RecordNameStrategy",
            RECORD,
            RecordNameStrategy.class.getName(),
            RECORD,
            CONFLUENT + "RecordNameStrategy",
            RECORD);

    private Known() {}
  }
}

package io.rewardstream.app.runtime;

import io.rewardstream.app.StartupException;
import io.rewardstream.avro.EarlyRejection;
import io.rewardstream.avro.GenerationChunk;
import io.rewardstream.avro.GroupReward;
import io.rewardstream.avro.RejectionStats;
import io.rewardstream.avro.SequenceReward;
import io.rewardstream.avro.StepScore;
import io.rewardstream.serde.AvroSerdeConfig;
import io.rewardstream.serde.SchemaRegistryClient;
import io.rewardstream.serde.SchemaRegistryClients;
import io.rewardstream.serde.SchemaRegistryException;
import io.rewardstream.serde.SubjectNameStrategy;
import io.rewardstream.topology.Topics;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks at start-up that the Schema Registry answers and would accept every schema RewardStream
 * reads or writes under its subject (a compatibility check, which registers nothing), so that a
 * wrong URL, bad credentials or an incompatible schema fail start-up rather than the first record.
 */
public final class RegistryCheck {
  private static final Logger LOG = LoggerFactory.getLogger(RegistryCheck.class);

  private RegistryCheck() {}

  /**
   * @throws StartupException naming the registry and what it answered
   */
  public static void verify(Map<String, ?> settings, Topics topics) {
    AvroSerdeConfig config = new AvroSerdeConfig(settings);
    if (config.registryUrls().isEmpty()) {
      throw StartupException.expected(
          "Schema Registry",
          AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG
              + " to be set (file or env REWARDSTREAM_SCHEMA_REGISTRY_URL)",
          "nothing");
    }
    SubjectNameStrategy strategy = config.subjectNameStrategy(false);
    Map<String, Schema> schemas = new LinkedHashMap<>();
    schemas.put(topics.generations(), GenerationChunk.getClassSchema());
    schemas.put(topics.stepScores(), StepScore.getClassSchema());
    schemas.put(topics.rejections(), EarlyRejection.getClassSchema());
    schemas.put(topics.rewards(), SequenceReward.getClassSchema());
    schemas.put(topics.groupRewards(), GroupReward.getClassSchema());
    schemas.put(topics.metrics(), RejectionStats.getClassSchema());
    try (SchemaRegistryClient client = SchemaRegistryClients.create(config)) {
      for (Map.Entry<String, Schema> e : schemas.entrySet()) {
        String subject = strategy.subjectName(e.getKey(), false, e.getValue());
        if (!client.isCompatible(subject, e.getValue())) {
          throw StartupException.expected(
              "Schema Registry " + client.location(),
              "subject " + subject + " to accept " + e.getValue().getFullName(),
              "its latest version incompatible with it");
        }
      }
      LOG.info(
          "Schema Registry {} answers; the subjects of {} topics accept RewardStream's schemas",
          client.location(),
          schemas.size());
    } catch (SchemaRegistryException e) {
      throw new StartupException("Schema Registry check failed: " + e.getMessage(), e);
    }
  }
}

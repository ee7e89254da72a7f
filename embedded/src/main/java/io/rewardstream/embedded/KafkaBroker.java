package io.rewardstream.embedded;

/**
 * A broker that tests and benchmarks work against: where clients find it and how topics are made on
 * it. {@link EmbeddedKafkaBroker} runs in this JVM; a benchmark may run one in a process of its
 * own.
 */
public interface KafkaBroker {

  /** The {@code bootstrap.servers} value for clients of this broker. */
  String bootstrapServers();

  /**
   * Creates topics with the given partition count and a replication factor of 1, and returns once
   * every partition has a leader.
   */
  void createTopics(int partitions, String... topics);
}

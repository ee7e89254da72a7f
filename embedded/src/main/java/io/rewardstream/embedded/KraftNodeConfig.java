package io.rewardstream.embedded;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * The server properties of a single-node KRaft cluster whose only node is both broker and
 * controller, tuned for tests and the demo: replication factors and min ISR of 1 everywhere (so
 * transactions, and with them exactly-once Kafka Streams, work on one node), few partitions for
 * internal topics, no initial rebalance delay and small log segments.
 */
final class KraftNodeConfig {

  static final int NODE_ID = 1;
  static final String BROKER_LISTENER = "PLAINTEXT";
  static final String CONTROLLER_LISTENER = "CONTROLLER";

  private KraftNodeConfig() {}

  /**
   * Builds the properties; {@code overrides} are applied last and win.
   *
   * @param brokerPort client port, bound on 127.0.0.1
   * @param controllerPort KRaft controller port, bound on 127.0.0.1
   * @param logDir directory holding both the data and the metadata log
   */
  static Properties build(
      int brokerPort, int controllerPort, Path logDir, Map<String, String> overrides) {
    Properties props = new Properties();
    props.put("process.roles", "broker,controller");
    props.put("node.id", Integer.toString(NODE_ID));
    props.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
    props.put(
        "listeners",
        BROKER_LISTENER
            + "://127.0.0.1:"
            + brokerPort
            + ","
            + CONTROLLER_LISTENER
            + "://127.0.0.1:"
            + controllerPort);
    props.put("advertised.listeners", BROKER_LISTENER + "://127.0.0.1:" + brokerPort);
    props.put("controller.listener.names", CONTROLLER_LISTENER);
    props.put("inter.broker.listener.name", BROKER_LISTENER);
    props.put(
        "listener.security.protocol.map",
        BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    props.put("log.dirs", logDir.toAbsolutePath().toString());

    // One node: every internal topic has a single replica and needs a single in-sync replica.
    props.put("offsets.topic.replication.factor", "1");
    props.put("offsets.topic.num.partitions", "4");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("transaction.state.log.num.partitions", "4");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
    props.put("default.replication.factor", "1");
    props.put("min.insync.replicas", "1");

    // Tests and the demo want groups to form at once and the disk footprint to stay small.
    props.put("group.initial.rebalance.delay.ms", "0");
    props.put("log.segment.bytes", Integer.toString(1024 * 1024));
    props.put("log.index.size.max.bytes", Integer.toString(64 * 1024));
    props.put("offsets.topic.segment.bytes", Integer.toString(1024 * 1024));
    props.put("transaction.state.log.segment.bytes", Integer.toString(1024 * 1024));
    props.put("log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024));
    props.put("num.network.threads", "2");
    props.put("num.io.threads", "2");
    props.put("num.recovery.threads.per.data.dir", "1");

    props.putAll(overrides);
    return props;
  }
}

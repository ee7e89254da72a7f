package io.rewardstream.embedded;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka cluster inside the JVM: one KRaft node that is both broker and
 * controller ({@link KafkaRaftServer}), on loopback, with its log directory under a given folder.
 * The demo command, the local stack and the integration tests all start their Kafka through it.
 *
 * <p>Start-up failures never leave a half-started server behind: whatever was started is shut down
 * before the exception reaches the caller, so a port that is already taken fails fast instead of
 * hanging the JVM on non-daemon threads. When ports are picked automatically, a bind failure
 * (another process took the port in between) is retried with fresh ports.
 */
public final class EmbeddedKafkaBroker implements KafkaBroker, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
  private static final int AUTO_PORT_ATTEMPTS = 3;
  private static final long ADMIN_TIMEOUT_SECONDS = 30;

  private final KafkaRaftServer server;
  private final Path logDir;
  private final String bootstrapServers;
  private final boolean deleteDataOnClose;
  private Admin admin;
  private boolean closed;

  private EmbeddedKafkaBroker(
      KafkaRaftServer server, Path logDir, int brokerPort, boolean deleteDataOnClose) {
    this.server = server;
    this.logDir = logDir;
    this.bootstrapServers = "127.0.0.1:" + brokerPort;
    this.deleteDataOnClose = deleteDataOnClose;
  }

  /** Returns a builder; {@link Builder#dataDir(Path)} is required. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** The directory holding the broker's data and metadata logs. */
  public Path logDir() {
    return logDir;
  }

  @Override
  public void createTopics(int partitions, String... topics) {
    createTopics(
        Arrays.stream(topics).map(topic -> new NewTopic(topic, partitions, (short) 1)).toList());
  }

  /**
   * Creates the given topics and waits until every partition has a leader, so that a producer
   * started right after does not meet NOT_LEADER_OR_FOLLOWER retries.
   */
  public synchronized void createTopics(Collection<NewTopic> topics) {
    try {
      admin().createTopics(topics).all().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      awaitLeaders(topics.stream().map(NewTopic::name).toList());
      LOG.info("Created topics {}", topics.stream().map(NewTopic::name).toList());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating topics " + topics, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Could not create topics " + topics + ": " + e, e);
    }
  }

  /**
   * Waits until every partition of {@code names} answers a ListOffsets request, which only its
   * leader does once it has taken up leadership (metadata alone can name a leader earlier).
   */
  private void awaitLeaders(List<String> names)
      throws InterruptedException, ExecutionException, TimeoutException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ADMIN_TIMEOUT_SECONDS);
    while (true) {
      try {
        Map<TopicPartition, OffsetSpec> partitions = new LinkedHashMap<>();
        for (TopicDescription description :
            admin()
                .describeTopics(names)
                .allTopicNames()
                .get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .values()) {
          for (TopicPartitionInfo partition : description.partitions()) {
            partitions.put(
                new TopicPartition(description.name(), partition.partition()), OffsetSpec.latest());
          }
        }
        admin().listOffsets(partitions).all().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        return;
      } catch (ExecutionException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(20);
      }
    }
  }

  /** Stops the broker, waits for it to finish, and deletes its data unless told to keep it. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (admin != null) {
      admin.close();
    }
    stop(server);
    LOG.info("Embedded Kafka broker at {} stopped", bootstrapServers);
    if (deleteDataOnClose) {
      KraftStorage.delete(logDir);
    }
  }

  private Admin admin() {
    if (admin == null) {
      admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }
    return admin;
  }

  private static EmbeddedKafkaBroker start(Builder builder) {
    Path logDir = builder.dataDir.resolve("kraft-logs");
    // A port picked here may be taken by someone else before the server binds it: pick again.
    // A port the caller gave is not retried.
    boolean autoPorts = builder.brokerPort <= 0 || builder.controllerPort <= 0;
    int attempts = autoPorts ? AUTO_PORT_ATTEMPTS : 1;
    for (int attempt = 1; ; attempt++) {
      int brokerPort = FreePorts.orPick(builder.brokerPort);
      int controllerPort = FreePorts.orPick(builder.controllerPort);
      KafkaConfig config =
          new KafkaConfig(
              KraftNodeConfig.build(brokerPort, controllerPort, logDir, builder.overrides), false);
      KafkaRaftServer server = null;
      try {
        KraftStorage.formatIfNeeded(config, logDir);
        server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        LOG.info(
            "Embedded Kafka broker started at 127.0.0.1:{} (controller 127.0.0.1:{}, data {})",
            brokerPort,
            controllerPort,
            logDir);
        return new EmbeddedKafkaBroker(server, logDir, brokerPort, builder.deleteDataOnClose);
      } catch (Exception e) {
        if (server != null) {
          stop(server);
        }
        boolean retry =
            autoPorts
                && FreePorts.isBindFailure(e)
                && attempt < attempts
                && !FreePorts.taken(builder.brokerPort)
                && !FreePorts.taken(builder.controllerPort);
        String where = "127.0.0.1:" + brokerPort + " (controller 127.0.0.1:" + controllerPort + ")";
        if (!retry) {
          throw new IllegalStateException(
              "Embedded Kafka broker failed to start on " + where + ": " + e, e);
        }
        LOG.warn("Port taken while starting the embedded broker on {}; retrying", where, e);
      }
    }
  }

  private static void stop(KafkaRaftServer server) {
    try {
      server.shutdown();
      server.awaitShutdown();
    } catch (RuntimeException e) {
      LOG.warn("Error while shutting the embedded Kafka broker down", e);
    }
  }

  /** Configures and starts an {@link EmbeddedKafkaBroker}. */
  public static final class Builder {
    private Path dataDir;
    private int brokerPort;
    private int controllerPort;
    private boolean deleteDataOnClose = true;
    private final Map<String, String> overrides = new LinkedHashMap<>();

    private Builder() {}

    /** Folder for the broker's data (a {@code kraft-logs} directory is created inside it). */
    public Builder dataDir(Path dataDir) {
      this.dataDir = dataDir;
      return this;
    }

    /**
     * Client port on 127.0.0.1; 0 (the default) picks a free one. Start-up is retried with fresh
     * ports on a bind failure only when both ports are picked automatically.
     */
    public Builder brokerPort(int port) {
      this.brokerPort = port;
      return this;
    }

    /** KRaft controller port on 127.0.0.1; 0 (the default) picks a free one. */
    public Builder controllerPort(int port) {
      this.controllerPort = port;
      return this;
    }

    /** Overrides or adds one broker property. */
    public Builder config(String key, String value) {
      overrides.put(key, value);
      return this;
    }

    /**
     * Whether {@link #close()} deletes the log directory (default true). Keep the data to restart a
     * broker on the same directory.
     */
    public Builder deleteDataOnClose(boolean delete) {
      this.deleteDataOnClose = delete;
      return this;
    }

    /**
     * Formats the log directory if needed and starts the node; returns once the broker serves
     * requests.
     *
     * @throws IllegalStateException if the node cannot start (nothing is left running then)
     */
    public EmbeddedKafkaBroker start() {
      Objects.requireNonNull(dataDir, "dataDir is required");
      return EmbeddedKafkaBroker.start(this);
    }
  }
}

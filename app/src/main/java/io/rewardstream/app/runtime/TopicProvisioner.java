package io.rewardstream.app.runtime;

import io.rewardstream.app.StartupException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks at start-up that Kafka answers and that the topology's topics exist, creating the missing
 * ones when asked to; otherwise fails fast naming the topics expected and those found.
 */
public final class TopicProvisioner {
  private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);

  private final Admin admin;
  private final Duration timeout;

  public TopicProvisioner(Admin admin, Duration timeout) {
    this.admin = admin;
    this.timeout = timeout;
  }

  /**
   * Makes sure every topic of {@code expected} exists.
   *
   * @param create whether to create missing topics
   * @param partitions partitions of created topics
   * @param replicationFactor replication factor of created topics, -1 for the broker default
   * @throws StartupException when Kafka does not answer, or topics are missing and not created
   */
  public void ensure(List<String> expected, boolean create, int partitions, int replicationFactor) {
    Set<String> found = listTopics();
    List<String> missing = new ArrayList<>();
    for (String topic : expected) {
      if (!found.contains(topic)) {
        missing.add(topic);
      }
    }
    if (missing.isEmpty()) {
      LOG.info("All {} topics exist: {}", expected.size(), expected);
      return;
    }
    if (!create) {
      throw new StartupException(
          "Missing topics: expected "
              + expected
              + " to exist, found "
              + present(found, expected)
              + "; missing "
              + missing
              + ". Create them, or set topics.create=true (env REWARDSTREAM_TOPICS_CREATE=true).");
    }
    Optional<Short> rf =
        replicationFactor < 0 ? Optional.empty() : Optional.of((short) replicationFactor);
    List<NewTopic> topics = new ArrayList<>();
    for (String topic : missing) {
      topics.add(new NewTopic(topic, Optional.of(partitions), rf));
    }
    awaitCreated(admin.createTopics(topics).values(), timeout);
    LOG.info("Created topics {} with {} partitions", missing, partitions);
  }

  /**
   * Waits for each topic's creation. A topic another instance created meanwhile counts as created;
   * any other failure is reported for its own topic (the batch's combined result would name only
   * one failure, and an "already exists" could hide the rest).
   *
   * @throws StartupException naming every topic that could not be created, and why
   */
  static void awaitCreated(Map<String, KafkaFuture<Void>> results, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, String> failed = new TreeMap<>();
    for (Map.Entry<String, KafkaFuture<Void>> result : results.entrySet()) {
      try {
        result.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          failed.put(result.getKey(), String.valueOf(e.getCause()));
        }
      } catch (TimeoutException e) {
        failed.put(result.getKey(), "no answer within " + timeout.toMillis() + " ms");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StartupException("Interrupted while creating topics", e);
      }
    }
    if (!failed.isEmpty()) {
      throw new StartupException("Could not create topics: " + failed);
    }
  }

  private Set<String> listTopics() {
    try {
      return new TreeSet<>(
          admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS));
    } catch (ExecutionException | TimeoutException e) {
      throw new StartupException(
          "Kafka unreachable: expected a broker to answer within "
              + timeout.toMillis()
              + " ms, found "
              + (e instanceof TimeoutException ? "no answer" : String.valueOf(e.getCause()))
              + ". Check bootstrap.servers and the security settings.",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StartupException("Interrupted while listing topics", e);
    }
  }

  private static String present(Set<String> found, List<String> expected) {
    List<String> present = new ArrayList<>();
    for (String topic : expected) {
      if (found.contains(topic)) {
        present.add(topic);
      }
    }
    return present.isEmpty() ? "none of them" : "only " + present;
  }
}

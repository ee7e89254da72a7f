package io.rewardstream.app.demo;

import io.rewardstream.avro.EarlyRejection;
import io.rewardstream.avro.GroupReward;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policy's ear on the topology: reads committed rejections (handed to the policy the moment
 * they arrive) and group rewards (which tell the demo a prompt is done, and which candidate
 * best-of-N chose).
 */
public final class OutcomeListener implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OutcomeListener.class);

  private final KafkaConsumer<String, SpecificRecord> consumer;
  private final List<String> topics;
  private final Consumer<EarlyRejection> onRejection;
  private final Consumer<GroupReward> onGroupReward;
  private final Thread thread;
  private volatile boolean running = true;

  public OutcomeListener(
      String bootstrapServers,
      Deserializer<SpecificRecord> values,
      String rejectionsTopic,
      String groupRewardsTopic,
      Consumer<EarlyRejection> onRejection,
      Consumer<GroupReward> onGroupReward) {
    Map<String, Object> settings = new HashMap<>();
    settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    settings.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5);
    settings.put(ConsumerConfig.CLIENT_ID_CONFIG, "rewardstream-demo-policy");
    this.consumer = new KafkaConsumer<>(settings, new StringDeserializer(), values);
    this.topics = List.of(rejectionsTopic, groupRewardsTopic);
    this.onRejection = onRejection;
    this.onGroupReward = onGroupReward;
    this.thread = new Thread(this::run, "rewardstream-demo-listener");
    this.thread.setDaemon(true);
  }

  /** Assigns every partition from the beginning (the demo's topics are new) and starts reading. */
  public void start() {
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : topics) {
      for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
        partitions.add(new TopicPartition(p.topic(), p.partition()));
      }
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    thread.start();
  }

  private void run() {
    try {
      while (running) {
        for (ConsumerRecord<String, SpecificRecord> record :
            consumer.poll(Duration.ofMillis(100))) {
          if (record.value() instanceof EarlyRejection r) {
            onRejection.accept(r);
          } else if (record.value() instanceof GroupReward g) {
            onGroupReward.accept(g);
          }
        }
      }
    } catch (WakeupException e) {
      // close() was called
    } catch (RuntimeException e) {
      LOG.error("The demo's outcome listener failed", e);
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  @Override
  public void close() {
    running = false;
    if (!thread.isAlive() && thread.getState() == Thread.State.NEW) {
      consumer.close(Duration.ofSeconds(5));
      return;
    }
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

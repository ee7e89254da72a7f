package io.rewardstream.app.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.rewardstream.avro.EarlyRejection;
import io.rewardstream.avro.RejectionStats;
import io.rewardstream.avro.SequenceReward;
import io.rewardstream.topology.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
 * Reads the topology's outcomes back (rejections, sequence rewards, rejection statistics) and turns
 * them into Prometheus meters that Kafka sensors cannot give: the decision-latency histogram, and
 * counters by rule and by status. It reads committed records only, from the end of each partition,
 * without a consumer group (no offsets, no rebalances), so it adds nothing to the application's
 * consumer groups.
 */
public final class OutcomeMonitor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OutcomeMonitor.class);

  private final KafkaConsumer<String, SpecificRecord> consumer;
  private final List<String> topics;
  private final MeterRegistry registry;
  private final Map<String, Timer> latencyByRule = new ConcurrentHashMap<>();
  private final Map<String, Counter> endedByStatus = new ConcurrentHashMap<>();
  private final Counter tokensGenerated;
  private final Counter tokensIgnored;
  private final Counter tokensSaved;
  private volatile double lastRejectionRate = Double.NaN;

  /**
   * Tokens saved already counted per statistics window ({@code policy@start}): a window's record
   * comes again, corrected, when a task's share of it arrives late, and only the difference counts.
   */
  private final Map<String, Long> savedByWindow =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
          return size() > 1_024;
        }
      };

  private long latestWindowStart = Long.MIN_VALUE;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile boolean started;

  /**
   * @param clientSettings Kafka client settings (bootstrap servers, security)
   * @param values a deserializer of the topology's Avro events (Confluent wire format)
   */
  public OutcomeMonitor(
      Map<String, Object> clientSettings,
      Deserializer<SpecificRecord> values,
      Topics topics,
      MeterRegistry registry) {
    Map<String, Object> settings = new HashMap<>(clientSettings);
    settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
    settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    settings.put(ConsumerConfig.CLIENT_ID_CONFIG, "rewardstream-outcome-monitor");
    this.consumer = new KafkaConsumer<>(settings, new StringDeserializer(), values);
    this.topics = List.of(topics.rejections(), topics.rewards(), topics.metrics());
    this.registry = registry;
    this.tokensGenerated =
        Counter.builder("rewardstream.outcome.tokens.generated")
            .description("Response tokens of ended sequences")
            .register(registry);
    this.tokensIgnored =
        Counter.builder("rewardstream.outcome.tokens.ignored")
            .description("Tokens that arrived after a sequence's rejection and were dropped")
            .register(registry);
    this.tokensSaved =
        Counter.builder("rewardstream.outcome.tokens.saved")
            .description("Tokens early rejection saved (estimate from closed statistics windows)")
            .register(registry);
    Gauge.builder("rewardstream.outcome.rejection.rate", () -> lastRejectionRate)
        .description("Rejection rate of the last closed statistics window")
        .register(registry);
    this.thread = new Thread(this::run, "rewardstream-outcome-monitor");
    this.thread.setDaemon(true);
  }

  public void start() {
    started = true;
    thread.start();
  }

  private void run() {
    try {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : topics) {
        for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
          partitions.add(new TopicPartition(p.topic(), p.partition()));
        }
      }
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      while (running) {
        for (ConsumerRecord<String, SpecificRecord> record :
            consumer.poll(Duration.ofMillis(500))) {
          observe(record.value());
        }
      }
    } catch (WakeupException e) {
      // close() was called
    } catch (RuntimeException e) {
      LOG.warn("Outcome monitor stopped; outcome metrics will not update", e);
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  void observe(SpecificRecord value) {
    if (value instanceof EarlyRejection r) {
      long latency = r.getDecidedAt().toEpochMilli() - r.getSourceProducedAt().toEpochMilli();
      latencyByRule
          .computeIfAbsent(r.getRule().name().toLowerCase(Locale.ROOT), this::latency)
          .record(Duration.ofMillis(Math.max(0, latency)));
    } else if (value instanceof SequenceReward r) {
      endedByStatus
          .computeIfAbsent(r.getStatus().name().toLowerCase(Locale.ROOT), this::ended)
          .increment();
      tokensGenerated.increment(r.getTokensGenerated());
      tokensIgnored.increment(r.getTokensIgnoredAfterRejection());
    } else if (value instanceof RejectionStats s) {
      long start = s.getWindowStart().toEpochMilli();
      Long counted = savedByWindow.put(s.getPolicyVersion() + "@" + start, s.getTokensSaved());
      tokensSaved.increment(Math.max(0, s.getTokensSaved() - (counted == null ? 0 : counted)));
      if (start >= latestWindowStart) {
        latestWindowStart = start;
        lastRejectionRate = s.getRejectionRate();
      }
    }
  }

  private Timer latency(String rule) {
    return Timer.builder("rewardstream.decision.latency")
        .description(
            "From the produced_at of the chunk that completed a checkpoint to the rejection")
        .tag("rule", rule)
        .serviceLevelObjectives(
            Duration.ofMillis(5),
            Duration.ofMillis(10),
            Duration.ofMillis(25),
            Duration.ofMillis(50),
            Duration.ofMillis(100),
            Duration.ofMillis(250),
            Duration.ofMillis(500),
            Duration.ofMillis(1000),
            Duration.ofMillis(2500))
        .register(registry);
  }

  private Counter ended(String status) {
    return Counter.builder("rewardstream.outcome.sequences")
        .description("Sequences that ended, by status")
        .tag("status", status)
        .register(registry);
  }

  @Override
  public void close() {
    running = false;
    if (!started) {
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

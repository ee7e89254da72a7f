package io.rewardstream.app.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.rewardstream.avro.EarlyRejection;
import io.rewardstream.avro.RejectionStats;
import io.rewardstream.avro.SequenceReward;
import io.rewardstream.serde.SchemaRegistryException;
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
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
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
 * consumer groups. Every instance reads every partition: its meters describe the whole application
 * (aggregate them across instances with max, not sum). A record it cannot decode is skipped; any
 * other failure (the registry or Kafka unreachable, a missing permission) is logged and retried,
 * and {@code rewardstream_outcome_monitor_up} says whether it is reading.
 */
public final class OutcomeMonitor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OutcomeMonitor.class);
  private static final Duration RETRY = Duration.ofSeconds(5);

  private final Consumer<String, SpecificRecord> consumer;
  private final Duration retry;
  private final List<String> topics;
  private final MeterRegistry registry;
  private final Map<String, Timer> latencyByRule = new ConcurrentHashMap<>();
  private final Map<String, Counter> endedByStatus = new ConcurrentHashMap<>();
  private final Counter tokensGenerated;
  private final Counter tokensIgnored;
  private final Counter tokensSaved;

  /** The rejection rate of each policy version's latest closed window, and that window's start. */
  private final Map<String, double[]> rateByPolicy = new ConcurrentHashMap<>();

  private volatile boolean up;

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
    this(consumer(clientSettings, values), topics, registry, RETRY);
  }

  private static Consumer<String, SpecificRecord> consumer(
      Map<String, Object> clientSettings, Deserializer<SpecificRecord> values) {
    Map<String, Object> settings = new HashMap<>(clientSettings);
    settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
    settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    settings.put(ConsumerConfig.CLIENT_ID_CONFIG, "rewardstream-outcome-monitor");
    return new KafkaConsumer<>(settings, new StringDeserializer(), values);
  }

  /** Over {@code consumer}, retrying {@code retry} after a failure (tests). */
  OutcomeMonitor(
      Consumer<String, SpecificRecord> consumer,
      Topics topics,
      MeterRegistry registry,
      Duration retry) {
    this.consumer = consumer;
    this.retry = retry;
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
    Gauge.builder("rewardstream.outcome.monitor.up", () -> up ? 1 : 0)
        .description("1 while the outcome monitor reads the output topics, 0 while it retries")
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
      boolean assigned = false;
      while (running) {
        try {
          if (!assigned) {
            assign();
            assigned = true;
          }
          for (ConsumerRecord<String, SpecificRecord> record :
              consumer.poll(Duration.ofMillis(500))) {
            observe(record.value());
          }
          up = true;
        } catch (RecordDeserializationException e) {
          if (SchemaRegistryException.isRegistryFailure(e)) {
            // The registry failed, not the record: read it again once the registry answers.
            up = false;
            LOG.warn(
                "Outcome monitor cannot decode {}@{}: the schema registry failed; retrying in {} s",
                e.topicPartition(),
                e.offset(),
                retry.toMillis() / 1000.0,
                e);
            consumer.seek(e.topicPartition(), e.offset());
            pause();
          } else {
            LOG.warn(
                "Outcome monitor skips the undecodable record at {}@{}: {}",
                e.topicPartition(),
                e.offset(),
                e.getMessage());
            consumer.seek(e.topicPartition(), e.offset() + 1);
          }
        } catch (WakeupException e) {
          throw e;
        } catch (RuntimeException e) {
          up = false;
          LOG.warn(
              "Outcome monitor failed; outcome metrics pause, retrying in {} s",
              retry.toMillis() / 1000.0,
              e);
          pause();
        }
      }
    } catch (WakeupException e) {
      // close() was called
    } finally {
      up = false;
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private void assign() {
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : topics) {
      for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
        partitions.add(new TopicPartition(p.topic(), p.partition()));
      }
    }
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
  }

  /** Waits the retry interval, or less when the monitor is closed meanwhile. */
  private void pause() {
    long until = System.nanoTime() + retry.toNanos();
    while (running && System.nanoTime() < until) {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
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
      String policy = s.getPolicyVersion() == null ? "" : s.getPolicyVersion();
      double[] latest =
          rateByPolicy.computeIfAbsent(
              policy,
              p -> {
                double[] cell = {Double.NaN, Long.MIN_VALUE};
                Gauge.builder("rewardstream.outcome.rejection.rate", () -> cell[0])
                    .description("Rejection rate of the policy version's latest closed window")
                    .tag("policy_version", p)
                    .register(registry);
                return cell;
              });
      synchronized (latest) {
        if (start >= latest[1]) {
          latest[1] = start;
          latest[0] = s.getRejectionRate();
        }
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

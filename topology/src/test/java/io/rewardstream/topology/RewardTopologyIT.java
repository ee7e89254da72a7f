package io.rewardstream.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rewardstream.avro.EarlyRejection;
import io.rewardstream.avro.GenerationChunk;
import io.rewardstream.avro.GroupReward;
import io.rewardstream.avro.RejectionStats;
import io.rewardstream.avro.SequenceReward;
import io.rewardstream.embedded.EmbeddedKafkaBroker;
import io.rewardstream.embedded.FreePorts;
import io.rewardstream.embedded.KafkaBroker;
import io.rewardstream.scorer.ModelMetadata;
import io.rewardstream.scorer.RewardModel;
import io.rewardstream.scorer.ScoreRequest;
import io.rewardstream.scorer.Scores;
import io.rewardstream.scorer.onnx.OnnxRewardModel;
import io.rewardstream.topology.errors.DeadLetterDeserializationHandler;
import io.rewardstream.topology.errors.DeadLetterHandler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The topology on a real KRaft broker with the demo PRM, exactly-once: 50 groups of 8 demo-domain
 * candidates stream in concurrently, and every sequence gets exactly one SequenceReward and every
 * group exactly one GroupReward, also when the application is closed and restarted in the middle of
 * the stream, when instances join and leave in the middle of it, when the broker restarts in the
 * middle of it, and when a stream thread fails.
 */
@Timeout(300)
class RewardTopologyIT {
  private static final int GROUPS = 50;
  private static final int CANDIDATES = 8;
  private static EmbeddedKafkaBroker broker;
  private static Path work;

  @BeforeAll
  static void startBroker() throws Exception {
    work = Files.createDirectories(Path.of("target", "it-" + System.nanoTime()));
    broker = EmbeddedKafkaBroker.builder().dataDir(work.resolve("kafka")).start();
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  private static StreamsHarness harness(String name) throws Exception {
    return harness(name, Map.of());
  }

  private static StreamsHarness harness(String name, Map<String, Object> extra) throws Exception {
    return harness(broker, name, extra);
  }

  private static StreamsHarness harness(KafkaBroker broker, String name, Map<String, Object> extra)
      throws Exception {
    Map<String, Object> settings = new HashMap<>(extra);
    settings.put(RewardStreamConfig.REJECTION_RULES_CONFIG, "group-rank");
    settings.put(RewardStreamConfig.REJECTION_KEEP_CONFIG, "1/2");
    settings.put(RewardStreamConfig.REJECTION_MIN_SURVIVORS_CONFIG, 2);
    StreamsHarness harness =
        new StreamsHarness(broker, Files.createDirectories(work.resolve(name)), settings);
    harness.createTopics(4);
    return harness;
  }

  /**
   * Demo-domain chains in the demo PRM's token ids, every candidate of every group interleaved
   * round-robin as generation workers would send them, each candidate's last chunk held back in
   * {@code finals} (see {@link #finish}).
   */
  private record Workload(List<GenerationChunk> body, List<GenerationChunk> finals) {

    /** Part {@code index} of {@code parts} equal parts of the body. */
    List<GenerationChunk> body(int index, int parts) {
      int size = body.size() / parts;
      return body.subList(index * size, index == parts - 1 ? body.size() : (index + 1) * size);
    }
  }

  private static Workload workload() throws Exception {
    List<List<GenerationChunk>> streams = DemoWorkload.streams(GROUPS, CANDIDATES, 4);
    List<GenerationChunk> body = new ArrayList<>();
    List<GenerationChunk> finals = new ArrayList<>();
    for (List<GenerationChunk> stream : streams) {
      finals.add(stream.get(stream.size() - 1));
    }
    for (int round = 0; ; round++) {
      boolean any = false;
      for (List<GenerationChunk> stream : streams) {
        if (round < stream.size() - 1) {
          body.add(stream.get(round));
          any = true;
        }
      }
      if (!any) {
        return new Workload(body, finals);
      }
    }
  }

  /**
   * Sends the candidates' last chunks once the group-rank rule has made its first cut in every
   * group (keep 1/2: half the candidates). A candidate whose last chunk has arrived is not rejected
   * any more (there is nothing left to save), so generators that sent everything at once, faster
   * than the model scores, would leave nothing to reject.
   */
  private static void finish(StreamsHarness harness, Workload workload) {
    finish(harness, workload, Map.of());
  }

  private static void finish(
      StreamsHarness harness, Workload workload, Map<String, Object> producerSettings) {
    try (KafkaConsumer<String, EarlyRejection> reader =
        harness.consumer(harness.topics.rejections(), EarlyRejection.class)) {
      List<EarlyRejection> rejections = new ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(120))
          .until(() -> StreamsHarness.poll(reader, rejections).size() >= GROUPS * CANDIDATES / 2);
    }
    produce(harness, workload.finals(), producerSettings);
  }

  private static void produce(StreamsHarness harness, List<GenerationChunk> chunks) {
    produce(harness, chunks, Map.of());
  }

  private static void produce(
      StreamsHarness harness, List<GenerationChunk> chunks, Map<String, Object> producerSettings) {
    try (KafkaProducer<String, GenerationChunk> producer = harness.producer(producerSettings)) {
      for (GenerationChunk chunk : chunks) {
        chunk.setProducedAt(Instant.now());
        harness.send(producer, chunk);
      }
      producer.flush();
    }
  }

  private static void awaitExactlyOnce(StreamsHarness harness) {
    List<SequenceReward> rewards = new ArrayList<>();
    List<GroupReward> groups = new ArrayList<>();
    try (KafkaConsumer<String, SequenceReward> rewardReader =
            harness.consumer(harness.topics.rewards(), SequenceReward.class);
        KafkaConsumer<String, GroupReward> groupReader =
            harness.consumer(harness.topics.groupRewards(), GroupReward.class)) {
      await()
          .atMost(Duration.ofSeconds(180))
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                StreamsHarness.poll(rewardReader, rewards);
                StreamsHarness.poll(groupReader, groups);
                return rewards.size() >= GROUPS * CANDIDATES && groups.size() >= GROUPS;
              });
      // Anything duplicated would have been committed with the rest; read a little longer.
      await()
          .pollDelay(Duration.ofSeconds(2))
          .atMost(Duration.ofSeconds(5))
          .until(
              () -> {
                StreamsHarness.poll(rewardReader, rewards);
                StreamsHarness.poll(groupReader, groups);
                return true;
              });
    }
    Map<String, Long> perSequence =
        rewards.stream()
            .collect(
                Collectors.groupingBy(
                    r -> r.getGroupId() + "/" + r.getSequenceId(), Collectors.counting()));
    Map<String, Long> perGroup =
        groups.stream()
            .collect(Collectors.groupingBy(GroupReward::getGroupId, Collectors.counting()));
    assertThat(perSequence).hasSize(GROUPS * CANDIDATES);
    assertThat(perSequence.values()).containsOnly(1L);
    assertThat(perGroup).hasSize(GROUPS);
    assertThat(perGroup.values()).containsOnly(1L);
    assertThat(groups).allSatisfy(g -> assertThat(g.getMembers()).hasSize(CANDIDATES));
    assertThat(rewards.stream().map(r -> r.getStatus().name()).distinct())
        .contains("COMPLETED", "REJECTED");
    // The demo PRM tells right chains from wrong ones: right ones finish with higher rewards and
    // are rejected less often.
    double right = meanReward(rewards, "-right");
    double wrong = meanReward(rewards, "-wrong");
    assertThat(right).isGreaterThan(wrong + 0.3);
    assertThat(rejectedShare(rewards, "-wrong")).isGreaterThan(rejectedShare(rewards, "-right"));
  }

  private static double meanReward(List<SequenceReward> rewards, String suffix) {
    return rewards.stream()
        .filter(r -> r.getSequenceId().endsWith(suffix))
        .collect(Collectors.averagingDouble(SequenceReward::getFinalReward));
  }

  private static double rejectedShare(List<SequenceReward> rewards, String suffix) {
    return rewards.stream()
        .filter(r -> r.getSequenceId().endsWith(suffix))
        .collect(Collectors.averagingDouble(r -> r.getStatus().name().equals("REJECTED") ? 1 : 0));
  }

  @Test
  void shouldRewardEverySequenceAndGroupExactlyOnce() throws Exception {
    StreamsHarness harness = harness("steady");
    try (OnnxRewardModel model = DemoWorkload.model();
        KafkaStreams streams = harness.start(model)) {
      Workload workload = workload();
      produce(harness, workload.body());
      finish(harness, workload);
      awaitExactlyOnce(harness);
      assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
    }
  }

  @Test
  void shouldKeepExactlyOnceCountsAcrossARestartMidStream() throws Exception {
    restartMidStream(harness("restart"));
  }

  /** In-memory stores start empty after the restart: their state comes back from the changelog. */
  @Test
  void shouldKeepExactlyOnceCountsAcrossARestartMidStreamWithInMemoryStores() throws Exception {
    restartMidStream(
        harness("restart-in-memory", Map.of(RewardStreamConfig.STATE_STORE_CONFIG, "in-memory")));
  }

  private static void restartMidStream(StreamsHarness harness) throws Exception {
    Workload workload = workload();
    OnnxRewardModel model = DemoWorkload.model();
    KafkaStreams first = harness.start(model);
    produce(harness, workload.body(0, 2));
    awaitFirstReward(harness);
    // As `rewardstream run` stops: leaving the group lets the next instance take the partitions
    // at once instead of after the old member's session times out (45 s).
    first.close(
        CloseOptions.timeout(Duration.ofSeconds(30))
            .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
    try (model;
        KafkaStreams second = harness.start(model)) {
      produce(harness, workload.body(1, 2));
      finish(harness, workload);
      awaitExactlyOnce(harness);
    }
  }

  /**
   * Scale-out and scale-in mid-stream, Kafka Streams' own way: a second instance (its own state
   * directory and model, as on another machine) joins while the first is scoring, takes tasks over
   * with work in flight (scoring jobs of the moved tasks, held chunks, groups mid-checkpoint), then
   * the first leaves and the second takes everything. Every sequence and group is still rewarded
   * exactly once.
   */
  @Test
  void shouldKeepExactlyOnceCountsWhenInstancesJoinAndLeaveMidStream() throws Exception {
    StreamsHarness harness = harness("scale-out");
    Workload workload = workload();
    try (OnnxRewardModel firstModel = DemoWorkload.model();
        OnnxRewardModel secondModel = DemoWorkload.model()) {
      KafkaStreams first = harness.start(firstModel);
      try (KafkaStreams closedAtTheEnd = first) {
        scaleOutThenIn(harness, workload, first, secondModel);
      }
    }
  }

  private static void scaleOutThenIn(
      StreamsHarness harness, Workload workload, KafkaStreams first, OnnxRewardModel secondModel)
      throws Exception {
    produce(harness, workload.body(0, 3));
    awaitFirstReward(harness);
    try (KafkaStreams second = harness.startInstance(secondModel, "second")) {
      produce(harness, workload.body(1, 3));
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> activeTasks(second) > 0 && activeTasks(first) > 0);
      first.close(
          CloseOptions.timeout(Duration.ofSeconds(30))
              .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
      produce(harness, workload.body(2, 3));
      finish(harness, workload);
      awaitExactlyOnce(harness);
      // Both sub-topologies' tasks: four generations partitions and four statistics partials.
      assertThat(activeTasks(second)).isEqualTo(8);
    }
  }

  /**
   * The test's generator across the broker restart: not idempotent. A single-node KRaft broker
   * restarted on its data once handed a new idempotent producer the producer id an earlier one had
   * used, whose sequence state it still held: every batch then failed with
   * OUT_OF_ORDER_SEQUENCE_NUMBER until it was given up, and chunks were lost (seen once in CI).
   * Plain retries may only duplicate a chunk, which the topology drops by its chunk_index; one
   * request in flight keeps the order.
   */
  private static final Map<String, Object> GENERATOR_ACROSS_RESTART =
      Map.of(
          ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
          false,
          ProducerConfig.ACKS_CONFIG,
          "all",
          ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
          1);

  /**
   * The broker goes away in the middle of the stream and comes back on the same address with its
   * data: the application's clients retry and reconnect (a stream thread that fails on a transient
   * error is replaced, as `rewardstream run` does), and every sequence and group is still rewarded
   * exactly once.
   */
  @Test
  void shouldKeepExactlyOnceCountsAcrossABrokerRestartMidStream() throws Exception {
    Path data = Files.createDirectories(work.resolve("bounced-kafka"));
    int brokerPort = FreePorts.pick();
    int controllerPort = FreePorts.pick();
    EmbeddedKafkaBroker.Builder sameBroker =
        EmbeddedKafkaBroker.builder()
            .dataDir(data)
            .brokerPort(brokerPort)
            .controllerPort(controllerPort)
            .deleteDataOnClose(false);
    EmbeddedKafkaBroker bounced = sameBroker.start();
    AtomicInteger replacedThreads = new AtomicInteger();
    try {
      StreamsHarness harness = harness(bounced, "bounce", Map.of());
      Workload workload = workload();
      try (OnnxRewardModel model = DemoWorkload.model();
          KafkaStreams streams =
              harness.start(
                  model,
                  failure -> {
                    replacedThreads.incrementAndGet();
                    return StreamThreadExceptionResponse.REPLACE_THREAD;
                  })) {
        produce(harness, workload.body(0, 3), GENERATOR_ACROSS_RESTART);
        awaitFirstReward(harness);
        double closedBefore = closedConnections(streams);
        bounced.close();
        try {
          // The outage is real for the application: its clients have seen connections close.
          await()
              .atMost(Duration.ofSeconds(30))
              .until(() -> closedConnections(streams) > closedBefore);
        } finally {
          bounced = sameBroker.start();
        }
        produce(harness, workload.body(1, 3), GENERATOR_ACROSS_RESTART);
        produce(harness, workload.body(2, 3), GENERATOR_ACROSS_RESTART);
        finish(harness, workload, GENERATOR_ACROSS_RESTART);
        awaitExactlyOnce(harness);
        assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
      }
    } finally {
      bounced.close();
    }
  }

  /** Connections the application's Kafka clients (consumers, producers, admin) have seen close. */
  private static double closedConnections(KafkaStreams streams) {
    return streams.metrics().values().stream()
        .filter(metric -> metric.metricName().name().equals("connection-close-total"))
        .map(metric -> metric.metricValue())
        .filter(Number.class::isInstance)
        .map(Number.class::cast)
        .mapToDouble(Number::doubleValue)
        .sum();
  }

  /** Waits until the first SequenceReward is committed: the stream is well under way. */
  private static void awaitFirstReward(StreamsHarness harness) {
    try (KafkaConsumer<String, SequenceReward> reader =
        harness.consumer(harness.topics.rewards(), SequenceReward.class)) {
      List<SequenceReward> early = new ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(120))
          .until(() -> !StreamsHarness.poll(reader, early).isEmpty());
    }
  }

  private static int activeTasks(KafkaStreams streams) {
    return streams.metadataForLocalThreads().stream()
        .mapToInt(thread -> thread.activeTasks().size())
        .sum();
  }

  /**
   * One model call fails mid-stream, failing the stream threads that wait for its results; their
   * replacements resume the tasks from the last commit (the failed transactions are aborted and the
   * stores rebuilt from their changelogs, whatever the tasks' objects held), so the counts stay
   * exactly once.
   */
  @Test
  void shouldKeepExactlyOnceCountsWhenAStreamThreadFailsMidStream() throws Exception {
    StreamsHarness harness = harness("thread-failure");
    AtomicInteger failedThreads = new AtomicInteger();
    try (OnnxRewardModel model = DemoWorkload.model();
        KafkaStreams streams =
            harness.start(
                new FailingCall(model, 10),
                failure -> {
                  failedThreads.incrementAndGet();
                  return StreamThreadExceptionResponse.REPLACE_THREAD;
                })) {
      Workload workload = workload();
      produce(harness, workload.body());
      finish(harness, workload);
      awaitExactlyOnce(harness);
      assertThat(failedThreads.get()).isPositive();
      assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
    }
  }

  /** A reward model whose {@code failing}-th call throws, as a model on a failing device would. */
  private static final class FailingCall implements RewardModel {
    private final RewardModel model;
    private final int failing;
    private final AtomicInteger calls = new AtomicInteger();

    FailingCall(RewardModel model, int failing) {
      this.model = model;
      this.failing = failing;
    }

    @Override
    public ModelMetadata metadata() {
      return model.metadata();
    }

    @Override
    public List<Scores> score(List<ScoreRequest> requests) {
      if (calls.incrementAndGet() == failing) {
        throw new IllegalStateException("injected failure of model call " + failing);
      }
      return model.score(requests);
    }

    @Override
    public void forget(String cacheKey) {
      model.forget(cacheKey);
    }

    @Override
    public void close() {}
  }

  /**
   * The statistics of four partitions' tasks come out as one RejectionStats record per window: the
   * latest record of each window (a late share would re-emit it, corrected) counts every sequence
   * of that window, whichever partition it ran on.
   */
  @Test
  void shouldAddUpEveryPartitionsShareOfAWindowInOneRecord() throws Exception {
    StreamsHarness harness =
        harness(
            "stats",
            Map.of(
                RewardStreamConfig.METRICS_WINDOW_MS_CONFIG, 1_000L,
                RewardStreamConfig.METRICS_GRACE_MS_CONFIG, 1_000L));
    Workload workload = workload();
    try (KafkaStreams streams = harness.start(new FakeRewardModel());
        KafkaConsumer<String, RejectionStats> reader =
            harness.consumer(harness.topics.metrics(), RejectionStats.class)) {
      produce(harness, workload.body());
      produce(harness, workload.finals());
      Map<String, RejectionStats> latest = new HashMap<>();
      List<RejectionStats> records = new ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                for (RejectionStats r : StreamsHarness.poll(reader, records)) {
                  latest.put(r.getPolicyVersion() + "@" + r.getWindowStart(), r);
                }
                records.clear();
                return latest.values().stream()
                        .mapToLong(r -> r.getSequencesFinished() + r.getSequencesRejected())
                        .sum()
                    >= GROUPS * CANDIDATES;
              });
      assertThat(latest.values().stream().mapToLong(RejectionStats::getSequencesStarted).sum())
          .isEqualTo(GROUPS * CANDIDATES);
      assertThat(
              latest.values().stream()
                  .mapToLong(r -> r.getSequencesFinished() + r.getSequencesRejected())
                  .sum())
          .isEqualTo(GROUPS * CANDIDATES);
      assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
    }
  }

  @Test
  void shouldDeadLetterUndecodableRecordWithItsOriginalBytes() throws Exception {
    StreamsHarness harness = harness("dlq");
    byte[] garbage = {9, 9, 9};
    try (KafkaStreams streams = harness.start(new FakeRewardModel());
        KafkaProducer<String, byte[]> producer = harness.rawProducer();
        KafkaConsumer<byte[], byte[]> dlq = harness.rawConsumer(harness.topics.deadLetters())) {
      producer.send(new ProducerRecord<>(harness.topics.generations(), "g", garbage));
      producer.flush();
      List<ConsumerRecord<byte[], byte[]>> dead = new ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                dlq.poll(Duration.ofMillis(200)).forEach(dead::add);
                return !dead.isEmpty();
              });
      assertThat(dead.get(0).value()).isEqualTo(garbage);
      assertThat(dead.get(0).headers().lastHeader(DeadLetterHandler.REASON_HEADER).value())
          .asString(StandardCharsets.UTF_8)
          .isEqualTo(DeadLetterDeserializationHandler.UNDECODABLE);
      assertThat(streams.state().isRunningOrRebalancing()).isTrue();
    }
  }
}

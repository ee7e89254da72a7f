package io.rewardstream.topology;

import io.rewardstream.avro.EarlyRejection;
import io.rewardstream.avro.FinishReason;
import io.rewardstream.avro.GenerationChunk;
import io.rewardstream.avro.GroupReward;
import io.rewardstream.avro.Prompt;
import io.rewardstream.avro.RejectionStats;
import io.rewardstream.avro.SequenceReward;
import io.rewardstream.avro.StepScore;
import io.rewardstream.topology.state.WriteBehindStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * A TopologyTestDriver around {@link RewardTopology} with the {@link FakeRewardModel}, inline
 * scoring and typed topics, so that tests read as chunks in and events out. Wall-clock time moves
 * only through {@link #advance}.
 */
final class TopologyFixture implements AutoCloseable {
  static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  final FakeRewardModel model;
  final TopologyTestDriver driver;
  final Topics topics;
  final TestInputTopic<String, GenerationChunk> generations;
  final TestInputTopic<String, byte[]> rawGenerations;
  final TestOutputTopic<String, StepScore> stepScores;
  final TestOutputTopic<String, EarlyRejection> rejections;
  final TestOutputTopic<String, SequenceReward> rewards;
  final TestOutputTopic<String, GroupReward> groupRewards;
  final TestOutputTopic<String, RejectionStats> metrics;

  final TestOutputTopic<byte[], byte[]> deadLetters;
  private final Map<String, Long> nextChunk = new HashMap<>();
  private long producedAt = START.toEpochMilli();
  private final Path stateDir;

  TopologyFixture(Map<String, Object> overrides) {
    this(overrides, new FakeRewardModel());
  }

  TopologyFixture(Map<String, Object> overrides, FakeRewardModel model) {
    this.model = model;
    Map<String, Object> settings = new HashMap<>();
    settings.put(RewardStreamConfig.SCORE_THREADS_CONFIG, 0);
    settings.put(RewardStreamConfig.SCORE_DRAIN_INTERVAL_MS_CONFIG, 1L);
    settings.put(RewardStreamConfig.TIMERS_INTERVAL_MS_CONFIG, 10L);
    // One task: its share of a window is the whole window, nothing to wait for.
    settings.put(RewardStreamConfig.METRICS_GRACE_MS_CONFIG, 0L);
    settings.put(RewardStreamConfig.REJECTION_RULES_CONFIG, "");
    settings.putAll(TestSerdes.CONFIG);
    settings.putAll(overrides);
    RewardStreamConfig config = new RewardStreamConfig(settings);
    topics = config.topics();
    Properties props = new Properties();
    props.putAll(RewardTopology.streamsDefaults(topics));
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "rewardstream-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    // A directory of its own: two builds on one machine must not share RocksDB files and locks.
    try {
      stateDir = Files.createTempDirectory("rewardstream-ttd");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    driver = new TopologyTestDriver(RewardTopology.build(config, topics, model), props, START);
    generations =
        driver.createInputTopic(
            topics.generations(), Serdes.String().serializer(), TestSerdes.serializer());
    rawGenerations =
        driver.createInputTopic(
            topics.generations(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
    stepScores = output(topics.stepScores(), StepScore.class);
    rejections = output(topics.rejections(), EarlyRejection.class);
    rewards = output(topics.rewards(), SequenceReward.class);
    groupRewards = output(topics.groupRewards(), GroupReward.class);
    metrics = output(topics.metrics(), RejectionStats.class);
    deadLetters =
        driver.createOutputTopic(
            topics.deadLetters(),
            Serdes.ByteArray().deserializer(),
            Serdes.ByteArray().deserializer());
  }

  TopologyFixture() {
    this(Map.of());
  }

  private <T extends org.apache.avro.specific.SpecificRecord> TestOutputTopic<String, T> output(
      String topic, Class<T> type) {
    return driver.createOutputTopic(
        topic, Serdes.String().deserializer(), TestSerdes.deserializer(type));
  }

  /** Sends the next chunk of a sequence (chunk 0 carries the group size). */
  void send(String group, String sequence, int groupSize, FinishReason finish, int... tokens) {
    String key = group + "/" + sequence;
    long index = nextChunk.getOrDefault(key, 0L);
    nextChunk.put(key, index + 1);
    generations.pipeInput(group, chunk(group, sequence, index, groupSize, finish, tokens));
  }

  void send(String group, String sequence, int groupSize, int... tokens) {
    send(group, sequence, groupSize, null, tokens);
  }

  /** Sends the next chunk of a sequence with its decoded text. */
  void sendText(String group, String sequence, FinishReason finish, String text, int... tokens) {
    String key = group + "/" + sequence;
    long index = nextChunk.getOrDefault(key, 0L);
    nextChunk.put(key, index + 1);
    GenerationChunk chunk = chunk(group, sequence, index, 1, finish, tokens);
    chunk.setText(text);
    generations.pipeInput(group, chunk);
  }

  GenerationChunk chunk(
      String group,
      String sequence,
      long index,
      int groupSize,
      FinishReason finish,
      int... tokens) {
    List<Integer> ids = new ArrayList<>();
    for (int token : tokens) {
      ids.add(token);
    }
    producedAt += 1;
    return GenerationChunk.newBuilder()
        .setGroupId(group)
        .setSequenceId(sequence)
        .setChunkIndex(index)
        .setGroupSize(index == 0 ? groupSize : null)
        .setPolicyVersion("v1")
        .setPrompt(index == 0 ? Prompt.newBuilder().setTokenIds(List.of(2, 3)).build() : null)
        .setTokenIds(ids)
        .setFinishReason(finish)
        .setProducedAt(Instant.ofEpochMilli(producedAt))
        .build();
  }

  /** Moves wall-clock time, firing punctuation (scores are forwarded, timers run). */
  void advance(long millis) {
    driver.advanceWallClockTime(Duration.ofMillis(millis));
  }

  /** Lets queued scores come back: one drain tick. */
  void drain() {
    advance(1);
  }

  /** One of the topology's state stores, read as the task last committed it. */
  <V> WriteBehindStore<V> store(String name) {
    @SuppressWarnings("unchecked")
    WriteBehindStore<V> store = (WriteBehindStore<V>) driver.getStateStore(name);
    return store;
  }

  /** The names of every metric the driver still holds. */
  Set<MetricName> metricNames() {
    return driver.metrics().keySet();
  }

  /** The sum over tasks of the Streams metric {@code name}. */
  double metricTotal(String name) {
    double total = 0;
    for (var e : driver.metrics().entrySet()) {
      if (e.getKey().name().equals(name)) {
        total += ((Number) e.getValue().metricValue()).doubleValue();
      }
    }
    return total;
  }

  @Override
  public void close() {
    try {
      driver.close();
    } finally {
      try (Stream<Path> files = Files.walk(stateDir)) {
        files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}

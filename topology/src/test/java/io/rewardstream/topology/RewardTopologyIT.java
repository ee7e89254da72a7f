package io.rewardstream.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rewardstream.avro.FinishReason;
import io.rewardstream.avro.GenerationChunk;
import io.rewardstream.avro.GroupReward;
import io.rewardstream.avro.SequenceReward;
import io.rewardstream.embedded.EmbeddedKafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The topology on a real KRaft broker, exactly-once: 50 groups of 8 candidates stream in
 * concurrently, and every sequence gets exactly one SequenceReward and every group exactly one
 * GroupReward, also when the application is closed and restarted in the middle of the stream.
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
    Map<String, Object> settings = new HashMap<>();
    settings.put(RewardStreamConfig.REJECTION_RULES_CONFIG, "group-rank");
    settings.put(RewardStreamConfig.REJECTION_KEEP_CONFIG, "1/2");
    settings.put(RewardStreamConfig.SCORE_EVERY_TOKENS_CONFIG, 4);
    StreamsHarness harness =
        new StreamsHarness(broker, Files.createDirectories(work.resolve(name)), settings);
    harness.createTopics(4);
    return harness;
  }

  /** Chunks of every candidate of every group, interleaved round-robin as workers would send. */
  private static List<GenerationChunk> workload(long seed) {
    Random random = new Random(seed);
    List<List<GenerationChunk>> streams = new ArrayList<>();
    for (int g = 0; g < GROUPS; g++) {
      for (int c = 0; c < CANDIDATES; c++) {
        List<Integer> tokens = new ArrayList<>();
        int steps = 3 + random.nextInt(4);
        for (int s = 0; s < steps; s++) {
          int length = 3 + random.nextInt(6);
          for (int t = 0; t < length; t++) {
            tokens.add(2 + random.nextInt(FakeRewardModel.VOCAB - 2));
          }
          tokens.add(FakeRewardModel.SEPARATOR);
        }
        streams.add(chunks("group-" + g, "cand-" + c, tokens));
      }
    }
    List<GenerationChunk> interleaved = new ArrayList<>();
    for (int round = 0; ; round++) {
      boolean any = false;
      for (List<GenerationChunk> stream : streams) {
        if (round < stream.size()) {
          interleaved.add(stream.get(round));
          any = true;
        }
      }
      if (!any) {
        return interleaved;
      }
    }
  }

  private static List<GenerationChunk> chunks(String group, String sequence, List<Integer> tokens) {
    List<GenerationChunk> chunks = new ArrayList<>();
    int chunkSize = 3;
    for (int start = 0, index = 0; start < tokens.size(); start += chunkSize, index++) {
      boolean last = start + chunkSize >= tokens.size();
      chunks.add(
          GenerationChunk.newBuilder()
              .setGroupId(group)
              .setSequenceId(sequence)
              .setChunkIndex(index)
              .setGroupSize(index == 0 ? CANDIDATES : null)
              .setPolicyVersion("it")
              .setTokenIds(tokens.subList(start, Math.min(tokens.size(), start + chunkSize)))
              .setFinishReason(last ? FinishReason.STOP : null)
              .setProducedAt(Instant.now())
              .build());
    }
    return chunks;
  }

  private static void produce(StreamsHarness harness, List<GenerationChunk> chunks) {
    try (KafkaProducer<String, GenerationChunk> producer = harness.producer()) {
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
  }

  @Test
  void shouldRewardEverySequenceAndGroupExactlyOnce() throws Exception {
    StreamsHarness harness = harness("steady");
    try (KafkaStreams streams = harness.start(new FakeRewardModel())) {
      produce(harness, workload(1));
      awaitExactlyOnce(harness);
      assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
    }
  }

  @Test
  void shouldKeepExactlyOnceCountsAcrossARestartMidStream() throws Exception {
    StreamsHarness harness = harness("restart");
    List<GenerationChunk> chunks = workload(2);
    int half = chunks.size() / 2;
    KafkaStreams first = harness.start(new FakeRewardModel());
    produce(harness, chunks.subList(0, half));
    try (KafkaConsumer<String, SequenceReward> reader =
        harness.consumer(harness.topics.rewards(), SequenceReward.class)) {
      List<SequenceReward> early = new ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(120))
          .until(() -> !StreamsHarness.poll(reader, early).isEmpty());
    }
    first.close(Duration.ofSeconds(30));
    try (KafkaStreams second = harness.start(new FakeRewardModel())) {
      produce(harness, chunks.subList(half, chunks.size()));
      awaitExactlyOnce(harness);
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
      List<byte[]> dead = new ArrayList<>();
      await().atMost(Duration.ofSeconds(60)).until(() -> !StreamsHarness.poll(dlq, dead).isEmpty());
      assertThat(dead.get(0)).isEqualTo(garbage);
      assertThat(streams.state().isRunningOrRebalancing()).isTrue();
    }
  }
}

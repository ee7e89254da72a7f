package io.rewardstream.topology.bench;

import io.rewardstream.avro.EarlyRejection;
import io.rewardstream.avro.FinishReason;
import io.rewardstream.avro.GenerationChunk;
import io.rewardstream.avro.SequenceReward;
import io.rewardstream.embedded.EmbeddedKafkaBroker;
import io.rewardstream.scorer.RewardModel;
import io.rewardstream.scorer.ScorerConfig;
import io.rewardstream.scorer.onnx.OnnxRewardModel;
import io.rewardstream.topology.RewardStreamConfig;
import io.rewardstream.topology.StreamsHarnessAccess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The topology benchmark (not a test): throughput through the whole topology (embedded broker,
 * Avro, state, scoring) against the bare model scoring the same batches in the same run; decision
 * latency at half the saturation rate; per-request against micro-batched scoring.
 *
 * <pre>
 * mvn -q -pl topology -am test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=io.rewardstream.topology.bench.TopologyBenchmark -Dexec.args="models/demo-prm"
 * </pre>
 */
public final class TopologyBenchmark {
  private static final int GROUPS = 48;
  private static final int CANDIDATES = 8;
  private static final int STEPS = 6;
  private static final int STEP_TOKENS = 12;
  private static final int CHUNK = 4;

  private TopologyBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path modelDir = Path.of(args.length > 0 ? args[0] : "models/demo-prm");
    Path work = Files.createTempDirectory("rewardstream-bench");
    try (EmbeddedKafkaBroker broker =
            EmbeddedKafkaBroker.builder().dataDir(work.resolve("kafka")).start();
        RewardModel model =
            OnnxRewardModel.load(
                ScorerConfig.fromMap(Map.of(ScorerConfig.MODEL_DIR_CONFIG, modelDir.toString())))) {
      int separator = model.metadata().stepSeparatorId();
      int vocab = model.metadata().vocabSize();
      List<List<GenerationChunk>> sequences = workload(separator, vocab);
      long tokens = (long) GROUPS * CANDIDATES * STEPS * STEP_TOKENS;

      Result batched = throughput(broker, work, model, sequences, 32, "batched");
      Result single = throughput(broker, work, model, sequences, 1, "per-request");
      double chunksPerSecond = sequences.stream().mapToInt(List::size).sum() / batched.seconds;
      double[] latency = latency(broker, work, model, sequences, chunksPerSecond / 2);

      System.out.printf(
          "workload: %d groups x %d candidates, %d steps of %d tokens, %d-token chunks%n",
          GROUPS, CANDIDATES, STEPS, STEP_TOKENS, CHUNK);
      print(batched, tokens);
      print(single, tokens);
      System.out.printf(
          "decision latency at %.0f chunks/s (half of saturation): p50 %.1f ms, p99 %.1f ms (%d decisions)%n",
          chunksPerSecond / 2, latency[0], latency[1], (long) latency[2]);
    }
  }

  private record Result(
      String name, double seconds, double bareSeconds, int batches, int requests) {}

  private static void print(Result r, long tokens) {
    double topology = tokens / r.seconds;
    double bare = tokens / r.bareSeconds;
    System.out.printf(
        "%-11s topology %.0f tokens/s in %.2f s; bare model on the same %d batches (%d requests) %.0f tokens/s; ratio %.2f%n",
        r.name, topology, r.seconds, r.batches, r.requests, bare, topology / bare);
  }

  private static Result throughput(
      EmbeddedKafkaBroker broker,
      Path work,
      RewardModel model,
      List<List<GenerationChunk>> sequences,
      int maxBatch,
      String name)
      throws Exception {
    RecordingModel recording = new RecordingModel(model);
    Map<String, Object> settings = new HashMap<>();
    settings.put(RewardStreamConfig.REJECTION_RULES_CONFIG, "");
    settings.put(RewardStreamConfig.SCORE_MAX_BATCH_SIZE_CONFIG, maxBatch);
    StreamsHarnessAccess harness = new StreamsHarnessAccess(broker, work.resolve(name), settings);
    try (KafkaStreams streams = harness.start(recording);
        KafkaConsumer<String, SequenceReward> rewards =
            harness.consumer(harness.topics().rewards(), SequenceReward.class)) {
      harness.awaitRunning(streams);
      long start = System.nanoTime();
      produce(harness, sequences, 0);
      int seen = 0;
      while (seen < sequences.size()) {
        seen += rewards.poll(Duration.ofMillis(100)).count();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      int requests = recording.batches.stream().mapToInt(List::size).sum();
      return new Result(
          name, seconds, recording.replay() / 1e9, recording.batches.size(), requests);
    }
  }

  private static double[] latency(
      EmbeddedKafkaBroker broker,
      Path work,
      RewardModel model,
      List<List<GenerationChunk>> sequences,
      double chunksPerSecond)
      throws Exception {
    Map<String, Object> settings = new HashMap<>();
    settings.put(RewardStreamConfig.REJECTION_RULES_CONFIG, "group-rank");
    settings.put(RewardStreamConfig.REJECTION_KEEP_CONFIG, "1/2");
    StreamsHarnessAccess harness =
        new StreamsHarnessAccess(broker, work.resolve("latency"), settings);
    List<Double> latencies = new ArrayList<>();
    try (KafkaStreams streams = harness.start(model);
        KafkaConsumer<String, EarlyRejection> rejections =
            harness.consumer(harness.topics().rejections(), EarlyRejection.class);
        KafkaConsumer<String, SequenceReward> rewards =
            harness.consumer(harness.topics().rewards(), SequenceReward.class)) {
      harness.awaitRunning(streams);
      produce(harness, sequences, chunksPerSecond);
      int seen = 0;
      while (seen < sequences.size()) {
        seen += rewards.poll(Duration.ofMillis(50)).count();
        for (ConsumerRecord<String, EarlyRejection> r : rejections.poll(Duration.ofMillis(1))) {
          latencies.add(
              (double)
                  (r.value().getDecidedAt().toEpochMilli()
                      - r.value().getSourceProducedAt().toEpochMilli()));
        }
      }
      for (ConsumerRecord<String, EarlyRejection> r : rejections.poll(Duration.ofMillis(500))) {
        latencies.add(
            (double)
                (r.value().getDecidedAt().toEpochMilli()
                    - r.value().getSourceProducedAt().toEpochMilli()));
      }
    }
    double[] sorted = new double[latencies.size()];
    for (int i = 0; i < sorted.length; i++) {
      sorted[i] = latencies.get(i);
    }
    Arrays.sort(sorted);
    if (sorted.length == 0) {
      return new double[] {0, 0, 0};
    }
    return new double[] {
      sorted[(int) Math.floor(0.50 * (sorted.length - 1))],
      sorted[(int) Math.floor(0.99 * (sorted.length - 1))],
      sorted.length
    };
  }

  /** Sends the chunks round-robin over sequences; paced to {@code rate} chunks/s when positive. */
  private static void produce(
      StreamsHarnessAccess harness, List<List<GenerationChunk>> sequences, double rate) {
    try (KafkaProducer<String, GenerationChunk> producer = harness.producer()) {
      long start = System.nanoTime();
      long sent = 0;
      for (int round = 0; round < STEPS * STEP_TOKENS / CHUNK + 1; round++) {
        for (List<GenerationChunk> sequence : sequences) {
          if (round >= sequence.size()) {
            continue;
          }
          if (rate > 0) {
            long due = start + (long) (sent / rate * 1e9);
            while (System.nanoTime() < due) {
              Thread.onSpinWait();
            }
          }
          GenerationChunk chunk = sequence.get(round);
          chunk.setProducedAt(Instant.now());
          harness.send(producer, chunk);
          sent++;
        }
      }
      producer.flush();
    }
  }

  private static List<List<GenerationChunk>> workload(int separator, int vocab) {
    Random random = new Random(7);
    List<List<GenerationChunk>> sequences = new ArrayList<>();
    for (int g = 0; g < GROUPS; g++) {
      for (int c = 0; c < CANDIDATES; c++) {
        int[] tokens = new int[STEPS * STEP_TOKENS];
        for (int i = 0; i < tokens.length; i++) {
          int token;
          do {
            token = 1 + random.nextInt(vocab - 2);
          } while (token == separator);
          tokens[i] = (i + 1) % STEP_TOKENS == 0 ? separator : token;
        }
        List<GenerationChunk> chunks = new ArrayList<>();
        for (int start = 0, index = 0; start < tokens.length; start += CHUNK, index++) {
          int[] part = Arrays.copyOfRange(tokens, start, Math.min(tokens.length, start + CHUNK));
          chunks.add(
              GenerationChunk.newBuilder()
                  .setGroupId("bench-" + g)
                  .setSequenceId("c" + c)
                  .setChunkIndex(index)
                  .setGroupSize(index == 0 ? CANDIDATES : null)
                  .setTokenIds(Arrays.stream(part).boxed().toList())
                  .setFinishReason(start + CHUNK >= tokens.length ? FinishReason.STOP : null)
                  .setProducedAt(Instant.now())
                  .build());
        }
        sequences.add(chunks);
      }
    }
    return sequences;
  }
}

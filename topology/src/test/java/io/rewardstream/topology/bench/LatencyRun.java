package io.rewardstream.topology.bench;

import io.rewardstream.avro.GenerationChunk;
import io.rewardstream.avro.SequenceReward;
import io.rewardstream.embedded.KafkaBroker;
import io.rewardstream.scorer.RewardModel;
import io.rewardstream.scorer.ScorerConfig;
import io.rewardstream.scorer.onnx.OnnxRewardModel;
import io.rewardstream.scorer.onnx.PastCacheStats;
import io.rewardstream.topology.RewardStreamConfig;
import io.rewardstream.topology.StreamsHarnessAccess;
import io.rewardstream.topology.bench.RejectionReader.Seen;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The benchmark's decision-latency run: a {@link PacedGenerator} offers chunks at a steady rate to
 * one application with group-rank keep 1/2, warm-up rounds go on until the JIT is quiet, then the
 * measured rounds are reported each and pooled, with the CPU and run-queue wait of each group of
 * threads and where the decision latency went ({@link StageLatency}).
 */
final class LatencyRun {
  private LatencyRun() {}

  /**
   * Decision latency at {@code chunksPerSecond}, offered by a {@link PacedGenerator} (a paced
   * warm-up, then the measured groups) to one application with group-rank keep 1/2. Three figures
   * per rejection, all from the source chunk's produced_at: to its decided_at (the topology's
   * decision), to the moment a read_uncommitted consumer sees it (what a generator that acts on
   * rejections at once waits), and to the moment a read_committed consumer sees it (after the
   * transaction that carries it commits). The generator stops a candidate on the first of these.
   */
  static void run(
      KafkaBroker broker,
      Path work,
      RewardModel model,
      Path modelDir,
      TopologyBenchmark.Workload workload,
      double chunksPerSecond,
      Map<String, Object> variant)
      throws Exception {
    Map<String, Object> settings = new HashMap<>();
    settings.put(RewardStreamConfig.REJECTION_RULES_CONFIG, "group-rank");
    settings.put(RewardStreamConfig.REJECTION_KEEP_CONFIG, "1/2");
    settings.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, TopologyBenchmark.STREAM_THREADS);
    System.getProperties()
        .forEach(
            (key, value) -> {
              if (key.toString().startsWith("bench.set.")) {
                settings.put(key.toString().substring("bench.set.".length()), value);
              }
            });
    settings.putAll(variant);
    Map<String, Object> generator = take(settings, "generator.");
    Map<String, Object> scorer = take(settings, "scorer.");
    if (scorer.isEmpty()) {
      latency(broker, work, model, workload, chunksPerSecond, settings, generator);
      return;
    }
    Map<String, Object> scorerSettings = new HashMap<>();
    scorer.forEach((key, value) -> scorerSettings.put("scorer." + key, value));
    scorerSettings.put(ScorerConfig.MODEL_DIR_CONFIG, modelDir.toString());
    try (RewardModel own = OnnxRewardModel.load(ScorerConfig.fromMap(scorerSettings))) {
      latency(broker, work, own, workload, chunksPerSecond, settings, generator);
    }
  }

  /** Removes the settings that start with {@code prefix} and returns them without it. */
  private static Map<String, Object> take(Map<String, Object> settings, String prefix) {
    Map<String, Object> taken = new HashMap<>();
    settings
        .entrySet()
        .removeIf(
            e -> {
              if (e.getKey().startsWith(prefix)) {
                taken.put(e.getKey().substring(prefix.length()), e.getValue());
                return true;
              }
              return false;
            });
    return taken;
  }

  /**
   * The latency run with application {@code settings} on {@code model}, the generator's producer
   * with {@code generatorSettings}.
   */
  private static void latency(
      KafkaBroker broker,
      Path work,
      RewardModel model,
      TopologyBenchmark.Workload workload,
      double chunksPerSecond,
      Map<String, Object> settings,
      Map<String, Object> generatorSettings)
      throws Exception {
    double sequenceRate = Double.parseDouble(System.getProperty("bench.sequenceRate", "10"));
    StreamsHarnessAccess harness =
        new StreamsHarnessAccess(broker, work.resolve("latency"), settings);
    RecordingModel recording = new RecordingModel(model);
    Set<String> rejected = ConcurrentHashMap.newKeySet();
    Queue<Seen> seenUncommitted = new ConcurrentLinkedQueue<>();
    Queue<Seen> seenCommitted = new ConcurrentLinkedQueue<>();
    List<Long> inputLags = new ArrayList<>();
    try (KafkaConsumer<String, GenerationChunk> input =
            Boolean.getBoolean("bench.debug")
                ? harness.consumer(harness.topics().generations(), GenerationChunk.class)
                : null;
        KafkaStreams streams = harness.start(recording);
        KafkaConsumer<String, SequenceReward> rewards =
            harness.consumer(harness.topics().rewards(), SequenceReward.class);
        RejectionReader uncommitted =
            new RejectionReader(
                harness,
                "read_uncommitted",
                seen -> {
                  rejected.add(seen.event().getGroupId() + "/" + seen.event().getSequenceId());
                  seenUncommitted.add(seen);
                });
        RejectionReader committed =
            new RejectionReader(harness, "read_committed", seenCommitted::add)) {
      harness.awaitRunning(streams);
      uncommitted.awaitAssignment();
      committed.awaitAssignment();
      int maxRounds = Integer.getInteger("bench.latencyWarmupRounds", 12);
      int measuredRounds = Integer.getInteger("bench.measuredRounds", 5);
      LatencyFigures.Pooled pooled = new LatencyFigures.Pooled();
      boolean settled = false;
      for (int round = 1; ; round++) {
        boolean measured = settled || round > maxRounds;
        String run = measured ? "latency-" + (pooled.rounds + 1) : "latency-warm-up-" + round;
        recording.reset();
        List<List<GenerationChunk>> sequences = workload.sequences(run);
        PacedGenerator generator =
            new PacedGenerator(chunksPerSecond, sequenceRate, TopologyBenchmark.CANDIDATES);
        LongAdder sent = new LongAdder();
        Thread producer =
            new Thread(
                () -> {
                  try (KafkaProducer<String, GenerationChunk> out =
                      harness.producer(generatorSettings)) {
                    generator.run(
                        groups(sequences),
                        rejected,
                        chunk -> {
                          harness.send(out, chunk);
                          sent.increment();
                        });
                  }
                },
                "generator");
        StackSampler sampler =
            Boolean.getBoolean("bench.debug") && measured ? new StackSampler() : null;
        PastCacheStats cacheBefore = TopologyBenchmark.pastCacheStats(model);
        Map<String, Double> threadsBefore = ThreadCpu.snapshot();
        Map<String, Double> waitsBefore = ThreadCpu.runQueueSnapshot();
        Map<String, Double> stagesBefore = StageLatency.latencyTotals(streams);
        long start = System.nanoTime();
        producer.start();
        TopologyBenchmark.awaitRewards(
            rewards,
            sequences.size(),
            () -> {
              if (Boolean.getBoolean("bench.debug")) {
                for (ConsumerRecord<String, GenerationChunk> r : input.poll(Duration.ZERO)) {
                  inputLags.add(
                      System.currentTimeMillis() - r.value().getProducedAt().toEpochMilli());
                }
              }
            });
        double wall = (System.nanoTime() - start) / 1e9;
        producer.join();
        Map<String, Double> threadsAfter = ThreadCpu.snapshot();
        String threads = ThreadCpu.between(threadsBefore, threadsAfter);
        String waits = ThreadCpu.between(waitsBefore, ThreadCpu.runQueueSnapshot());
        double jit = ThreadCpu.jitSeconds(threadsAfter) - ThreadCpu.jitSeconds(threadsBefore);
        if (sampler != null) {
          sampler.close();
        }
        if (!inputLags.isEmpty()) {
          System.out.println("DEBUG input lag " + LatencyFigures.percentiles(inputLags));
          inputLags.clear();
        }
        System.out.printf(
            "%s: %d groups in %.2f s, %d chunks (%.0f/s offered by %d slots at %.0f chunks/s each),"
                + " model busy %.0f%% (%d batches, %d requests; %s); process CPU: %s;"
                + " waiting for a core: %s%n",
            run,
            sequences.size() / TopologyBenchmark.CANDIDATES,
            wall,
            sent.sum(),
            chunksPerSecond,
            generator.slots(),
            sequenceRate,
            100 * recording.nanos.sum() / 1e9 / wall,
            recording.batchCount(),
            recording.requestCount(),
            TopologyBenchmark.cacheDelta(cacheBefore, TopologyBenchmark.pastCacheStats(model)),
            threads,
            waits);
        List<Long> decided = new ArrayList<>();
        List<Long> committedLags = new ArrayList<>();
        for (Seen s : drain(seenCommitted, run)) {
          decided.add(s.event().getDecidedAt().toEpochMilli() - s.sourceProducedAt());
          committedLags.add(s.atMillis() - s.sourceProducedAt());
        }
        List<Long> uncommittedLags = new ArrayList<>();
        for (Seen s : drain(seenUncommitted, run)) {
          uncommittedLags.add(s.atMillis() - s.sourceProducedAt());
        }
        System.out.printf(
            "%s: chunk produced -> rejection decided: %s%n"
                + "%s: chunk produced -> rejection seen read_uncommitted: %s%n"
                + "%s: chunk produced -> rejection seen read_committed: %s%n",
            run,
            LatencyFigures.percentiles(decided),
            run,
            LatencyFigures.percentiles(uncommittedLags),
            run,
            LatencyFigures.percentiles(committedLags));
        System.out.printf(
            "%s: mean latency per stage in this round (ms): %s%n",
            run, StageLatency.latencyMeans(stagesBefore, StageLatency.latencyTotals(streams)));
        if (measured) {
          pooled.add(decided, uncommittedLags, committedLags);
          if (pooled.rounds == measuredRounds) {
            break;
          }
        } else {
          settled = round >= 2 && jit < 0.05 * wall;
        }
      }
      System.out.printf(
          "latency, %d measured rounds pooled: chunk produced -> rejection decided: %s"
              + " (p99 per round: %s)%n"
              + "latency, %d measured rounds pooled: chunk produced -> rejection seen"
              + " read_uncommitted: %s%n"
              + "latency, %d measured rounds pooled: chunk produced -> rejection seen"
              + " read_committed: %s%n",
          pooled.rounds,
          LatencyFigures.percentiles(pooled.decided),
          pooled.roundP99s,
          pooled.rounds,
          LatencyFigures.percentiles(pooled.uncommitted),
          pooled.rounds,
          LatencyFigures.percentiles(pooled.committed));
      StageLatency.latencyBreakdown(streams);
      if (Boolean.getBoolean("bench.debug")) {
        StageLatency.debugStreamMetrics(harness, streams);
      }
    }
  }

  /** The rejections of {@code run} taken from {@code queue}. */
  private static List<Seen> drain(Queue<Seen> queue, String run) {
    List<Seen> mine = new ArrayList<>();
    for (Seen s; (s = queue.poll()) != null; ) {
      String group = s.event().getGroupId();
      if (group.substring(0, group.lastIndexOf('-')).equals(run)) {
        mine.add(s);
      }
    }
    return mine;
  }

  /** {@code sequences} (group-major, TopologyBenchmark.CANDIDATES each) as groups. */
  private static List<List<List<GenerationChunk>>> groups(List<List<GenerationChunk>> sequences) {
    List<List<List<GenerationChunk>>> groups = new ArrayList<>();
    for (int i = 0; i < sequences.size(); i += TopologyBenchmark.CANDIDATES) {
      groups.add(sequences.subList(i, i + TopologyBenchmark.CANDIDATES));
    }
    return groups;
  }
}

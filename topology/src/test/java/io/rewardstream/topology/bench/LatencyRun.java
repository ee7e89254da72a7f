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
 * one application with group-rank keep 1/2, without a pause from the first round to the last
 * ({@link RoundFeed}), so that every round meets the steady load the rate names; only the first
 * warm-up round starts from an empty system. Warm-up rounds go on until the JIT is quiet, then the
 * measured rounds are reported each and pooled, with the CPU and run-queue wait of each group of
 * threads and where the decision latency went ({@link StageLatency}).
 */
final class LatencyRun {
  /** Warm-up rounds in a row in which the JIT used less than 5% of a core before measuring. */
  private static final int QUIET_ROUNDS = 3;

  private LatencyRun() {}

  /**
   * Decision latency at {@code chunksPerSecond}, offered by a {@link PacedGenerator} (paced warm-up
   * rounds, then the measured ones) to one application with group-rank keep 1/2. Three figures per
   * rejection, all from the source chunk's produced_at: to its decided_at (the topology's
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
    settings.putAll(TopologyBenchmark.setBySystemProperties());
    settings.putAll(variant);
    Map<String, Object> generator = take(settings, "generator.");
    Map<String, Object> scorer = take(settings, "scorer.");
    Map<String, Object> offload = take(settings, "model.");
    int nice =
        Integer.parseInt(
            String.valueOf(
                take(settings, "harness.")
                    .getOrDefault("nice", System.getProperty("bench.harnessNice", "0"))));
    if (!offload.isEmpty()) {
      if (!scorer.isEmpty()) {
        throw new IllegalArgumentException(
            "a variant sets both model.* (the offloaded stand-in) and scorer.* (a model of its own): "
                + offload
                + " and "
                + scorer);
      }
      RewardModel offloaded =
          new OffloadedModel(
              model.metadata(),
              Long.parseLong(String.valueOf(offload.getOrDefault("callMicros", "0"))),
              Long.parseLong(String.valueOf(offload.getOrDefault("tokenNanos", "0"))));
      latency(broker, work, offloaded, workload, chunksPerSecond, settings, generator, nice);
      return;
    }
    if (scorer.isEmpty()) {
      latency(broker, work, model, workload, chunksPerSecond, settings, generator, nice);
      return;
    }
    Map<String, Object> scorerSettings = new HashMap<>();
    scorer.forEach((key, value) -> scorerSettings.put("scorer." + key, value));
    scorerSettings.put(ScorerConfig.MODEL_DIR_CONFIG, modelDir.toString());
    try (RewardModel own = OnnxRewardModel.load(ScorerConfig.fromMap(scorerSettings))) {
      latency(broker, work, own, workload, chunksPerSecond, settings, generator, nice);
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
   * with {@code generatorSettings}, the generator's and readers' threads at nice value {@code
   * harnessNice}.
   */
  private static void latency(
      KafkaBroker broker,
      Path work,
      RewardModel model,
      TopologyBenchmark.Workload workload,
      double chunksPerSecond,
      Map<String, Object> settings,
      Map<String, Object> generatorSettings,
      int harnessNice)
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
                harnessNice,
                seen -> {
                  rejected.add(
                      Candidate.key(seen.event().getGroupId(), seen.event().getSequenceId()));
                  seenUncommitted.add(seen);
                });
        RejectionReader committed =
            new RejectionReader(harness, "read_committed", harnessNice, seenCommitted::add)) {
      harness.awaitRunning(streams);
      uncommitted.awaitAssignment();
      committed.awaitAssignment();
      int maxRounds = Integer.getInteger("bench.latencyWarmupRounds", 24);
      int measuredRounds = Integer.getInteger("bench.measuredRounds", 5);
      LatencyFigures.Pooled pooled = new LatencyFigures.Pooled();
      RoundFeed feed = new RoundFeed(workload);
      PacedGenerator generator =
          new PacedGenerator(chunksPerSecond, sequenceRate, TopologyBenchmark.CANDIDATES);
      LongAdder sent = new LongAdder();
      Thread producer =
          new Thread(
              () -> {
                HarnessPriority.lowerCallingThread(harnessNice);
                try (KafkaProducer<String, GenerationChunk> out =
                    harness.producer(generatorSettings)) {
                  generator.run(
                      feed,
                      rejected,
                      chunk -> {
                        harness.send(out, chunk);
                        sent.increment();
                      });
                }
              },
              "generator");
      Map<String, Integer> rewardsPerRound = new HashMap<>();
      Map<String, List<Seen>> committedPerRound = new HashMap<>();
      Map<String, List<Seen>> uncommittedPerRound = new HashMap<>();
      int sequencesPerRound = workload.groups() * TopologyBenchmark.CANDIDATES;
      boolean settled = false;
      int quietRounds = 0;
      PastCacheStats cacheBefore = TopologyBenchmark.pastCacheStats(model);
      Map<String, Double> threadsBefore = ThreadCpu.snapshot();
      Map<String, Double> waitsBefore = ThreadCpu.runQueueSnapshot();
      Map<String, Double> stagesBefore = StageLatency.latencyTotals(streams);
      long windowStart = System.nanoTime();
      producer.start();
      // One generator runs through every round: a round is reported once its last sequence has its
      // reward, over the window since the previous round was; by then the next round is under way.
      for (int round = 1; ; round++) {
        boolean measured = settled || round > maxRounds;
        String label = RoundFeed.label(round);
        String run = measured ? "latency-" + (pooled.rounds + 1) : "latency-warm-up-" + round;
        StackSampler sampler =
            Boolean.getBoolean("bench.debug") && measured ? new StackSampler() : null;
        awaitRound(
            rewards,
            rewardsPerRound,
            label,
            sequencesPerRound,
            () -> {
              if (Boolean.getBoolean("bench.debug")) {
                for (ConsumerRecord<String, GenerationChunk> r : input.poll(Duration.ZERO)) {
                  inputLags.add(
                      System.currentTimeMillis() - r.value().getProducedAt().toEpochMilli());
                }
              }
            });
        awaitSameRejections(
            seenUncommitted, uncommittedPerRound, seenCommitted, committedPerRound, label);
        double wall = (System.nanoTime() - windowStart) / 1e9;
        windowStart = System.nanoTime();
        long chunks = sent.sumThenReset();
        Map<String, Double> threadsAfter = ThreadCpu.snapshot();
        Map<String, Double> waitsAfter = ThreadCpu.runQueueSnapshot();
        String threads = ThreadCpu.between(threadsBefore, threadsAfter);
        String waits = ThreadCpu.between(waitsBefore, waitsAfter);
        double jit = ThreadCpu.jitSeconds(threadsAfter) - ThreadCpu.jitSeconds(threadsBefore);
        threadsBefore = threadsAfter;
        waitsBefore = waitsAfter;
        if (sampler != null) {
          sampler.close();
        }
        if (!inputLags.isEmpty()) {
          System.out.println("DEBUG input lag " + LatencyFigures.percentiles(inputLags));
          inputLags.clear();
        }
        PastCacheStats cacheAfter = TopologyBenchmark.pastCacheStats(model);
        System.out.printf(
            "%s: %d groups done in a window of %.2f s, %d chunks sent in it (%.0f/s; %.0f/s"
                + " offered by %d slots at %.0f chunks/s each), model busy %.0f%% (%d batches, %d"
                + " requests; %s); process CPU: %s; waiting for a core: %s%n",
            run,
            workload.groups(),
            wall,
            chunks,
            chunks / wall,
            chunksPerSecond,
            generator.slots(),
            sequenceRate,
            100 * recording.nanos.sum() / 1e9 / wall,
            recording.batchCount(),
            recording.requestCount(),
            TopologyBenchmark.cacheDelta(cacheBefore, cacheAfter),
            threads,
            waits);
        cacheBefore = cacheAfter;
        recording.reset();
        List<Long> decided = new ArrayList<>();
        List<Long> committedLags = new ArrayList<>();
        List<Seen> committedSeen = committedPerRound.remove(label);
        for (Seen s : committedSeen) {
          decided.add(s.event().getDecidedAt().toEpochMilli() - s.sourceProducedAt());
          committedLags.add(s.atMillis() - s.sourceProducedAt());
        }
        if (Boolean.getBoolean("bench.timeline")) {
          System.out.printf(
              "%s: decided by when the chunk was produced: %s%n",
              run, LatencyFigures.timeline(committedSeen, 250));
        }
        List<Long> uncommittedLags = new ArrayList<>();
        for (Seen s : uncommittedPerRound.remove(label)) {
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
        Map<String, Double> stagesAfter = StageLatency.latencyTotals(streams);
        System.out.printf(
            "%s: mean latency per stage in this window (ms): %s%n",
            run, StageLatency.latencyMeans(stagesBefore, stagesAfter));
        stagesBefore = stagesAfter;
        if (measured) {
          pooled.add(decided, uncommittedLags, committedLags);
          if (pooled.rounds == measuredRounds) {
            break;
          }
        } else {
          // One quiet round is often followed by more compiling (the load settles the profiles of
          // other paths); three in a row are a JVM that stays quiet.
          quietRounds = jit < 0.05 * wall ? quietRounds + 1 : 0;
          settled = quietRounds >= QUIET_ROUNDS;
        }
      }
      feed.stop();
      producer.join();
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

  /**
   * Polls {@code rewards} until {@code expected} sequences of round {@code label} have their
   * reward, counting the other rounds' rewards into {@code perRound} as they come.
   */
  private static void awaitRound(
      KafkaConsumer<String, SequenceReward> rewards,
      Map<String, Integer> perRound,
      String label,
      int expected,
      Runnable betweenPolls) {
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    while (perRound.getOrDefault(label, 0) < expected) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            label + ": " + perRound.getOrDefault(label, 0) + " of " + expected + " rewards");
      }
      for (ConsumerRecord<String, SequenceReward> r : rewards.poll(Duration.ofMillis(5))) {
        perRound.merge(RoundFeed.labelOf(r.value().getGroupId()), 1, Integer::sum);
      }
      betweenPolls.run();
    }
    perRound.remove(label);
  }

  /**
   * Sorts the rejections seen so far by round, then waits (at most 5 s) until the read_committed
   * reader has seen as many of round {@code label}'s as the read_uncommitted one: every reward of
   * the round is committed, so its rejections are too, but the committed reader may not have polled
   * the last ones yet.
   */
  private static void awaitSameRejections(
      Queue<Seen> uncommitted,
      Map<String, List<Seen>> uncommittedPerRound,
      Queue<Seen> committed,
      Map<String, List<Seen>> committedPerRound,
      String label)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (true) {
      sortByRound(uncommitted, uncommittedPerRound);
      sortByRound(committed, committedPerRound);
      int seen = uncommittedPerRound.getOrDefault(label, List.of()).size();
      if (committedPerRound.getOrDefault(label, List.of()).size() >= seen
          || System.nanoTime() > deadline) {
        uncommittedPerRound.putIfAbsent(label, new ArrayList<>());
        committedPerRound.putIfAbsent(label, new ArrayList<>());
        return;
      }
      Thread.sleep(5);
    }
  }

  /** Moves the rejections in {@code queue} into {@code perRound}, by the round of their group. */
  private static void sortByRound(Queue<Seen> queue, Map<String, List<Seen>> perRound) {
    for (Seen s; (s = queue.poll()) != null; ) {
      perRound
          .computeIfAbsent(RoundFeed.labelOf(s.event().getGroupId()), r -> new ArrayList<>())
          .add(s);
    }
  }
}

package io.rewardstream.topology.bench;

import io.rewardstream.avro.FinishReason;
import io.rewardstream.avro.GenerationChunk;
import io.rewardstream.avro.SequenceReward;
import io.rewardstream.avro.StepScore;
import io.rewardstream.embedded.EmbeddedKafkaBroker;
import io.rewardstream.embedded.KafkaBroker;
import io.rewardstream.scorer.RewardModel;
import io.rewardstream.scorer.ScorerConfig;
import io.rewardstream.scorer.onnx.OnnxRewardModel;
import io.rewardstream.scorer.onnx.PastCacheStats;
import io.rewardstream.topology.RewardStreamConfig;
import io.rewardstream.topology.StreamsHarnessAccess;
import io.rewardstream.topology.bench.RejectionReader.Seen;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The topology benchmark (not a test): throughput through the whole topology (embedded broker,
 * Avro, state, scoring) against the bare model scoring the same batches in the same run; decision
 * latency at half the saturation rate; per-request against micro-batched scoring.
 *
 * <p>Throughput runs drain a backlog on one long-lived application, as in production: for each
 * iteration the application is paused, the input topic is filled with a fresh set of groups, and
 * the clock runs from resume to the last SequenceReward a read_committed consumer sees, so the
 * generators' own cost (serialising and producing chunks) is not charged to the topology. Warm-up
 * iterations go first, until the JIT compiler used less than 5% of a core during one, so that
 * start-up, rebalancing and JIT compilation (slow to settle with a broker in the same JVM) are not
 * measured; the CPU each group of threads used in a run is printed beside it. The latency run
 * offers chunks at a steady rate from a {@link PacedGenerator} (fixed decoding slots, each sequence
 * at its own pace, a new group whenever slots free up) and acts like a generator: it stops a
 * candidate once its rejection is visible, with one empty ABORTED chunk. It reports three latencies
 * (decided, seen read_uncommitted, seen read_committed) and where the decision latency went
 * (RewardStream's own sensors).
 *
 * <pre>
 * mvn -q -pl topology exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=io.rewardstream.topology.bench.TopologyBenchmark -Dexec.args="models/demo-prm"
 * </pre>
 *
 * System properties: {@code bench.groups} (measured iterations, default 384), {@code
 * bench.warmupGroups} (default {@code bench.groups}), {@code bench.warmups} (the fewest warm-up
 * iterations, default 4), {@code bench.maxWarmups} (default 30), {@code bench.iterations} (default
 * 3), {@code bench.streamThreads} (default 1), {@code bench.quick=true} (the micro-batched runs
 * only), {@code bench.latencyAt=<chunks/s>} (only the latency run, at that rate), {@code
 * bench.sequenceRate} (chunks/s of one sequence in the latency run, default 10: 40 tokens/s),
 * {@code bench.latencyWarmupRounds} (most paced, unmeasured rounds of {@code bench.groups} groups
 * before the measured ones, default 12: rounds go on until the JIT used less than 5% of a core in
 * one, since a JVM that also hosts the broker keeps compiling for minutes), {@code
 * bench.measuredRounds} (measured rounds after the warm-up, default 5, reported each and pooled),
 * {@code bench.set.<key>=<value>} (any application setting for the latency run, such as {@code
 * bench.set.commit.interval.ms=1000}), {@code bench.variants} (with {@code bench.latencyAt}: one
 * latency run for each {@code ;}-separated list of {@code key=value,...} settings, {@code default}
 * for none, in one JVM so that they compare; keys starting with {@code scorer.} load a model of
 * their own, keys starting with {@code generator.} set the generator's producer, such as {@code
 * generator.linger.ms=0}), {@code bench.replays} (passes of the bare replay per measured iteration,
 * default 3, the median counts), {@code bench.brokerProcess=true} (the broker in a JVM of its own),
 * {@code bench.broker.<key>=<value>} (a setting of the in-process broker, such as {@code
 * bench.broker.num.io.threads=1}), {@code bench.debug=true} (in the latency run: the input lag a
 * plain consumer sees, a stack sampler on the stream thread, the broker's request times (in-process
 * broker only), the stream thread's metrics, and the lag of StepScores behind their source chunks).
 */
public final class TopologyBenchmark {
  private static final int CANDIDATES = 8;
  private static final int STEPS = 6;
  private static final int STEP_TOKENS = 12;
  private static final int CHUNK = 4;
  private static final String BROKER_SETTING = "bench.broker.";

  /** Passes of the bare replay per measured iteration; their median is the bare model's time. */
  private static final int REPLAYS = Integer.getInteger("bench.replays", 3);

  /** As shipped in config/rewardstream.properties (Kafka's default): one stream thread. */
  private static final int STREAM_THREADS = Integer.getInteger("bench.streamThreads", 1);

  private TopologyBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path modelDir = Path.of(args.length > 0 ? args[0] : "models/demo-prm");
    Path work = Files.createTempDirectory("rewardstream-bench");
    try {
      run(modelDir, work);
    } finally {
      try (Stream<Path> files = Files.walk(work)) {
        files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
      }
    }
  }

  /** Every run the system properties ask for, with brokers and state under {@code work}. */
  private static void run(Path modelDir, Path work) throws Exception {
    int groups = Integer.getInteger("bench.groups", 384);
    int warmupGroups = Integer.getInteger("bench.warmupGroups", groups);
    int warmups = Integer.getInteger("bench.warmups", 4);
    int iterations = Integer.getInteger("bench.iterations", 3);
    KafkaBroker broker = startBroker(work.resolve("kafka"));
    try (AutoCloseable stopBroker = (AutoCloseable) broker;
        RewardModel model =
            OnnxRewardModel.load(
                ScorerConfig.fromMap(Map.of(ScorerConfig.MODEL_DIR_CONFIG, modelDir.toString())))) {
      Workload workload =
          new Workload(groups, model.metadata().stepSeparatorId(), model.metadata().vocabSize());
      Workload warmup =
          new Workload(
              warmupGroups, model.metadata().stepSeparatorId(), model.metadata().vocabSize());
      System.out.printf(
          "workload per iteration: %d groups x %d candidates, %d steps of %d tokens, %d-token chunks (%d chunks, %d tokens)%n",
          groups, CANDIDATES, STEPS, STEP_TOKENS, CHUNK, workload.chunks(), workload.tokens());

      String latencyOnly = System.getProperty("bench.latencyAt");
      if (latencyOnly != null) {
        double rate = Double.parseDouble(latencyOnly);
        for (String variant : System.getProperty("bench.variants", "default").split(";")) {
          System.out.println("settings: " + variant);
          latency(broker, work, model, modelDir, workload, rate, settings(variant));
        }
        return;
      }
      double batchedSeconds =
          throughput(broker, work, model, workload, warmup, 32, "batched", warmups, iterations);
      if (Boolean.getBoolean("bench.quick")) {
        return;
      }
      throughput(broker, work, model, workload, warmup, 1, "per-request", 2, iterations);
      double chunksPerSecond = workload.chunks() / batchedSeconds;
      for (double share : new double[] {0.25, 0.5}) {
        System.out.printf(
            "decision latency at %.0f chunks/s, %.2f of the backlog saturation rate:%n",
            chunksPerSecond * share, share);
        latency(broker, work, model, modelDir, workload, chunksPerSecond * share, Map.of());
      }
    }
  }

  /**
   * Runs one application through at least {@code warmups} warm-up backlogs (more until the JIT is
   * quiet during one), then {@code iterations} measured ones, and prints each; returns the median
   * measured time. Each iteration pauses the application, fills the input topic with a fresh set of
   * groups, resumes it and times it until every SequenceReward is read; the batches the model was
   * sent are then scored again on the bare model. One long-lived application, as in production:
   * start-up, rebalancing and JIT compilation of the first iterations are not timed.
   */
  private static double throughput(
      KafkaBroker broker,
      Path work,
      RewardModel model,
      Workload workload,
      Workload warmup,
      int maxBatch,
      String name,
      int warmups,
      int iterations)
      throws Exception {
    RecordingModel recording = new RecordingModel(model);
    Map<String, Object> settings = new HashMap<>();
    settings.put(RewardStreamConfig.REJECTION_RULES_CONFIG, "");
    settings.put(RewardStreamConfig.SCORE_MAX_BATCH_SIZE_CONFIG, maxBatch);
    settings.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, STREAM_THREADS);
    StreamsHarnessAccess harness = new StreamsHarnessAccess(broker, work.resolve(name), settings);
    List<Double> seconds = new ArrayList<>();
    List<Double> ratios = new ArrayList<>();
    try (KafkaStreams streams = harness.start(recording);
        KafkaProducer<String, GenerationChunk> producer = harness.producer();
        KafkaConsumer<String, SequenceReward> rewards =
            harness.consumer(harness.topics().rewards(), SequenceReward.class)) {
      harness.awaitRunning(streams);
      int maxWarmups = Integer.getInteger("bench.maxWarmups", 30);
      boolean settled = false;
      for (int i = 0, done = 0; done < iterations; i++) {
        boolean measured = i >= warmups && (settled || i >= maxWarmups);
        List<List<GenerationChunk>> sequences =
            (measured ? workload : warmup).sequences(name + "-" + i);
        long tokens = (measured ? workload : warmup).tokens();
        streams.pause();
        produce(harness, producer, sequences);
        ThreadCpu.awaitQuietJit(5_000);
        recording.reset();
        PastCacheStats cacheBefore = pastCacheStats(model);
        Map<String, Double> threadsBefore = ThreadCpu.snapshot();
        long cpuBefore = cpu();
        long start = System.nanoTime();
        streams.resume();
        int seen = awaitRewards(rewards, sequences.size(), () -> {});
        double wall = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (cpu() - cpuBefore) / 1e9;
        Map<String, Double> threadsAfter = ThreadCpu.snapshot();
        String threads = ThreadCpu.between(threadsBefore, threadsAfter);
        if (seen < sequences.size()) {
          throw new IllegalStateException(name + ": only " + seen + " rewards arrived");
        }
        int requests = recording.requestCount();
        String cache = cacheDelta(cacheBefore, pastCacheStats(model));
        if (!measured) {
          double jit = ThreadCpu.jitSeconds(threadsAfter) - ThreadCpu.jitSeconds(threadsBefore);
          settled = jit < 0.05 * wall;
          System.out.printf(
              "%-11s warm-up: topology %.0f tokens/s in %.2f s (%d groups; process CPU %.2f s: %s)%n",
              name, tokens / wall, wall, sequences.size() / CANDIDATES, cpuSeconds, threads);
          continue;
        }
        double bare = recording.replay(REPLAYS) / 1e9;
        System.out.printf(
            "%-11s %s: topology %.0f tokens/s in %.2f s; bare model on the same %d batches (%d requests) %.0f tokens/s in %.2f s;"
                + " ratio %.2f (model busy %.2f s in the run; %s; process CPU %.2f s: %s)%n",
            name,
            "run " + (done + 1),
            tokens / wall,
            wall,
            recording.batchCount(),
            requests,
            tokens / bare,
            bare,
            bare / wall,
            recording.nanos.sum() / 1e9,
            cache,
            cpuSeconds,
            threads);
        seconds.add(wall);
        ratios.add(bare / wall);
        done++;
      }
    }
    System.out.printf(
        "%-11s median of %d runs: %.0f tokens/s, ratio %.2f (runs: %s)%n",
        name,
        iterations,
        workload.tokens() / median(seconds),
        median(ratios),
        ratios.stream().map(r -> String.format("%.2f", r)).toList());
    return median(seconds);
  }

  /**
   * Reads {@code rewards} until {@code expected} have arrived or ten minutes have passed, running
   * {@code betweenPolls} after each poll; returns how many arrived.
   */
  private static int awaitRewards(
      KafkaConsumer<String, SequenceReward> rewards, int expected, Runnable betweenPolls) {
    int seen = 0;
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    while (seen < expected && System.nanoTime() < deadline) {
      seen += rewards.poll(Duration.ofMillis(5)).count();
      betweenPolls.run();
    }
    return seen;
  }

  private static PastCacheStats pastCacheStats(RewardModel model) {
    return model instanceof OnnxRewardModel onnx ? onnx.pastCacheStats() : PastCacheStats.NONE;
  }

  /** The past cache's work between two snapshots, for a run's line. */
  private static String cacheDelta(PastCacheStats before, PastCacheStats after) {
    long hits = after.hits() - before.hits();
    long misses = after.misses() - before.misses();
    if (hits + misses == 0) {
      return "past cache off";
    }
    return String.format(
        "past cache %d hits, %d misses, %d tokens reused, %d evictions, %d entries (%.0f MB),"
            + " %.0f MB spare",
        hits,
        misses,
        after.reusedTokens() - before.reusedTokens(),
        after.evictions() - before.evictions(),
        after.entries(),
        after.bytes() / 1e6,
        after.spareBytes() / 1e6);
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }

  private static long cpu() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /**
   * Decision latency at {@code chunksPerSecond}, offered by a {@link PacedGenerator} (a paced
   * warm-up, then the measured groups) to one application with group-rank keep 1/2. Three figures
   * per rejection, all from the source chunk's produced_at: to its decided_at (the topology's
   * decision), to the moment a read_uncommitted consumer sees it (what a generator that acts on
   * rejections at once waits), and to the moment a read_committed consumer sees it (after the
   * transaction that carries it commits). The generator stops a candidate on the first of these.
   */
  private static void latency(
      KafkaBroker broker,
      Path work,
      RewardModel model,
      Path modelDir,
      Workload workload,
      double chunksPerSecond,
      Map<String, Object> variant)
      throws Exception {
    Map<String, Object> settings = new HashMap<>();
    settings.put(RewardStreamConfig.REJECTION_RULES_CONFIG, "group-rank");
    settings.put(RewardStreamConfig.REJECTION_KEEP_CONFIG, "1/2");
    settings.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, STREAM_THREADS);
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
      Workload workload,
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
      Pooled pooled = new Pooled();
      boolean settled = false;
      for (int round = 1; ; round++) {
        boolean measured = settled || round > maxRounds;
        String run = measured ? "latency-" + (pooled.rounds + 1) : "latency-warm-up-" + round;
        recording.reset();
        List<List<GenerationChunk>> sequences = workload.sequences(run);
        PacedGenerator generator = new PacedGenerator(chunksPerSecond, sequenceRate, CANDIDATES);
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
        PastCacheStats cacheBefore = pastCacheStats(model);
        Map<String, Double> threadsBefore = ThreadCpu.snapshot();
        Map<String, Double> waitsBefore = ThreadCpu.runQueueSnapshot();
        Map<String, Double> stagesBefore = latencyTotals(streams);
        long start = System.nanoTime();
        producer.start();
        awaitRewards(
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
          System.out.println("DEBUG input lag " + percentiles(inputLags));
          inputLags.clear();
        }
        System.out.printf(
            "%s: %d groups in %.2f s, %d chunks (%.0f/s offered by %d slots at %.0f chunks/s each),"
                + " model busy %.0f%% (%d batches, %d requests; %s); process CPU: %s;"
                + " waiting for a core: %s%n",
            run,
            sequences.size() / CANDIDATES,
            wall,
            sent.sum(),
            chunksPerSecond,
            generator.slots(),
            sequenceRate,
            100 * recording.nanos.sum() / 1e9 / wall,
            recording.batchCount(),
            recording.requestCount(),
            cacheDelta(cacheBefore, pastCacheStats(model)),
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
            percentiles(decided),
            run,
            percentiles(uncommittedLags),
            run,
            percentiles(committedLags));
        System.out.printf(
            "%s: mean latency per stage in this round (ms): %s%n",
            run, latencyMeans(stagesBefore, latencyTotals(streams)));
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
          percentiles(pooled.decided),
          pooled.roundP99s,
          pooled.rounds,
          percentiles(pooled.uncommitted),
          pooled.rounds,
          percentiles(pooled.committed));
      latencyBreakdown(streams);
      if (Boolean.getBoolean("bench.debug")) {
        debugStreamMetrics(harness, streams);
      }
    }
  }

  /**
   * The broker in this JVM or, with {@code bench.brokerProcess=true}, in a JVM of its own (with 1
   * GiB of heap) as in production. On two cores the second was no faster: both processes then
   * compile and collect garbage on the same cores (docs/BENCHMARKS.md).
   */
  private static KafkaBroker startBroker(Path dataDir) throws Exception {
    if (!Boolean.getBoolean("bench.brokerProcess")) {
      EmbeddedKafkaBroker.Builder builder = EmbeddedKafkaBroker.builder().dataDir(dataDir);
      System.getProperties()
          .stringPropertyNames()
          .forEach(
              name -> {
                if (name.startsWith(BROKER_SETTING)) {
                  builder.config(name.substring(BROKER_SETTING.length()), System.getProperty(name));
                }
              });
      return builder.start();
    }
    BrokerProcess broker = BrokerProcess.start(dataDir, List.of("-Xmx1g"));
    ThreadCpu.brokerProcess(broker.pid());
    System.out.println("broker in its own JVM, pid " + broker.pid());
    return broker;
  }

  /** {@code key=value,key=value} as settings; "default" is none. */
  private static Map<String, Object> settings(String variant) {
    Map<String, Object> settings = new HashMap<>();
    if (!variant.isBlank() && !variant.equals("default")) {
      for (String pair : variant.split(",")) {
        String[] kv = pair.split("=", 2);
        settings.put(kv[0].trim(), kv[1].trim());
      }
    }
    return settings;
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

  /** The measured latency rounds' figures, pooled, and each round's decided p99. */
  private static final class Pooled {
    final List<Long> decided = new ArrayList<>();
    final List<Long> uncommitted = new ArrayList<>();
    final List<Long> committed = new ArrayList<>();
    final List<Long> roundP99s = new ArrayList<>();
    int rounds;

    void add(List<Long> roundDecided, List<Long> roundUncommitted, List<Long> roundCommitted) {
      decided.addAll(roundDecided);
      uncommitted.addAll(roundUncommitted);
      committed.addAll(roundCommitted);
      List<Long> sorted = roundDecided.stream().sorted().toList();
      if (!sorted.isEmpty()) {
        roundP99s.add(percentile(sorted, 0.99));
      }
      rounds++;
    }
  }

  /** {@code sequences} (group-major, CANDIDATES each) as groups. */
  private static List<List<List<GenerationChunk>>> groups(List<List<GenerationChunk>> sequences) {
    List<List<List<GenerationChunk>>> groups = new ArrayList<>();
    for (int i = 0; i < sequences.size(); i += CANDIDATES) {
      groups.add(sequences.subList(i, i + CANDIDATES));
    }
    return groups;
  }

  /** "p50 .. ms, p99 .. ms, max .. ms (n)" of {@code values}. */
  private static String percentiles(List<Long> values) {
    if (values.isEmpty()) {
      return "none";
    }
    List<Long> sorted = values.stream().sorted().toList();
    return String.format(
        "p50 %d ms, p90 %d ms, p99 %d ms, max %d ms (%d)",
        percentile(sorted, 0.5),
        percentile(sorted, 0.90),
        percentile(sorted, 0.99),
        sorted.get(sorted.size() - 1),
        sorted.size());
  }

  /** The {@code q} quantile of non-empty {@code sorted} values (nearest rank below). */
  private static long percentile(List<Long> sorted, double q) {
    return sorted.get((int) Math.floor(q * (sorted.size() - 1)));
  }

  /** RewardStream's latency sums and counts ({@code -latency-sum}, {@code -total}), over tasks. */
  private static Map<String, Double> latencyTotals(KafkaStreams streams) {
    Map<String, Double> totals = new java.util.TreeMap<>();
    streams
        .metrics()
        .forEach(
            (name, metric) -> {
              if (name.group().contains("rewardstream")
                  && (name.name().endsWith("-latency-sum") || name.name().endsWith("-total"))) {
                totals.merge(
                    name.name(), ((Number) metric.metricValue()).doubleValue(), Double::sum);
              }
            });
    return totals;
  }

  /** Each stage's mean latency between two {@link #latencyTotals} snapshots. */
  private static String latencyMeans(Map<String, Double> before, Map<String, Double> after) {
    StringBuilder means = new StringBuilder();
    after.forEach(
        (name, sum) -> {
          if (!name.endsWith("-latency-sum")) {
            return;
          }
          String stage = name.substring(0, name.length() - "-latency-sum".length());
          double count =
              after.getOrDefault(stage + "-total", 0.0)
                  - before.getOrDefault(stage + "-total", 0.0);
          double total = sum - before.getOrDefault(name, 0.0);
          means.append(
              String.format(
                  "%s %.1f (%d); ", stage, count > 0 ? total / count : 0.0, Math.round(count)));
        });
    return means.toString().trim();
  }

  /**
   * Where the decision latency went, from RewardStream's sensors (mean over tasks of their
   * averages, and the largest maximum; the sensors' windows cover the last 30-60 s) and the stream
   * thread's commit figures.
   */
  private static void latencyBreakdown(KafkaStreams streams) {
    Map<String, List<Double>> values = new java.util.TreeMap<>();
    streams
        .metrics()
        .forEach(
            (name, metric) -> {
              boolean ours =
                  name.group().contains("rewardstream")
                      && (name.name().endsWith("-latency-avg")
                          || name.name().endsWith("-latency-max"));
              boolean commit =
                  name.group().equals("stream-thread-metrics")
                      && name.name().startsWith("commit-")
                      && !name.name().endsWith("-rate");
              if (ours || commit) {
                values
                    .computeIfAbsent(name.name(), k -> new ArrayList<>())
                    .add(((Number) metric.metricValue()).doubleValue());
              }
            });
    StringBuilder line = new StringBuilder("latency breakdown (ms):");
    values.forEach(
        (name, all) -> {
          double value =
              name.endsWith("-max")
                  ? all.stream().max(Double::compare).orElse(0.0)
                  : all.stream().reduce(0.0, Double::sum) / all.size();
          line.append(String.format(" %s %.1f;", name.replace("-latency", ""), value));
        });
    System.out.println(line);
  }

  /** Stream-thread metrics and the lag of StepScores behind their chunks. */
  private static void debugStreamMetrics(StreamsHarnessAccess harness, KafkaStreams streams) {
    streams
        .metrics()
        .forEach(
            (name, metric) -> {
              if (name.group().equals("stream-thread-metrics")
                  && (name.name().endsWith("-latency-avg")
                      || name.name().endsWith("-latency-max")
                      || name.name().endsWith("-ratio")
                      || name.name().endsWith("-total"))) {
                System.out.println("DEBUG " + name.name() + " " + metric.metricValue());
              }
            });
    try (KafkaConsumer<String, StepScore> scores =
        harness.consumer(harness.topics().stepScores(), StepScore.class)) {
      List<Long> lags = new ArrayList<>();
      for (int k = 0; k < 30; k++) {
        for (ConsumerRecord<String, StepScore> r : scores.poll(Duration.ofMillis(200))) {
          lags.add(
              r.value().getScoredAt().toEpochMilli()
                  - r.value().getSourceProducedAt().toEpochMilli());
        }
      }
      System.out.println("DEBUG step score lag " + percentiles(lags));
    }
  }

  /** Sends every chunk round-robin over the sequences, as fast as the producer takes them. */
  private static void produce(
      StreamsHarnessAccess harness,
      KafkaProducer<String, GenerationChunk> producer,
      List<List<GenerationChunk>> sequences) {
    for (int round = 0; round < STEPS * STEP_TOKENS / CHUNK + 1; round++) {
      for (List<GenerationChunk> sequence : sequences) {
        if (round < sequence.size()) {
          GenerationChunk chunk = sequence.get(round);
          chunk.setProducedAt(Instant.now());
          harness.send(producer, chunk);
        }
      }
    }
    producer.flush();
  }

  /** Candidates of random demo-vocabulary tokens with a separator closing every step. */
  private record Workload(int groups, int separator, int vocab) {
    int chunks() {
      return groups * CANDIDATES * ((STEPS * STEP_TOKENS + CHUNK - 1) / CHUNK);
    }

    long tokens() {
      return (long) groups * CANDIDATES * STEPS * STEP_TOKENS;
    }

    /** The chunks of every candidate, with group ids prefixed by {@code run}. */
    List<List<GenerationChunk>> sequences(String run) {
      Random random = new Random(7);
      List<List<GenerationChunk>> sequences = new ArrayList<>();
      for (int g = 0; g < groups; g++) {
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
                    .setGroupId(run + "-" + g)
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
}

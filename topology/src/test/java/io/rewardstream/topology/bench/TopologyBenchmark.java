package io.rewardstream.topology.bench;

import io.rewardstream.avro.GenerationChunk;
import io.rewardstream.avro.SequenceReward;
import io.rewardstream.embedded.EmbeddedKafkaBroker;
import io.rewardstream.embedded.KafkaBroker;
import io.rewardstream.scorer.RewardModel;
import io.rewardstream.scorer.ScorerConfig;
import io.rewardstream.scorer.onnx.OnnxRewardModel;
import io.rewardstream.scorer.onnx.PastCacheStats;
import io.rewardstream.topology.RewardStreamConfig;
import io.rewardstream.topology.StreamsHarnessAccess;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
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
 * only), {@code bench.latencyAt=<chunks/s>[,...]} (only latency runs, one per rate), {@code
 * bench.sequenceRate} (chunks/s of one sequence in the latency run, default 10: 40 tokens/s),
 * {@code bench.latencyWarmupRounds} (most paced, unmeasured rounds of {@code bench.groups} groups
 * before the measured ones, default 24: rounds go on until the JIT used less than 5% of a core in
 * three in a row, since a JVM that also hosts the broker keeps compiling for minutes), {@code
 * bench.measuredRounds} (measured rounds after the warm-up, default 5, reported each and pooled),
 * {@code bench.harnessNice} (nice value of the generator's and readers' threads, default 0; the
 * variant key {@code harness.nice} sets it per run), {@code bench.set.<key>=<value>} (any
 * application setting, for every run, such as {@code bench.set.commit.interval.ms=1000}), {@code
 * bench.variants} (with {@code bench.latencyAt}: one latency run for each {@code ;}-separated list
 * of {@code key=value,...} settings, {@code default} for none, in one JVM so that they compare;
 * keys starting with {@code scorer.} load a model of their own, keys starting with {@code
 * generator.} set the generator's producer, such as {@code generator.linger.ms=0}, and keys {@code
 * model.callMicros} and {@code model.tokenNanos} put an {@link OffloadedModel} in place of the
 * model: scores that cost no core, each call taking that long), {@code bench.replays} (passes of
 * the bare replay per measured iteration, default 3, the median counts), {@code
 * bench.brokerProcess=true} (the broker in a JVM of its own), {@code bench.broker.<key>=<value>} (a
 * setting of the in-process broker, such as {@code bench.broker.num.io.threads=1}), {@code
 * bench.debug=true} (in the latency run: the input lag a plain consumer sees, a stack sampler on
 * the stream thread, the broker's request times (in-process broker only), the stream thread's
 * metrics, and the lag of StepScores behind their source chunks).
 */
public final class TopologyBenchmark {
  static final int CANDIDATES = 8;
  private static final int STEPS = 6;
  private static final int STEP_TOKENS = 12;
  private static final int CHUNK = 4;
  private static final String BROKER_SETTING = "bench.broker.";

  /** The full run's accelerator-like model: 1.5 ms a call and 10 µs a new token, off the cores. */
  private static final String OFFLOADED = "model.callMicros=1500,model.tokenNanos=10000";

  /** Passes of the bare replay per measured iteration; their median is the bare model's time. */
  private static final int REPLAYS = Integer.getInteger("bench.replays", 3);

  /** As shipped in config/rewardstream.properties (Kafka's default): one stream thread. */
  static final int STREAM_THREADS = Integer.getInteger("bench.streamThreads", 1);

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
        for (String rate : latencyOnly.split(",")) {
          for (String variant : System.getProperty("bench.variants", "default").split(";")) {
            System.out.println("offered " + rate + " chunks/s, settings: " + variant);
            LatencyRun.run(
                broker,
                work,
                model,
                modelDir,
                workload,
                Double.parseDouble(rate),
                settings(variant));
          }
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
        LatencyRun.run(broker, work, model, modelDir, workload, chunksPerSecond * share, Map.of());
      }
      // The same half load with the model's compute off the cores (as on an accelerator; 16 rows of
      // 12 new tokens take 3.4 ms, the demo model's CPU time for them at a short past): what the
      // rest of the path leaves of the latency on two cores.
      System.out.printf(
          "decision latency at %.0f chunks/s with the model off the cores (%s):%n",
          chunksPerSecond * 0.5, OFFLOADED);
      LatencyRun.run(
          broker, work, model, modelDir, workload, chunksPerSecond * 0.5, settings(OFFLOADED));
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
    settings.putAll(setBySystemProperties());
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
        List<Candidate> sequences = (measured ? workload : warmup).candidates(name + "-" + i);
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
  static int awaitRewards(
      KafkaConsumer<String, SequenceReward> rewards, int expected, Runnable betweenPolls) {
    int seen = 0;
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    while (seen < expected && System.nanoTime() < deadline) {
      seen += rewards.poll(Duration.ofMillis(5)).count();
      betweenPolls.run();
    }
    return seen;
  }

  static PastCacheStats pastCacheStats(RewardModel model) {
    return model instanceof OnnxRewardModel onnx ? onnx.pastCacheStats() : PastCacheStats.NONE;
  }

  /** The past cache's work between two snapshots, for a run's line. */
  static String cacheDelta(PastCacheStats before, PastCacheStats after) {
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

  /** The application settings given as {@code bench.set.<key>=<value>} system properties. */
  static Map<String, Object> setBySystemProperties() {
    Map<String, Object> settings = new HashMap<>();
    System.getProperties()
        .forEach(
            (key, value) -> {
              if (key.toString().startsWith("bench.set.")) {
                settings.put(key.toString().substring("bench.set.".length()), value);
              }
            });
    return settings;
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

  /** Sends every chunk round-robin over the candidates, as fast as the producer takes them. */
  private static void produce(
      StreamsHarnessAccess harness,
      KafkaProducer<String, GenerationChunk> producer,
      List<Candidate> candidates) {
    for (int index = 0; index < STEPS * STEP_TOKENS / CHUNK + 1; index++) {
      for (Candidate candidate : candidates) {
        if (index < candidate.chunks()) {
          harness.send(producer, candidate.chunk(index));
        }
      }
    }
    producer.flush();
  }

  /** Candidates of random demo-vocabulary tokens with a separator closing every step. */
  record Workload(int groups, int separator, int vocab) {
    int chunks() {
      return groups * CANDIDATES * ((STEPS * STEP_TOKENS + CHUNK - 1) / CHUNK);
    }

    long tokens() {
      return (long) groups * CANDIDATES * STEPS * STEP_TOKENS;
    }

    /** Every candidate, group-major, with group ids prefixed by {@code run}. */
    List<Candidate> candidates(String run) {
      Random random = new Random(7);
      List<Candidate> candidates = new ArrayList<>();
      for (int g = 0; g < groups; g++) {
        String groupId = run + "-" + g;
        for (int c = 0; c < CANDIDATES; c++) {
          int[] tokens = new int[STEPS * STEP_TOKENS];
          for (int i = 0; i < tokens.length; i++) {
            int token;
            do {
              token = 1 + random.nextInt(vocab - 2);
            } while (token == separator);
            tokens[i] = (i + 1) % STEP_TOKENS == 0 ? separator : token;
          }
          candidates.add(new Candidate(groupId, "c" + c, tokens, CANDIDATES, CHUNK));
        }
      }
      return candidates;
    }
  }
}

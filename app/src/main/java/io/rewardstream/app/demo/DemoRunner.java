package io.rewardstream.app.demo;

import io.rewardstream.app.StartupException;
import io.rewardstream.app.chain.ChainDomain;
import io.rewardstream.app.config.AppConfig;
import io.rewardstream.app.metrics.MeteredRewardModel;
import io.rewardstream.app.metrics.Observability;
import io.rewardstream.app.metrics.OutcomeMonitor;
import io.rewardstream.app.runtime.KafkaSettings;
import io.rewardstream.app.runtime.StreamsService;
import io.rewardstream.app.runtime.ThreadFailurePolicy;
import io.rewardstream.app.runtime.TopicProvisioner;
import io.rewardstream.avro.GenerationChunk;
import io.rewardstream.scorer.RewardModel;
import io.rewardstream.serde.SpecificAvroDeserializer;
import io.rewardstream.topology.RewardStreamConfig;
import io.rewardstream.topology.RewardTopology;
import io.rewardstream.topology.Topics;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the demo on a Kafka cluster it is given (the embedded broker): plans the prompts and
 * candidates, scores the no-rejection baseline with the model directly, starts the topology, lets
 * the synthetic policy stream while the live view draws, and reports. {@link #close()} stops
 * everything it started, also from a shutdown hook.
 */
public final class DemoRunner implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DemoRunner.class);
  private static final long VIEW_INTERVAL_MS = 200;

  /** What the demo runs on. */
  public record Infrastructure(
      String bootstrapServers,
      Path stateDir,
      Serializer<GenerationChunk> chunkSerializer,
      Deserializer<SpecificRecord> eventDeserializer) {}

  private final Deque<AutoCloseable> resources = new ArrayDeque<>();
  private volatile boolean closed;

  /**
   * Runs the demo and returns its report.
   *
   * @param settings demo, topology, app and Kafka settings
   * @param ours the keys that are RewardStream's (not passed to Kafka Streams)
   * @param model the reward model (closed by the caller)
   * @param domain the value range of the demo's problems
   * @param progress where the live view draws
   * @param terminal whether {@code progress} is a terminal (redraw in place)
   */
  public DemoReport run(
      Map<String, String> settings,
      Predicate<String> ours,
      RewardModel model,
      ChainDomain domain,
      Infrastructure infra,
      PrintStream progress,
      boolean terminal)
      throws InterruptedException {
    long started = System.nanoTime();
    DemoConfig demo = new DemoConfig(settings);
    RewardStreamConfig config = new RewardStreamConfig(settings);
    AppConfig app = new AppConfig(settings);
    Topics topics = config.topics();
    List<GroupPlan> plans =
        DemoPlanner.plan(
            demo.seed(),
            domain,
            demo.groups(),
            demo.candidates(),
            demo.stepErrorRate(),
            // within the range the model was trained on
            Math.max(Math.min(demo.minOperations(), domain.maxOps()), domain.minOps()),
            Math.max(Math.min(demo.maxOperations(), domain.maxOps()), domain.minOps()));

    // The no-rejection baseline runs beside the stream's start-up, which mostly waits on Kafka.
    CompletableFuture<List<OfflineBestOfN.Choice>> baseline =
        CompletableFuture.supplyAsync(() -> OfflineBestOfN.choose(model, plans, 8, done -> {}));

    StreamsService service = startTopology(settings, ours, model, infra, config, app, progress);
    if (service.httpPort() > 0) {
      progress.printf("Metrics: http://127.0.0.1:%d/metrics%n", service.httpPort());
    }

    Scoreboard board = new Scoreboard();
    KafkaProducer<String, GenerationChunk> producer =
        register(
            new KafkaProducer<>(
                producerSettings(infra), new StringSerializer(), infra.chunkSerializer()));
    SyntheticPolicy policy =
        register(new SyntheticPolicy(plans, producer, topics.generations(), demo, board));
    WarmUp warmUp = register(new WarmUp(producer, topics.generations(), demo, domain));
    OutcomeListener listener =
        register(
            new OutcomeListener(
                infra.bootstrapServers(),
                infra.eventDeserializer(),
                topics.rejections(),
                topics.groupRewards(),
                r -> (WarmUp.owns(r.getGroupId()) ? warmUp.policy() : policy).onRejection(r),
                g -> (WarmUp.owns(g.getGroupId()) ? warmUp.board() : board).groupRewarded(g)));
    listener.start();
    warmUp.run(progress);
    // The baseline's scoring must not compete with the measured run for the CPU.
    List<OfflineBestOfN.Choice> without = join(baseline);
    policy.start();

    ProgressView view = new ProgressView(progress, terminal, plans.size());
    long limit = System.nanoTime() + TimeUnit.SECONDS.toNanos(demo.seconds() + 60L);
    boolean generated = false;
    while (!closed && System.nanoTime() < limit) {
      generated = generated || policy.awaitGenerated(VIEW_INTERVAL_MS, TimeUnit.MILLISECONDS);
      view.draw(board);
      if (generated && board.groupsRewarded() >= board.groupsStarted()) {
        break;
      }
    }
    view.finish(board);
    if (board.groupsRewarded() < board.groupsStarted()) {
      LOG.warn(
          "{} of {} started groups got no GroupReward in time",
          board.groupsStarted() - board.groupsRewarded(),
          board.groupsStarted());
    }
    DemoReport.Setup setup =
        new DemoReport.Setup(
            demo.candidates(),
            String.join(",", config.getList(RewardStreamConfig.REJECTION_RULES_CONFIG)),
            config.getString(RewardStreamConfig.REJECTION_KEEP_CONFIG),
            config.getInt(RewardStreamConfig.SCORE_EVERY_TOKENS_CONFIG),
            demo.seed(),
            demo.stepErrorRate());
    double seconds = (System.nanoTime() - started) / 1e9;
    return DemoReport.of(setup, plans, without, board, seconds);
  }

  /** Creates the topics and starts the topology with its HTTP endpoint; waits for RUNNING. */
  private StreamsService startTopology(
      Map<String, String> settings,
      Predicate<String> ours,
      RewardModel model,
      Infrastructure infra,
      RewardStreamConfig config,
      AppConfig app,
      PrintStream progress)
      throws InterruptedException {
    Topics topics = config.topics();
    Map<String, Object> client = Map.of("bootstrap.servers", infra.bootstrapServers());
    try (Admin admin = Admin.create(client)) {
      new TopicProvisioner(admin, Duration.ofSeconds(30))
          .ensure(topics.all(), true, app.getInt(AppConfig.TOPICS_PARTITIONS_CONFIG), 1);
    }
    Observability observability = register(new Observability());
    RewardModel metered = new MeteredRewardModel(model, observability.registry());
    Properties streamsProps = KafkaSettings.streams(settings, topics, ours);
    streamsProps.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers());
    streamsProps.put(StreamsConfig.STATE_DIR_CONFIG, infra.stateDir().toString());
    StreamsService service =
        register(
            StreamsService.start(
                RewardTopology.build(config, topics, metered),
                streamsProps,
                new ThreadFailurePolicy(app.getInt(AppConfig.MAX_THREAD_REPLACEMENTS_CONFIG)),
                observability,
                "127.0.0.1",
                app.getInt(AppConfig.HTTP_PORT_CONFIG),
                Duration.ofSeconds(10)));
    if (!service.awaitRunning(Duration.ofSeconds(60))) {
      throw new StartupException(
          "Kafka Streams did not reach RUNNING within 60 s (state "
              + service.streams().state()
              + ")");
    }
    if (app.getBoolean(AppConfig.MONITOR_OUTCOMES_CONFIG)) {
      // /metrics as `rewardstream run` serves it: the outcome meters too.
      SpecificAvroDeserializer<SpecificRecord> values = new SpecificAvroDeserializer<>();
      values.configure(new HashMap<>(settings), false);
      register(
              new OutcomeMonitor(
                  KafkaSettings.monitorConsumer(streamsProps),
                  values,
                  topics,
                  observability.registry()))
          .start();
    }
    return service;
  }

  private static List<OfflineBestOfN.Choice> join(
      CompletableFuture<List<OfflineBestOfN.Choice>> baseline) throws InterruptedException {
    try {
      return baseline.get();
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("Scoring the no-rejection baseline failed", e.getCause());
    }
  }

  private static Map<String, Object> producerSettings(Infrastructure infra) {
    Map<String, Object> settings = new HashMap<>();
    settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers());
    settings.put(ProducerConfig.LINGER_MS_CONFIG, 1);
    settings.put(ProducerConfig.ACKS_CONFIG, "all");
    settings.put(ProducerConfig.CLIENT_ID_CONFIG, "rewardstream-demo-policy");
    return settings;
  }

  private synchronized <T extends AutoCloseable> T register(T resource) {
    if (closed) {
      closeQuietly(resource);
      throw new IllegalStateException("the demo is shutting down");
    }
    resources.push(resource);
    return resource;
  }

  /** Stops the policy, the listener, the producer and the stream, last started first. */
  @Override
  public synchronized void close() {
    closed = true;
    while (!resources.isEmpty()) {
      closeQuietly(resources.pop());
    }
  }

  private static void closeQuietly(AutoCloseable resource) {
    try {
      resource.close();
    } catch (Exception e) {
      LOG.warn("Error while closing {}", resource.getClass().getSimpleName(), e);
    }
  }
}

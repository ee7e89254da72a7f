package io.rewardstream.app.commands;

import io.rewardstream.app.RepoPaths;
import io.rewardstream.app.StartupException;
import io.rewardstream.app.config.AppConfig;
import io.rewardstream.app.config.ConfigCatalog;
import io.rewardstream.app.config.ConfigCheck;
import io.rewardstream.app.config.Settings;
import io.rewardstream.app.runtime.KafkaSettings;
import io.rewardstream.app.runtime.RewardModels;
import io.rewardstream.app.runtime.RewardStreamInstance;
import io.rewardstream.app.runtime.StreamsService;
import io.rewardstream.app.runtime.TopicProvisioner;
import io.rewardstream.embedded.ApicurioRegistry;
import io.rewardstream.embedded.EmbeddedKafkaBroker;
import io.rewardstream.scorer.ScorerConfig;
import io.rewardstream.scorer.onnx.OnnxRewardModel;
import io.rewardstream.serde.AvroSerdeConfig;
import io.rewardstream.topology.RewardStreamConfig;
import io.rewardstream.topology.Topics;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rewardstream local}: a local stack for people writing generation workers or trainers: the
 * embedded broker, a real Confluent-compatible registry over HTTP (Apicurio, on a Java 21+) or one
 * given by {@code --registry-url}, and the topology with the demo PRM. Runs until Ctrl-C, then
 * removes everything it created.
 */
@Command(
    name = "local",
    mixinStandardHelpOptions = true,
    description = {
      "Start an embedded Kafka broker, a Schema Registry (Apicurio on Java 21+, or --registry-url)"
          + " and the topology with the demo PRM; print their addresses; run until Ctrl-C."
    })
public final class LocalCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(LocalCommand.class);

  @Spec CommandSpec spec;

  @Option(names = "--model", description = "Reward model folder (default models/demo-prm).")
  Path model;

  @Option(
      names = "--registry-url",
      description = "Use this Confluent-compatible registry instead of starting Apicurio.")
  String registryUrl;

  @Option(
      names = "--kafka-port",
      defaultValue = "9092",
      description = "Broker port on 127.0.0.1; 0 picks a free one (default ${DEFAULT-VALUE}).")
  int kafkaPort;

  @Option(
      names = "--registry-port",
      defaultValue = "8081",
      description = "Apicurio's HTTP port on 127.0.0.1; 0 picks one (default ${DEFAULT-VALUE}).")
  int registryPort;

  @Option(
      names = "--http-port",
      defaultValue = "8080",
      description = "Port of /health, /ready, /metrics, /groups (default ${DEFAULT-VALUE}).")
  int httpPort;

  @Option(names = "--set", description = "Any other setting, key=value.")
  Map<String, String> sets = new LinkedHashMap<>();

  private final Deque<AutoCloseable> resources = new ArrayDeque<>();
  private Path temp;

  @Override
  public Integer call() throws Exception {
    ConfigCheck.require(sets, List.of());
    PrintWriter out = spec.commandLine().getOut();
    temp = Files.createTempDirectory("rewardstream-local-");
    Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "rewardstream-local-stop"));
    try {
      Path modelDir = model != null ? model : RepoPaths.demoModel();
      EmbeddedKafkaBroker broker =
          keep(
              EmbeddedKafkaBroker.builder()
                  .dataDir(temp.resolve("kafka"))
                  .brokerPort(kafkaPort)
                  .start());
      String registry = registryUrl != null ? registryUrl : startRegistry();
      Map<String, String> defaults = new LinkedHashMap<>();
      defaults.put(StreamsConfig.APPLICATION_ID_CONFIG, "rewardstream-local");
      defaults.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
      defaults.put(StreamsConfig.STATE_DIR_CONFIG, temp.resolve("state").toString());
      defaults.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "1");
      defaults.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, registry);
      defaults.put(ScorerConfig.MODEL_DIR_CONFIG, modelDir.toString());
      defaults.put(AppConfig.HTTP_PORT_CONFIG, Integer.toString(httpPort));
      defaults.put(AppConfig.TOPICS_PARTITIONS_CONFIG, "4");
      Settings settings = Settings.of(defaults, "local").with(sets, "--set");
      RewardStreamConfig config = new RewardStreamConfig(settings.values());
      AppConfig app = new AppConfig(settings.values());
      Topics topics = config.topics();
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
        new TopicProvisioner(admin, Duration.ofSeconds(30))
            .ensure(topics.all(), true, app.getInt(AppConfig.TOPICS_PARTITIONS_CONFIG), 1);
      }
      OnnxRewardModel reward = keep(RewardModels.load(settings.values()));
      Properties streamsProps =
          KafkaSettings.streams(settings.values(), topics, ConfigCatalog::isOurs);
      StreamsService service =
          keep(
              RewardStreamInstance.start(
                  settings.values(), config, app, streamsProps, reward, "127.0.0.1"));
      if (!service.awaitRunning(Duration.ofSeconds(60))) {
        throw new StartupException(
            "Kafka Streams did not reach RUNNING within 60 s (state "
                + service.streams().state()
                + ")");
      }
      out.printf("%nRewardStream local stack is running.%n%n");
      out.printf("  bootstrap.servers    %s%n", broker.bootstrapServers());
      out.printf("  schema.registry.url  %s%n", registry);
      if (service.httpPort() > 0) {
        out.printf("  metrics              http://127.0.0.1:%d/metrics%n", service.httpPort());
        out.printf(
            "  group state          http://127.0.0.1:%d/groups/<group_id>%n", service.httpPort());
      }
      out.printf("  model                %s (%s)%n", reward.metadata().id(), modelDir);
      out.printf(
          "%n  in:  %s%n  out: %s, %s, %s, %s, %s, %s%n%n",
          topics.generations(),
          topics.rejections(),
          topics.rewards(),
          topics.groupRewards(),
          topics.stepScores(),
          topics.metrics(),
          topics.deadLetters());
      out.println("Press Ctrl-C to stop (everything is removed on exit).");
      out.flush();
      return service.awaitTermination();
    } finally {
      stop();
    }
  }

  private String startRegistry() {
    Path home =
        Path.of(
            System.getProperty(
                ApicurioRegistry.HOME_PROPERTY,
                RepoPaths.root().resolve("app/target/apicurio").toString()));
    if (!Files.isRegularFile(home.resolve("quarkus-run.jar"))) {
      throw new StartupException(
          "Apicurio Registry not unpacked: expected "
              + home.resolve("quarkus-run.jar")
              + ", found nothing. ./rewardstream local unpacks it on first use; or pass"
              + " --registry-url http://host:port to use a running Confluent-compatible registry.");
    }
    try {
      ApicurioRegistry registry =
          keep(ApicurioRegistry.builder().home(home).logDir(temp).httpPort(registryPort).start());
      return registry.confluentUrl();
    } catch (IllegalStateException e) {
      throw new StartupException(
          e.getMessage()
              + " Or pass --registry-url http://host:port to use a running Confluent-compatible"
              + " registry (for example cp-schema-registry from docker-compose.yml).",
          e);
    }
  }

  private synchronized <T extends AutoCloseable> T keep(T resource) {
    resources.push(resource);
    return resource;
  }

  private synchronized void stop() {
    while (!resources.isEmpty()) {
      AutoCloseable resource = resources.pop();
      try {
        resource.close();
      } catch (Exception e) {
        LOG.warn("Error while stopping {}", resource.getClass().getSimpleName(), e);
      }
    }
    if (temp != null) {
      RepoPaths.deleteRecursively(temp);
      temp = null;
    }
  }
}

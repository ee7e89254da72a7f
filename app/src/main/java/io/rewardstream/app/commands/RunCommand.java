package io.rewardstream.app.commands;

import io.rewardstream.app.ExitCodes;
import io.rewardstream.app.StartupException;
import io.rewardstream.app.config.AppConfig;
import io.rewardstream.app.config.ConfigCatalog;
import io.rewardstream.app.config.ConfigCheck;
import io.rewardstream.app.config.ConfigSummary;
import io.rewardstream.app.config.Secrets;
import io.rewardstream.app.config.Settings;
import io.rewardstream.app.runtime.KafkaSettings;
import io.rewardstream.app.runtime.RegistryCheck;
import io.rewardstream.app.runtime.RewardModels;
import io.rewardstream.app.runtime.RewardStreamInstance;
import io.rewardstream.app.runtime.StreamsService;
import io.rewardstream.app.runtime.TopicProvisioner;
import io.rewardstream.scorer.RewardModel;
import io.rewardstream.topology.RewardStreamConfig;
import io.rewardstream.topology.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
import picocli.CommandLine.Option;

/**
 * {@code rewardstream run}: production. Reads a properties file and {@code REWARDSTREAM_*}
 * environment variables, checks everything it depends on before it starts (fails fast with what was
 * expected and what was found), runs the topology against external Kafka and Schema Registry, and
 * shuts down gracefully on SIGTERM.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run against your Kafka and Schema Registry. Settings: --config file, then REWARDSTREAM_*"
          + " environment variables (REWARDSTREAM_SCORER_DEVICE -> scorer.device; __ for '-'),"
          + " then --set key=value."
    })
public final class RunCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

  @Option(
      names = "--config",
      description = "Properties file (e.g. config/rewardstream.properties).")
  Path config;

  @Option(names = "--set", description = "A setting, key=value; wins over file and environment.")
  Map<String, String> sets = new LinkedHashMap<>();

  @Override
  public Integer call() throws Exception {
    Settings settings = Settings.load(config, System.getenv(), sets);
    Startup startup = Startup.validate(settings);
    LOG.info(
        "Starting RewardStream with settings{}",
        ConfigSummary.render(settings, new Secrets(ConfigCatalog.definitions())));
    Topics topics = startup.topology().topics();
    Properties streamsProps =
        KafkaSettings.streams(settings.values(), topics, ConfigCatalog::isOurs);
    Duration timeout =
        Duration.ofMillis(startup.app().getLong(AppConfig.STARTUP_TIMEOUT_MS_CONFIG));
    try (Admin admin = Admin.create(KafkaSettings.startupAdmin(streamsProps, timeout))) {
      new TopicProvisioner(admin, timeout)
          .ensure(
              topics.all(),
              startup.app().getBoolean(AppConfig.TOPICS_CREATE_CONFIG),
              startup.app().getInt(AppConfig.TOPICS_PARTITIONS_CONFIG),
              startup.app().getInt(AppConfig.TOPICS_REPLICATION_FACTOR_CONFIG));
    }
    RegistryCheck.verify(settings.values(), topics);
    RewardModel model = RewardModels.load(settings.values());
    StreamsService service;
    try {
      service =
          RewardStreamInstance.start(
              settings.values(),
              startup.topology(),
              startup.app(),
              streamsProps,
              model,
              startup.app().getString(AppConfig.HTTP_HOST_CONFIG));
    } catch (RuntimeException e) {
      model.close();
      if (e instanceof StartupException) {
        throw e;
      }
      // Binding the HTTP port, opening the state directory, creating Kafka Streams: still start-up,
      // so one message and exit code 2 rather than a crash a supervisor would retry.
      throw new StartupException("Could not start RewardStream: " + e, e);
    }
    service.closeWith(model);
    Runtime.getRuntime().addShutdownHook(new Thread(service::close, "rewardstream-shutdown"));
    int code = service.awaitTermination();
    service.close();
    if (code != ExitCodes.OK) {
      LOG.error("RewardStream stopped after a failure; exiting with {}", code);
    }
    return code;
  }

  /** The validated configuration of every module. */
  record Startup(RewardStreamConfig topology, AppConfig app) {

    /**
     * Parses every module's settings and checks the keys Kafka needs, reporting all problems at
     * once.
     */
    static Startup validate(Settings settings) {
      List<String> missing = new ArrayList<>();
      for (String required :
          new String[] {
            StreamsConfig.BOOTSTRAP_SERVERS_CONFIG,
            StreamsConfig.APPLICATION_ID_CONFIG,
            "schema.registry.url"
          }) {
        String value = settings.get(required);
        if (value == null || value.isBlank()) {
          missing.add(
              "expected "
                  + required
                  + " to be set (in the file or as "
                  + io.rewardstream.app.config.EnvironmentVariables.toVariable(required)
                  + "), found nothing");
        }
      }
      ConfigCheck.require(settings.values(), missing);
      RewardStreamConfig topology = new RewardStreamConfig(settings.values());
      AppConfig app = new AppConfig(settings.values());
      return new Startup(topology, app);
    }
  }
}

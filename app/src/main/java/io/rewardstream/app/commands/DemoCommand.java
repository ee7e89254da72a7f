package io.rewardstream.app.commands;

import io.rewardstream.app.ExitCodes;
import io.rewardstream.app.RepoPaths;
import io.rewardstream.app.chain.ChainDomain;
import io.rewardstream.app.config.ConfigCatalog;
import io.rewardstream.app.config.ConfigCheck;
import io.rewardstream.app.config.Settings;
import io.rewardstream.app.demo.DemoConfig;
import io.rewardstream.app.demo.DemoReport;
import io.rewardstream.app.demo.DemoRunner;
import io.rewardstream.app.runtime.RewardModels;
import io.rewardstream.avro.GenerationChunk;
import io.rewardstream.embedded.EmbeddedKafkaBroker;
import io.rewardstream.scorer.ScorerConfig;
import io.rewardstream.scorer.onnx.OnnxRewardModel;
import io.rewardstream.serde.AvroSerdeConfig;
import io.rewardstream.serde.MockSchemaRegistry;
import io.rewardstream.serde.SpecificAvroDeserializer;
import io.rewardstream.serde.SpecificAvroSerializer;
import io.rewardstream.topology.RewardStreamConfig;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.avro.specific.SpecificRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rewardstream demo}: RewardStream end to end on one machine with nothing to install: an
 * embedded Kafka broker, an in-process registry, the demo PRM, the topology, and a synthetic policy
 * whose candidates are aborted the moment their rejection arrives. Ends with best-of-N with early
 * rejection against best-of-N without it, and a JSON line.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run the embedded demo: broker, registry, demo PRM, topology and a synthetic policy; compare"
          + " best-of-N with and without early rejection. The last line of the output is JSON."
    })
public final class DemoCommand implements Callable<Integer> {
  public static final String DEFAULTS = "/io/rewardstream/app/demo.properties";

  @Spec CommandSpec spec;

  @Option(names = "--groups", description = "Prompts (default 24, from config/demo.properties).")
  Integer groups;

  @Option(names = "--candidates", description = "Candidates per prompt (default 12).")
  Integer candidates;

  @Option(
      names = "--tau",
      description = "Tokens between partial scores inside a step, score.every-tokens (default 64).")
  Integer tau;

  @Option(
      names = "--keep",
      description =
          "group-rank: siblings kept per checkpoint, a count or a fraction (default 1/2).")
  String keep;

  @Option(
      names = "--rule",
      description =
          "Rejection rules, comma-separated: group-rank, quantile, threshold (default"
              + " group-rank,threshold).")
  String rule;

  @Option(names = "--seed", description = "Seed of problems, errors and pace (default 7).")
  Long seed;

  @Option(names = "--seconds", description = "Time budget of the streaming phase (default 90).")
  Integer seconds;

  @Option(names = "--model", description = "Reward model folder (default models/demo-prm).")
  Path model;

  @Option(
      names = "--set",
      description = "Any other setting, key=value (demo.*, topology, Kafka Streams).")
  Map<String, String> sets = new LinkedHashMap<>();

  @Option(names = "--verbose", description = "Log at INFO instead of WARN.")
  boolean verbose;

  private final DemoRunner runner = new DemoRunner();
  private volatile EmbeddedKafkaBroker broker;
  private volatile OnnxRewardModel reward;
  private volatile String scope;
  private volatile Path temp;
  private boolean cleaned;

  @Override
  public Integer call() throws Exception {
    Path modelDir = model != null ? model : RepoPaths.demoModel();
    scope = "rewardstream-demo-" + UUID.randomUUID();
    Settings settings =
        Settings.of(Settings.resource(DEFAULTS), "config/demo.properties")
            .with(sets, "--set")
            .with(flags(modelDir, scope), "command line");
    ConfigCheck.require(settings.values(), List.of());
    new DemoConfig(settings.values());
    PrintWriter out = spec.commandLine().getOut();
    PrintStream progress = System.err;
    temp = Files.createTempDirectory("rewardstream-demo-");
    // Ctrl-C: stop the policy, the stream and the broker, and remove the temporary data.
    Thread cleanup = new Thread(this::cleanUp, "rewardstream-demo-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    try {
      progress.printf("Loading the reward model from %s%n", shown(modelDir));
      reward = RewardModels.load(settings.values());
      progress.println("Starting an embedded Kafka broker and the topology...");
      broker = EmbeddedKafkaBroker.builder().dataDir(temp.resolve("kafka")).start();
      Map<String, Object> serdeSettings = new HashMap<>(settings.values());
      SpecificAvroSerializer<GenerationChunk> chunks = new SpecificAvroSerializer<>();
      chunks.configure(serdeSettings, false);
      SpecificAvroDeserializer<SpecificRecord> events = new SpecificAvroDeserializer<>();
      events.configure(serdeSettings, false);
      DemoReport report =
          runner.run(
              settings.values(),
              ConfigCatalog::isOurs,
              reward,
              ChainDomain.ofModel(modelDir),
              new DemoRunner.Infrastructure(
                  broker.bootstrapServers(), temp.resolve("state"), chunks, events),
              progress,
              System.console() != null);
      out.print(report.text());
      out.println(report.jsonLine());
      out.flush();
      return ExitCodes.OK;
    } finally {
      cleanUp();
      try {
        Runtime.getRuntime().removeShutdownHook(cleanup);
      } catch (IllegalStateException e) {
        // the JVM is already shutting down; the hook is running or has run
      }
    }
  }

  /** {@code path} relative to the working directory when it lies inside it, as a user typed it. */
  public static Path shown(Path path) {
    Path cwd = Path.of("").toAbsolutePath();
    Path absolute = path.toAbsolutePath().normalize();
    return absolute.startsWith(cwd) && !absolute.equals(cwd) ? cwd.relativize(absolute) : path;
  }

  private Map<String, String> flags(Path modelDir, String scope) {
    Map<String, String> flags = new LinkedHashMap<>();
    flags.put(ScorerConfig.MODEL_DIR_CONFIG, modelDir.toString());
    flags.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, MockSchemaRegistry.URL_PREFIX + scope);
    put(flags, DemoConfig.GROUPS_CONFIG, groups);
    put(flags, DemoConfig.CANDIDATES_CONFIG, candidates);
    put(flags, DemoConfig.SEED_CONFIG, seed);
    put(flags, DemoConfig.SECONDS_CONFIG, seconds);
    put(flags, RewardStreamConfig.SCORE_EVERY_TOKENS_CONFIG, tau);
    put(flags, RewardStreamConfig.REJECTION_KEEP_CONFIG, keep);
    put(flags, RewardStreamConfig.REJECTION_RULES_CONFIG, rule);
    return flags;
  }

  private static void put(Map<String, String> flags, String key, Object value) {
    if (value != null) {
      flags.put(key, value.toString());
    }
  }

  private synchronized void cleanUp() {
    if (cleaned) {
      return;
    }
    cleaned = true;
    runner.close();
    if (broker != null) {
      broker.close();
    }
    if (reward != null) {
      reward.close();
    }
    MockSchemaRegistry.reset(scope);
    RepoPaths.deleteRecursively(temp);
  }
}

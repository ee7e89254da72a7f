package io.rewardstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rewardstream.avro.GenerationChunk;
import io.rewardstream.avro.Prompt;
import io.rewardstream.embedded.ApicurioRegistry;
import io.rewardstream.embedded.EmbeddedKafkaBroker;
import io.rewardstream.embedded.FreePorts;
import io.rewardstream.serde.SpecificAvroSerializer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code rewardstream run} as an operator runs it: a separate JVM configured by REWARDSTREAM_*
 * environment variables against a real broker and a real Confluent-compatible registry (Apicurio);
 * its HTTP endpoint; the Python clients round trip through it (Python produces, Java scores, Python
 * reads the rewards, a rejected candidate's callback fires); graceful shutdown on SIGTERM. Also the
 * start-up checks that fail fast with what was expected and what was found.
 */
@Timeout(300)
class ProductionRunIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String PYTHON = "/usr/bin/python3";

  @TempDir static Path dir;
  private static EmbeddedKafkaBroker broker;
  private static ApicurioRegistry registry;

  @BeforeAll
  static void startInfrastructure() {
    broker = EmbeddedKafkaBroker.builder().dataDir(dir.resolve("kafka")).start();
    registry = ApicurioRegistry.builder().logDir(dir).start();
  }

  @AfterAll
  static void stopInfrastructure() {
    if (registry != null) {
      registry.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void shouldRunFromEnvironmentServeHttpRoundTripPythonAndStopGracefullyOnSigterm()
      throws Exception {
    int httpPort = FreePorts.pick();
    ProcessBuilder builder =
        new ProcessBuilder(
            javaExecutable(),
            "-Drewardstream.log.level=INFO",
            "-jar",
            ItSupport.root().resolve("app/target/rewardstream-app.jar").toString(),
            "run",
            "--config",
            ItSupport.root().resolve("config/rewardstream.properties").toString());
    Map<String, String> env = builder.environment();
    env.put("REWARDSTREAM_BOOTSTRAP_SERVERS", broker.bootstrapServers());
    env.put("REWARDSTREAM_SCHEMA_REGISTRY_URL", registry.confluentUrl());
    env.put("REWARDSTREAM_APPLICATION_ID", "rewardstream-it");
    env.put("REWARDSTREAM_STATE_DIR", dir.resolve("state").toString());
    env.put("REWARDSTREAM_SCORER_MODEL_DIR", ItSupport.model().toString());
    env.put("REWARDSTREAM_TOPICS_CREATE", "true");
    env.put("REWARDSTREAM_TOPICS_PARTITIONS", "2");
    env.put("REWARDSTREAM_HTTP_PORT", Integer.toString(httpPort));
    // Deterministic with any model: at the first step end only the best sibling survives.
    env.put("REWARDSTREAM_REJECTION_RULES", "group-rank");
    env.put("REWARDSTREAM_REJECTION_KEEP", "1");
    env.put("REWARDSTREAM_REJECTION_MIN__SURVIVORS", "1");
    env.put("REWARDSTREAM_BASIC_AUTH_USER_INFO", "");
    env.put("REWARDSTREAM_SASL_JAAS_CONFIG_SECRET__CHECK", "do-not-log-me");
    Path log = dir.resolve("run.log");
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    Process run = builder.start();
    try {
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(
              () -> {
                assertThat(run.isAlive()).as("run exited: %s", read(log)).isTrue();
                assertThat(get(httpPort, "/ready").statusCode()).isEqualTo(200);
              });
      assertThat(get(httpPort, "/health").body()).contains("UP");
      assertThat(read(log))
          .contains("env REWARDSTREAM_SCORER_MODEL_DIR")
          .doesNotContain("do-not-log-me");

      // A group that stays half-started: its live state is served, and it warms the stream up.
      produceHalfAGroup("java-live-1");
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                HttpResponse<String> group = get(httpPort, "/groups/java-live-1");
                assertThat(group.statusCode()).isEqualTo(200);
                JsonNode json = new ObjectMapper().readTree(group.body());
                assertThat(json.get("group_size").asInt()).isEqualTo(2);
                assertThat(json.get("members_seen").asInt()).isEqualTo(1);
              });
      JsonNode roundTrip = pythonRoundTrip("py-group-1");
      assertThat(roundTrip.get("rejections"))
          .as("round trip: %s; log %s", roundTrip, pythonLog())
          .hasSize(2);
      JsonNode sequences = roundTrip.get("sequences");
      assertThat(sequences.size()).isEqualTo(3);
      int rejected = 0;
      for (JsonNode rejection : roundTrip.get("rejections")) {
        String id = rejection.get("sequence_id").asText();
        assertThat(sequences.get(id).get("status").asText()).isEqualTo("REJECTED");
        rejected++;
      }
      assertThat(rejected).isEqualTo(2);
      sequences
          .fields()
          .forEachRemaining(
              e -> {
                JsonNode s = e.getValue();
                assertThat(s.get("token_rewards").asInt())
                    .isEqualTo(s.get("tokens_generated").asInt());
                assertThat(s.get("reward_positions").size())
                    .isLessThanOrEqualTo(s.get("steps").asInt());
              });
      assertThat(roundTrip.get("group").get("members")).hasSize(3);
      assertThat(roundTrip.get("group").get("best_sequence_id").asText())
          .isNotIn(
              roundTrip.get("rejections").get(0).get("sequence_id").asText(),
              roundTrip.get("rejections").get(1).get("sequence_id").asText());

      assertThat(get(httpPort, "/groups/never-seen").statusCode()).isEqualTo(404);
      await()
          .atMost(Duration.ofSeconds(45))
          .untilAsserted(
              () ->
                  assertThat(get(httpPort, "/metrics").body())
                      .contains("rewardstream_scoring_batch_size_count")
                      .contains("rewardstream_decision_latency_seconds_bucket")
                      .contains("kafka_stream_thread_")
                      .contains("kafka_stream_rewardstream_rejections_total")
                      .contains("jvm_memory_used_bytes"));
    } finally {
      run.destroy(); // SIGTERM
    }
    assertThat(run.waitFor(60, TimeUnit.SECONDS)).as("stopped within 60 s").isTrue();
    assertThat(run.exitValue()).isEqualTo(143);
    assertThat(read(log)).contains("Shutting down").contains("-> NOT_RUNNING");
  }

  @Test
  void shouldListEveryMissingOrInvalidSettingAndExitWithTwo() throws Exception {
    Result result =
        runWithConfig(
            "bad",
            "application.id=x",
            "score.every-tokens=0",
            "scorer.device=tpu",
            "http.port=70000");

    assertThat(result.exit()).isEqualTo(ExitCodes.STARTUP);
    assertThat(result.err())
        .contains("Invalid configuration")
        .contains("score.every-tokens")
        .contains("scorer.device")
        .contains("expected cpu, auto or cuda:N")
        .contains("http.port")
        .contains("expected bootstrap.servers to be set")
        .contains("REWARDSTREAM_BOOTSTRAP_SERVERS")
        .contains("expected schema.registry.url to be set");
  }

  @Test
  void shouldRefuseToStartWhenTopicsAreMissingAndNotToBeCreated() throws Exception {
    Result result =
        runWithConfig(
            "missing-topics",
            "application.id=missing-topics",
            "bootstrap.servers=" + broker.bootstrapServers(),
            "schema.registry.url=" + registry.confluentUrl(),
            "topics.generations=absent.generations",
            "scorer.model.dir=" + ItSupport.model());

    assertThat(result.exit()).isEqualTo(ExitCodes.STARTUP);
    assertThat(result.err())
        .contains("Missing topics: expected [absent.generations")
        .contains("missing [absent.generations")
        .contains("topics.create=true");
  }

  @Test
  void shouldRefuseToStartWithoutTheModelNamingWhereItLooked() throws Exception {
    Result result =
        runWithConfig(
            "no-model",
            "application.id=no-model",
            "bootstrap.servers=" + broker.bootstrapServers(),
            "schema.registry.url=" + registry.confluentUrl(),
            "topics.create=true",
            "topics.generations=no-model.generations",
            "scorer.model.dir=/nonexistent/prm");

    assertThat(result.exit()).isEqualTo(ExitCodes.STARTUP);
    assertThat(result.err()).contains("Cannot load the reward model from /nonexistent/prm");
  }

  @Test
  void shouldRefuseToStartWhenTheRegistryIsUnreachable() throws Exception {
    Result result =
        runWithConfig(
            "no-registry",
            "application.id=no-registry",
            "bootstrap.servers=" + broker.bootstrapServers(),
            "schema.registry.url=http://127.0.0.1:" + FreePorts.pick(),
            "schema.registry.retries=0",
            "topics.create=true",
            "topics.generations=no-registry.generations",
            "scorer.model.dir=" + ItSupport.model());

    assertThat(result.exit()).isEqualTo(ExitCodes.STARTUP);
    assertThat(result.err()).contains("Schema Registry check failed").contains("unreachable");
  }

  @Test
  void shouldRefuseToStartWhenTheHttpPortIsTaken() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Result result =
          runWithConfig(
              "port-taken",
              "application.id=port-taken",
              "bootstrap.servers=" + broker.bootstrapServers(),
              "schema.registry.url=" + registry.confluentUrl(),
              "topics.create=true",
              "topics.generations=port-taken.generations",
              "scorer.model.dir=" + ItSupport.model(),
              "http.host=127.0.0.1",
              "http.port=" + taken.getLocalPort());

      assertThat(result.exit()).isEqualTo(ExitCodes.STARTUP);
      assertThat(result.err())
          .contains("Cannot start the HTTP endpoint on ")
          .contains(":" + taken.getLocalPort() + ": address already in use")
          .contains("set http.port to a free port");
    }
  }

  private record Result(int exit, String err) {}

  /** Runs {@code rewardstream run} in this JVM on a config file {@code name} of {@code lines}. */
  private static Result runWithConfig(String name, String... lines) throws IOException {
    Path config = dir.resolve(name + ".properties");
    Files.writeString(config, String.join("\n", lines) + "\n");
    return runInProcess("run", "--config", config.toString());
  }

  private static Result runInProcess(String... args) {
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err, true));
    return new Result(cli.execute(args), err.toString());
  }

  private static JsonNode pythonRoundTrip(String group) throws Exception {
    Process python =
        new ProcessBuilder(
                PYTHON,
                ItSupport.root().resolve("clients/python/tests/roundtrip.py").toString(),
                "--bootstrap",
                broker.bootstrapServers(),
                "--registry",
                registry.confluentUrl(),
                "--group",
                group)
            .redirectError(pythonLog().toFile())
            .start();
    String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(python.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(python.exitValue()).as("roundtrip.py: %s %s", out, read(pythonLog())).isZero();
    List<String> lines = new ArrayList<>(out.lines().toList());
    return new ObjectMapper().readTree(lines.get(lines.size() - 1));
  }

  /** roundtrip.py's log, kept in target/ for a failed run. */
  private static Path pythonLog() {
    return ItSupport.root().resolve("app/target/roundtrip-python.log");
  }

  private static void produceHalfAGroup(String group) {
    SpecificAvroSerializer<GenerationChunk> values = new SpecificAvroSerializer<>();
    values.configure(Map.of("schema.registry.url", registry.confluentUrl()), false);
    try (KafkaProducer<String, GenerationChunk> producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", broker.bootstrapServers()),
            new StringSerializer(),
            values)) {
      producer.send(
          new ProducerRecord<>(
              "rewardstream.generations",
              group,
              GenerationChunk.newBuilder()
                  .setGroupId(group)
                  .setSequenceId("c0")
                  .setChunkIndex(0)
                  .setGroupSize(2)
                  .setPrompt(Prompt.newBuilder().setTokenIds(List.of(2, 3, 11)).build())
                  .setTokenIds(List.of(2, 12, 13))
                  .setProducedAt(Instant.now())
                  .build()));
      producer.flush();
    }
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    try {
      return HTTP.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
              .timeout(Duration.ofSeconds(5))
              .GET()
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError("GET " + path + " failed: " + e, e);
    }
  }

  private static String javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }
}

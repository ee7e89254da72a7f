package io.rewardstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rewardstream.embedded.FreePorts;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The {@code local} stack in a child JVM, and {@code eval} on the demo PRM's held-out chains. */
@Timeout(300)
class LocalAndEvalIT {

  @Test
  void shouldEvaluateHeldOutChainsAndEndWithOneJsonLine() throws Exception {
    StringWriter out = new StringWriter();
    int exit =
        Main.commandLine()
            .setOut(new PrintWriter(out))
            .setErr(new PrintWriter(new StringWriter()))
            .execute(
                "eval",
                "--data",
                ItSupport.model().resolve("heldout.jsonl").toString(),
                "--model",
                ItSupport.model().toString());

    assertThat(exit).isZero();
    List<String> lines = out.toString().lines().filter(l -> !l.isBlank()).toList();
    JsonNode summary = new ObjectMapper().readTree(lines.get(lines.size() - 1));
    assertThat(summary.get("chains").asInt()).isEqualTo(200);
    assertThat(summary.get("step_accuracy").asDouble()).isGreaterThan(0.9);
    assertThat(summary.get("f1").asDouble()).isGreaterThan(0.9);
    assertThat(summary.has("accuracy_erroneous")).isTrue();
    assertThat(summary.has("accuracy_correct")).isTrue();
    assertThat(summary.get("threshold").asDouble()).isEqualTo(0.5);
  }

  @Test
  void shouldRunTheLocalStackPrintItsAddressesAndReleaseEverythingOnSigterm() throws Exception {
    int kafkaPort = FreePorts.pick();
    int registryPort = FreePorts.pick();
    int httpPort = FreePorts.pick();
    Path log = Files.createTempFile("rewardstream-local-it", ".log");
    Process local =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                ItSupport.root().resolve("app/target/rewardstream-app.jar").toString(),
                "local",
                "--model",
                ItSupport.model().toString(),
                "--kafka-port",
                Integer.toString(kafkaPort),
                "--registry-port",
                Integer.toString(registryPort),
                "--http-port",
                Integer.toString(httpPort))
            .directory(ItSupport.root().toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      await()
          .atMost(Duration.ofSeconds(180))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> Files.readString(log).contains("Press Ctrl-C to stop") || !local.isAlive());
      String printed = Files.readString(log);
      assertThat(printed).contains("bootstrap.servers    127.0.0.1:" + kafkaPort);
      assertThat(printed).contains("schema.registry.url  http://127.0.0.1:" + registryPort);
      HttpClient http = HttpClient.newHttpClient();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  http.send(
                              HttpRequest.newBuilder(
                                      URI.create("http://127.0.0.1:" + httpPort + "/ready"))
                                  .build(),
                              HttpResponse.BodyHandlers.ofString())
                          .statusCode()
                      == 200);
    } finally {
      local.destroy();
    }
    assertThat(local.waitFor(60, TimeUnit.SECONDS)).as("stopped within 60 s").isTrue();
    for (int port : new int[] {kafkaPort, registryPort, httpPort}) {
      try (ServerSocket socket = new ServerSocket(port)) {
        assertThat(socket.getLocalPort()).isEqualTo(port);
      }
    }
  }
}

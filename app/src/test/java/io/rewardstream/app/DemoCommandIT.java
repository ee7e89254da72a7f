package io.rewardstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/** The demo command itself, end to end with small settings: its JSON summary and its cleanup. */
@Timeout(240)
class DemoCommandIT {

  @Test
  void shouldRunTheDemoEndToEndPrintItsSummaryAsJsonAndLeaveNothingBehind() throws Exception {
    Set<String> tempBefore = ItSupport.tempEntries("rewardstream-demo-");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));

    int exit =
        cli.execute(
            "demo",
            "--groups",
            "4",
            "--candidates",
            "6",
            "--seconds",
            "60",
            "--seed",
            "3",
            "--model",
            ItSupport.model().toString());

    assertThat(exit).as("exit code; stderr: %s", err).isZero();
    List<String> lines = out.toString().lines().filter(l -> !l.isBlank()).toList();
    JsonNode json = new ObjectMapper().readTree(lines.get(lines.size() - 1));
    assertThat(json.get("groups").asInt()).isEqualTo(4);
    assertThat(json.get("candidates").asInt()).isEqualTo(24);
    long generated = json.get("tokens_generated").asLong();
    long without = json.get("tokens_without_rejection").asLong();
    assertThat(generated).isPositive().isLessThanOrEqualTo(without);
    assertThat(json.get("tokens_saved_fraction").asDouble())
        .isBetween(0.0, 1.0)
        .isCloseTo(1 - (double) generated / without, org.assertj.core.data.Offset.offset(1e-3));
    for (String field :
        List.of(
            "bon_accuracy_with_rejection",
            "bon_accuracy_without_rejection",
            "false_rejection_rate")) {
      assertThat(json.get(field).asDouble()).as(field).isBetween(0.0, 1.0);
    }
    assertThat(json.get("decision_latency_ms_p99").asDouble()).isNotNegative();
    assertThat(out.toString()).contains("best-of-N accuracy").contains("tokens saved");

    assertThat(ItSupport.tempEntries("rewardstream-demo-")).isEqualTo(tempBefore);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(ItSupport.infrastructureThreads()).isEmpty());
  }

  @Test
  void shouldFailFastWithTheExpectedAndFoundModel() {
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err, true));

    int exit = cli.execute("demo", "--model", "/nonexistent/model");

    assertThat(exit).isEqualTo(ExitCodes.STARTUP);
    assertThat(err.toString()).contains("/nonexistent/model");
  }
}

package io.rewardstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * No Docker engine runs here, so the compose file is validated rather than run: Debian's
 * docker-compose parses and checks it ({@code docker-compose -f docker-compose.yml config -q}).
 */
@Timeout(60)
class DockerComposeFileTest {
  private static final Path ROOT = Path.of(System.getProperty("rewardstream.project.root", ".."));

  @Test
  void shouldPassDockerComposeValidation() throws Exception {
    Process compose =
        new ProcessBuilder("docker-compose", "-f", "docker-compose.yml", "config", "-q")
            .directory(ROOT.toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(compose.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(compose.waitFor(45, TimeUnit.SECONDS)).isTrue();
    assertThat(compose.exitValue()).as("docker-compose config -q: %s", output).isZero();
  }

  @Test
  void shouldScrapeTheServiceThatComposeRuns() throws Exception {
    String compose = Files.readString(ROOT.resolve("docker-compose.yml"));
    String prometheus = Files.readString(ROOT.resolve("config/prometheus.yml"));

    assertThat(compose).contains("  rewardstream:").contains("\"8080:8080\"");
    assertThat(prometheus)
        .contains("targets: [\"rewardstream:8080\"]")
        .contains("metrics_path: /metrics");
  }
}

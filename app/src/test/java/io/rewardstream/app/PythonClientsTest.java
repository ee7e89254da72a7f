package io.rewardstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs the Python clients' unit tests ({@code clients/python/tests/test_*.py}) with the Debian
 * python3 that has python3-confluent-kafka and python3-avro. Their round trip through a running
 * topology is {@code ProductionRunIT}.
 */
@Timeout(120)
class PythonClientsTest {

  @Test
  void shouldPassThePythonClientsUnitTests() throws Exception {
    Path clients =
        Path.of(System.getProperty("rewardstream.project.root", "..")).resolve("clients/python");
    Process python =
        new ProcessBuilder(
                "/usr/bin/python3", "-m", "unittest", "discover", "-s", "tests", "-p", "test_*.py")
            .directory(clients.toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(python.waitFor(90, TimeUnit.SECONDS)).isTrue();
    assertThat(python.exitValue()).as(output).isZero();
    assertThat(output).contains("OK");
  }
}

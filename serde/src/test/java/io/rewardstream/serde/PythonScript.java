package io.rewardstream.serde;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code src/test/python/interop.py} with the Debian python3 that has python3-confluent-kafka
 * and python3-avro (system property {@code rewardstream.python}, default {@code /usr/bin/python3}).
 */
final class PythonScript {

  static final String PYTHON_PROPERTY = "rewardstream.python";
  private static final Path SCRIPT = Paths.get("src", "test", "python", "interop.py");

  private PythonScript() {}

  /**
   * Runs the script with {@code args} and returns its standard output lines.
   *
   * @throws AssertionError when Python is missing, the script fails, or it outlives {@code timeout}
   */
  static List<String> run(Duration timeout, String... args)
      throws IOException, InterruptedException {
    Path python = Paths.get(System.getProperty(PYTHON_PROPERTY, "/usr/bin/python3"));
    if (!Files.isExecutable(python)) {
      throw new AssertionError(
          python
              + " not found: install Debian's python3, python3-confluent-kafka and python3-avro"
              + " (or set -D"
              + PYTHON_PROPERTY
              + ")");
    }
    Path out = Files.createTempFile("interop", ".out");
    Path err = Files.createTempFile("interop", ".err");
    List<String> command = new ArrayList<>(List.of(python.toString(), SCRIPT.toString()));
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("interop.py did not finish within " + timeout + ": " + read(err));
      }
      if (process.exitValue() != 0) {
        throw new AssertionError(
            "interop.py exited with " + process.exitValue() + ": " + command + "\n" + read(err));
      }
      return Files.readAllLines(out, StandardCharsets.UTF_8);
    } finally {
      process.destroyForcibly();
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }
}

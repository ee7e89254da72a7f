package io.rewardstream.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Paths and checks shared by the app's integration tests. */
final class ItSupport {
  private ItSupport() {}

  /** The repository root (failsafe passes it). */
  static Path root() {
    return Path.of(System.getProperty("rewardstream.project.root", "..")).toAbsolutePath();
  }

  /** The reward model the tests run: the demo PRM unless -Drewardstream.test.model says else. */
  static Path model() {
    String configured = System.getProperty("rewardstream.test.model");
    Path model =
        configured != null ? Path.of(configured) : root().resolve("models").resolve("demo-prm");
    if (!Files.isRegularFile(model.resolve("model.json"))) {
      throw new IllegalStateException(
          "The demo PRM is missing: expected " + model.resolve("model.json"));
    }
    return model;
  }

  /** The names of the live threads that RewardStream, Kafka Streams or the broker started. */
  static List<String> infrastructureThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(
            n ->
                n.startsWith("rewardstream-")
                    || n.contains("StreamThread")
                    || n.startsWith("kafka-")
                    || n.startsWith("quorum-")
                    || n.startsWith("data-plane")
                    || n.startsWith("broker-"))
        .sorted()
        .toList();
  }

  /** The entries of the temporary directory whose names start with {@code prefix}. */
  static Set<String> tempEntries(String prefix) throws Exception {
    try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return entries
          .map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith(prefix))
          .collect(Collectors.toSet());
    }
  }
}

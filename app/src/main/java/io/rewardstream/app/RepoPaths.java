package io.rewardstream.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.stream.Stream;

/** Where the repository's files are for a command started by {@code ./rewardstream}. */
public final class RepoPaths {
  /** System property the launcher sets to the repository root. */
  public static final String HOME_PROPERTY = "rewardstream.home";

  private RepoPaths() {}

  /** The repository root: {@value #HOME_PROPERTY}, else the working directory. */
  public static Path root() {
    String home = System.getProperty(HOME_PROPERTY);
    return (home == null || home.isBlank() ? Paths.get("") : Paths.get(home)).toAbsolutePath();
  }

  /** The bundled demo PRM, {@code models/demo-prm}. */
  public static Path demoModel() {
    return root().resolve("models").resolve("demo-prm");
  }

  /** Deletes {@code dir} and everything under it; quietly does nothing when it is gone. */
  public static void deleteRecursively(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not delete " + dir, e);
    }
  }
}

package io.rewardstream.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code java} executable and its feature release (17, 21, 25, ...). {@link ApicurioRegistry}
 * needs one of release 21 or later while the build itself runs on 17, so it looks for one.
 */
public record JavaRuntime(Path executable, int feature) {

  /** System property naming the {@code java} executable that runs the registry. */
  public static final String REGISTRY_JAVA_PROPERTY = "rewardstream.registry.java";

  /** Where the CI image installs a Java 25. */
  public static final Path DEFAULT_REGISTRY_JAVA =
      Paths.get("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");

  private static final Logger LOG = LoggerFactory.getLogger(JavaRuntime.class);
  private static final Pattern VERSION = Pattern.compile("version \"(\\d+)(?:\\.(\\d+))?");

  /**
   * Finds a {@code java} of at least the given feature release, trying in order: the executable
   * named by the system property {@value #REGISTRY_JAVA_PROPERTY} (if set), {@link
   * #DEFAULT_REGISTRY_JAVA}, {@code $JAVA_HOME}, the JDKs under {@code /usr/lib/jvm} and the
   * running JVM.
   *
   * @throws IllegalStateException naming every candidate and its version when none fits
   */
  public static JavaRuntime locate(int minimumFeature) {
    String configured = System.getProperty(REGISTRY_JAVA_PROPERTY, "").trim();
    Set<Path> candidates = new LinkedHashSet<>();
    if (!configured.isEmpty()) {
      candidates.add(Paths.get(configured));
    }
    candidates.addAll(defaultCandidates());
    List<String> rejected = new ArrayList<>();
    for (Path candidate : candidates) {
      OptionalInt feature = probe(candidate);
      if (feature.isPresent() && feature.getAsInt() >= minimumFeature) {
        if (!rejected.isEmpty()) {
          LOG.warn("Using {} (Java {}); rejected: {}", candidate, feature.getAsInt(), rejected);
        }
        return new JavaRuntime(candidate, feature.getAsInt());
      }
      rejected.add(
          candidate + (feature.isPresent() ? " is Java " + feature.getAsInt() : " is not usable"));
    }
    throw new IllegalStateException(
        "No Java "
            + minimumFeature
            + "+ found to run the Apicurio registry. Tried: "
            + String.join("; ", rejected)
            + ". Install one (e.g. Temurin 25 at "
            + DEFAULT_REGISTRY_JAVA
            + ") or set -D"
            + REGISTRY_JAVA_PROPERTY
            + "=/path/to/bin/java.");
  }

  /** Runs {@code <executable> -version} and returns the feature release it reports. */
  static OptionalInt probe(Path executable) {
    if (!Files.isExecutable(executable)) {
      return OptionalInt.empty();
    }
    try {
      Process process =
          new ProcessBuilder(executable.toString(), "-version").redirectErrorStream(true).start();
      String output;
      try (InputStream in = process.getInputStream()) {
        output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return OptionalInt.empty();
      }
      return parseFeature(output);
    } catch (IOException e) {
      return OptionalInt.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return OptionalInt.empty();
    }
  }

  /** Extracts the feature release from {@code java -version} output ("1.8.0" counts as 8). */
  static OptionalInt parseFeature(String versionOutput) {
    Matcher matcher = VERSION.matcher(versionOutput);
    if (!matcher.find()) {
      return OptionalInt.empty();
    }
    int first = Integer.parseInt(matcher.group(1));
    if (first == 1 && matcher.group(2) != null) {
      return OptionalInt.of(Integer.parseInt(matcher.group(2)));
    }
    return OptionalInt.of(first);
  }

  private static List<Path> defaultCandidates() {
    Set<Path> candidates = new LinkedHashSet<>();
    candidates.add(DEFAULT_REGISTRY_JAVA);
    Optional.ofNullable(System.getenv("JAVA_HOME"))
        .ifPresent(home -> candidates.add(Paths.get(home, "bin", "java")));
    Path jvms = Paths.get("/usr/lib/jvm");
    if (Files.isDirectory(jvms)) {
      try (Stream<Path> homes = Files.list(jvms)) {
        homes.sorted().forEach(home -> candidates.add(home.resolve("bin").resolve("java")));
      } catch (IOException e) {
        // An unreadable /usr/lib/jvm only means fewer candidates.
      }
    }
    candidates.add(Paths.get(System.getProperty("java.home"), "bin", "java"));
    return List.copyOf(candidates);
  }
}

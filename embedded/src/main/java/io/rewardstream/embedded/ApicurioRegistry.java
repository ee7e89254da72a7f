package io.rewardstream.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Confluent-compatible Schema Registry for integration tests and the local stack: Apicurio
 * Registry (a Quarkus app, unpacked from {@code io.apicurio:apicurio-registry-app:tar.gz:all})
 * launched as a child process with {@code java -jar quarkus-run.jar} on a Java 21+.
 *
 * <p>It listens on loopback with explicit HTTP and management ports, keeps its data in an in-memory
 * H2 database, and applies a global BACKWARD compatibility rule, Confluent's default, so that an
 * incompatible schema is refused with HTTP 409 (Apicurio has no global rule by default). The child
 * process is killed on {@link #close()} and by a JVM shutdown hook.
 */
public final class ApicurioRegistry implements AutoCloseable {

  /** System property naming the directory the registry app was unpacked to. */
  public static final String HOME_PROPERTY = "rewardstream.registry.home";

  /** Path of the Confluent-compatible API under the registry's base URL. */
  public static final String CCOMPAT_PATH = "/apis/ccompat/v7";

  private static final Logger LOG = LoggerFactory.getLogger(ApicurioRegistry.class);
  private static final int MINIMUM_JAVA = 21;
  private static final int AUTO_PORT_ATTEMPTS = 3;

  private final RegistryProcess process;
  private final int httpPort;

  private ApicurioRegistry(RegistryProcess process, int httpPort) {
    this.process = process;
    this.httpPort = httpPort;
  }

  /** Returns a builder whose defaults come from the {@value #HOME_PROPERTY} system property. */
  public static Builder builder() {
    return new Builder();
  }

  /** The Confluent Schema Registry URL, {@code http://127.0.0.1:<port>/apis/ccompat/v7}. */
  public String confluentUrl() {
    return baseUrl() + CCOMPAT_PATH;
  }

  /** The registry's base URL, {@code http://127.0.0.1:<port>}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + httpPort;
  }

  /** The file that receives the registry's console output. */
  public Path logFile() {
    return process.logFile();
  }

  /** Whether the child process is still running. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** Stops the child process (SIGTERM, then SIGKILL after a grace period). */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.stop();
      LOG.info("Apicurio registry on port {} stopped", httpPort);
    }
  }

  private static ApicurioRegistry start(Builder builder) {
    Path jar = builder.home.resolve("quarkus-run.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "Apicurio Registry app not found: "
              + jar
              + " does not exist. Unpack io.apicurio:apicurio-registry-app:tar.gz:all there"
              + " (the module's pre-integration-test phase does) or set -D"
              + HOME_PROPERTY
              + ".");
    }
    JavaRuntime java = builder.java != null ? builder.java : JavaRuntime.locate(MINIMUM_JAVA);
    boolean autoPorts = builder.httpPort <= 0 || builder.managementPort <= 0;
    for (int attempt = 1; ; attempt++) {
      int httpPort = FreePorts.orPick(builder.httpPort);
      int managementPort = FreePorts.orPick(builder.managementPort);
      Path logFile =
          builder.logDir.resolve("apicurio-registry-" + httpPort + ".log").toAbsolutePath();
      List<String> command =
          ApicurioCommand.build(java, jar, httpPort, managementPort, builder.properties);
      RegistryProcess process = RegistryProcess.launch(command, builder.home, logFile);
      String readyUrl = "http://127.0.0.1:" + httpPort + CCOMPAT_PATH + "/subjects";
      try {
        process.awaitReady(readyUrl, builder.startupTimeout);
        LOG.info(
            "Apicurio registry ready at http://127.0.0.1:{}{} (management port {}, Java {}, log {})",
            httpPort,
            CCOMPAT_PATH,
            managementPort,
            java.feature(),
            logFile);
        return new ApicurioRegistry(process, httpPort);
      } catch (IllegalStateException e) {
        process.stop();
        boolean portTaken = process.logContains("Address already in use");
        boolean givenPortTaken =
            FreePorts.taken(builder.httpPort) || FreePorts.taken(builder.managementPort);
        if (!(autoPorts && portTaken && !givenPortTaken && attempt < AUTO_PORT_ATTEMPTS)) {
          throw e;
        }
        LOG.warn("Registry port {} or {} was taken; retrying", httpPort, managementPort);
      }
    }
  }

  /** Configures and starts an {@link ApicurioRegistry}. */
  public static final class Builder {
    private Path home;
    private Path logDir;
    private JavaRuntime java;
    private int httpPort;
    private int managementPort;
    private Duration startupTimeout = Duration.ofSeconds(120);
    private final Map<String, String> properties = new LinkedHashMap<>();

    private Builder() {
      String configuredHome = System.getProperty(HOME_PROPERTY);
      if (configuredHome != null && !configuredHome.isBlank()) {
        home(Paths.get(configuredHome));
      }
    }

    /** Directory holding the unpacked app ({@code quarkus-run.jar}, {@code lib/}, ...). */
    public Builder home(Path home) {
      this.home = home.toAbsolutePath();
      if (logDir == null) {
        logDir = this.home.getParent();
      }
      return this;
    }

    /** Directory for the registry's log file (default: the parent of the home directory). */
    public Builder logDir(Path logDir) {
      this.logDir = logDir;
      return this;
    }

    /** The Java 21+ to run the registry with (default: {@link JavaRuntime#locate(int)}). */
    public Builder java(JavaRuntime java) {
      this.java = java;
      return this;
    }

    /** HTTP port on 127.0.0.1; 0 (the default) picks a free one. */
    public Builder httpPort(int port) {
      this.httpPort = port;
      return this;
    }

    /** Quarkus management port (health, metrics) on 127.0.0.1; 0 (the default) picks one. */
    public Builder managementPort(int port) {
      this.managementPort = port;
      return this;
    }

    /** How long to wait for the Confluent API to answer (default 120 s). */
    public Builder startupTimeout(Duration timeout) {
      this.startupTimeout = timeout;
      return this;
    }

    /** Adds or overrides one registry configuration property, passed as {@code -Dkey=value}. */
    public Builder property(String key, String value) {
      properties.put(key, value);
      return this;
    }

    /**
     * Launches the registry and waits until {@code /apis/ccompat/v7/subjects} answers.
     *
     * @throws IllegalStateException when the app or a Java 21+ is missing, or the registry does not
     *     become ready in time (the child process is stopped then)
     */
    public ApicurioRegistry start() {
      Objects.requireNonNull(home, "home is required (or set -D" + HOME_PROPERTY + ")");
      try {
        Files.createDirectories(logDir);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return ApicurioRegistry.start(this);
    }
  }
}

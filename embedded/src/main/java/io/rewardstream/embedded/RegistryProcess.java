package io.rewardstream.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's child process: launched with its console output in a log file, polled until its
 * HTTP API answers, and stopped on request or, failing that, by a JVM shutdown hook so that no
 * registry outlives the build.
 */
final class RegistryProcess {

  private static final Logger LOG = LoggerFactory.getLogger(RegistryProcess.class);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(250);
  private static final Duration GRACEFUL_STOP = Duration.ofSeconds(10);
  private static final int LOG_TAIL_LINES = 30;

  private final Process process;
  private final Path logFile;
  private final Thread shutdownHook;

  private RegistryProcess(Process process, Path logFile) {
    this.process = process;
    this.logFile = logFile;
    this.shutdownHook = new Thread(this::kill, "apicurio-registry-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** Starts {@code command} in {@code workDir}, appending stdout and stderr to {@code logFile}. */
  static RegistryProcess launch(List<String> command, Path workDir, Path logFile) {
    LOG.debug("Launching registry: {}", command);
    try {
      Process process =
          new ProcessBuilder(command)
              .directory(workDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.to(logFile.toFile()))
              .start();
      return new RegistryProcess(process, logFile);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not launch the registry: " + command, e);
    }
  }

  /**
   * Polls {@code url} until it answers 200, the process dies, or {@code timeout} passes.
   *
   * @throws IllegalStateException with the tail of the log when the registry is not ready
   */
  /**
   * Whether the process still runs one poll interval after the URL answered: another server on the
   * same port answers too, while a registry that lost the port to it exits.
   */
  private boolean stillRunningAfterAPoll() throws InterruptedException {
    return !process.waitFor(POLL_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
  }

  void awaitReady(String url, Duration timeout) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "The registry exited with code "
                + process.exitValue()
                + " before "
                + url
                + " answered. Last lines of "
                + logFile
                + ":\n"
                + logTail());
      }
      try {
        if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200
            && stillRunningAfterAPoll()) {
          return;
        }
      } catch (IOException e) {
        LOG.trace("Registry not ready yet at {}: {}", url, e.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for the registry", e);
      }
      try {
        // Bounded readiness poll of an external process: the deadline above caps the total wait.
        process.waitFor(POLL_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for the registry", e);
      }
    }
    throw new IllegalStateException(
        url
            + " did not answer within "
            + timeout.toSeconds()
            + " s. Last lines of "
            + logFile
            + ":\n"
            + logTail());
  }

  /** Asks the process to stop, kills it after a grace period, and waits for it to exit. */
  void stop() {
    kill();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down; the hook does the same work.
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  Path logFile() {
    return logFile;
  }

  boolean logContains(String text) {
    return readLog().contains(text);
  }

  private void kill() {
    if (!process.isAlive()) {
      return;
    }
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(GRACEFUL_STOP.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(GRACEFUL_STOP.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  private String logTail() {
    List<String> lines = readLog().lines().toList();
    return String.join(
        "\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
  }

  private String readLog() {
    try {
      return new String(Files.readAllBytes(logFile), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }
}

package io.rewardstream.topology.bench;

import io.rewardstream.embedded.EmbeddedKafkaBroker;
import io.rewardstream.embedded.KafkaBroker;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An {@link EmbeddedKafkaBroker} in a JVM of its own, as brokers are in production: the benchmark's
 * application JVM then holds only the application and its clients, and neither JVM's garbage
 * collector or JIT compiler stops the other. The parent talks to the child over its stdin and
 * stdout, one line per request ({@code create <partitions> <topic>...}) and per answer (lines
 * starting with {@code @@}); closing the child's stdin stops the broker.
 */
final class BrokerProcess implements KafkaBroker, AutoCloseable {
  private static final String ANSWER = "@@";

  private final Process process;
  private final Writer requests;
  private final BufferedReader answers;
  private final String bootstrapServers;
  private final Thread shutdownHook;

  private BrokerProcess(Process process) throws IOException {
    this.process = process;
    this.shutdownHook = new Thread(process::destroyForcibly, "broker-process-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    this.requests = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    this.answers =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    this.bootstrapServers = answer();
  }

  /**
   * Starts a broker with its data in {@code dataDir} in a child JVM with {@code jvmOptions}; its
   * log goes to {@code dataDir/broker.log}.
   */
  static BrokerProcess start(Path dataDir, List<String> jvmOptions) throws IOException {
    Files.createDirectories(dataDir);
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classPath());
    command.add(BrokerProcess.class.getName());
    command.add(dataDir.toString());
    Process process =
        new ProcessBuilder(command)
            .redirectError(ProcessBuilder.Redirect.appendTo(dataDir.resolve("broker.log").toFile()))
            .start();
    return new BrokerProcess(process);
  }

  /** The process id, to read the child's CPU time. */
  long pid() {
    return process.pid();
  }

  @Override
  public String bootstrapServers() {
    return bootstrapServers;
  }

  @Override
  public void createTopics(int partitions, String... topics) {
    try {
      requests.write("create " + partitions + " " + String.join(" ", topics) + "\n");
      requests.flush();
      String answer = answer();
      if (!answer.equals("created")) {
        throw new IllegalStateException("broker process: " + answer);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The next answer line of the child, without its marker; log lines in between are skipped. */
  private String answer() throws IOException {
    for (String line; (line = answers.readLine()) != null; ) {
      if (line.startsWith(ANSWER)) {
        return line.substring(ANSWER.length());
      }
    }
    throw new IOException("broker process ended (exit " + process.exitValue() + ")");
  }

  @Override
  public void close() throws Exception {
    requests.close();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    Runtime.getRuntime().removeShutdownHook(shutdownHook);
  }

  /** The class path of the code running now (exec:java loads it through a URLClassLoader). */
  private static String classPath() {
    if (Thread.currentThread().getContextClassLoader() instanceof URLClassLoader loader) {
      return String.join(
          File.pathSeparator, Arrays.stream(loader.getURLs()).map(URL::getFile).toList());
    }
    return System.getProperty("java.class.path");
  }

  /** The child: starts the broker, answers requests from stdin, stops when stdin closes. */
  public static void main(String[] args) throws Exception {
    PrintStream out = System.out;
    System.setOut(System.err);
    try (EmbeddedKafkaBroker broker =
            EmbeddedKafkaBroker.builder().dataDir(Path.of(args[0])).start();
        BufferedReader in =
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      out.println(ANSWER + broker.bootstrapServers());
      out.flush();
      for (String line; (line = in.readLine()) != null; ) {
        String[] words = line.trim().split(" ");
        try {
          broker.createTopics(
              Integer.parseInt(words[1]), Arrays.copyOfRange(words, 2, words.length));
          out.println(ANSWER + "created");
        } catch (RuntimeException e) {
          out.println(ANSWER + "failed: " + e);
        }
        out.flush();
      }
    }
  }
}

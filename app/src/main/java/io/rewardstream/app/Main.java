package io.rewardstream.app;

import io.rewardstream.app.commands.ConfigTableCommand;
import io.rewardstream.app.commands.DemoCommand;
import io.rewardstream.app.commands.DemoDataCommand;
import io.rewardstream.app.commands.EvalCommand;
import io.rewardstream.app.commands.LocalCommand;
import io.rewardstream.app.commands.RunCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Set;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code rewardstream} command: {@code demo}, {@code local}, {@code run}, {@code eval}, {@code
 * demo-data}. Start-up problems print one message (what was expected, what was found) and exit with
 * {@link ExitCodes#STARTUP}.
 */
@Command(
    name = "rewardstream",
    mixinStandardHelpOptions = true,
    version = "rewardstream 0.1.0",
    description =
        "Streaming process rewards with early rejection, on Kafka Streams and ONNX Runtime.",
    subcommands = {
      DemoCommand.class,
      LocalCommand.class,
      RunCommand.class,
      EvalCommand.class,
      DemoDataCommand.class,
      ConfigTableCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  /** Commands that print their own progress: logs are kept to warnings unless asked for. */
  private static final Set<String> QUIET = Set.of("demo", "eval", "demo-data", "config-table");

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    if (args.length > 0
        && QUIET.contains(args[0])
        && !java.util.Arrays.asList(args).contains("--verbose")
        && System.getProperty("rewardstream.log.level") == null) {
      System.setProperty("rewardstream.log.level", "WARN");
      // Kafka's own warnings (transaction retries, temporary state directories) and the embedded
      // broker's internal errors are noise in a demo; failures still surface through the app.
      System.setProperty(
          "rewardstream.kafka.log.level",
          System.getProperty("rewardstream.kafka.log.level", "ERROR"));
      System.setProperty(
          "rewardstream.broker.log.level",
          System.getProperty("rewardstream.broker.log.level", "OFF"));
    }
    System.exit(commandLine().execute(args));
  }

  /** The command line with RewardStream's exit codes and error reporting. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler(
        (e, command, parsed) -> {
          if (e instanceof StartupException
              || e instanceof ConfigException
              || e instanceof IllegalArgumentException) {
            command.getErr().println("rewardstream: " + e.getMessage());
            return ExitCodes.STARTUP;
          }
          IOException io = e instanceof UncheckedIOException u ? u.getCause() : null;
          if (e instanceof IOException direct) {
            io = direct;
          }
          if (io != null) {
            command.getErr().println("rewardstream: " + describe(io));
            return ExitCodes.STARTUP;
          }
          throw e;
        });
    return cli;
  }

  /** A file error as a user reads it: what went wrong, with which file. */
  static String describe(IOException e) {
    if (e instanceof NoSuchFileException missing) {
      return "no such file or directory: " + missing.getFile();
    }
    if (e instanceof AccessDeniedException denied) {
      return "permission denied: " + denied.getFile();
    }
    if (e instanceof FileSystemException fs) {
      return fs.getFile() + ": " + (fs.getReason() != null ? fs.getReason() : fs.getMessage());
    }
    return e.getMessage() != null ? e.getMessage() : e.toString();
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}

package io.rewardstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.rewardstream.app.commands.DemoCommand;
import io.rewardstream.app.config.Settings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line's error paths and help texts, without starting anything. */
class CommandLineTest {

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void shouldReportAMissingInputFileInOneLineAndExitWithTwo(@TempDir Path dir) {
    Run run = run("eval", "--data", dir.resolve("nope.jsonl").toString());

    assertThat(run.exit()).isEqualTo(ExitCodes.STARTUP);
    assertThat(run.err())
        .isEqualTo("rewardstream: no such file or directory: " + dir.resolve("nope.jsonl") + "\n");
  }

  @Test
  void shouldRefuseAThresholdOutsideZeroToOne(@TempDir Path dir) {
    Run run = run("eval", "--data", dir.resolve("any.jsonl").toString(), "--threshold", "5");

    assertThat(run.exit()).isEqualTo(ExitCodes.STARTUP);
    assertThat(run.err()).contains("--threshold must lie in [0, 1]");
  }

  @Test
  void shouldRefuseMisspelledSettingsBeforeStartingAnything() {
    Run run = run("demo", "--set", "scorer.devise=cuda:0", "--set", "rejection.rules=bogus");

    assertThat(run.exit()).isEqualTo(ExitCodes.STARTUP);
    assertThat(run.err())
        .startsWith("rewardstream: Invalid configuration:")
        .contains("rejection.rules")
        .contains("unknown setting scorer.devise")
        .contains("did you mean scorer.device?")
        .doesNotContain("Starting an embedded Kafka broker");
  }

  @Test
  void shouldShowTheDemosDefaultsAsConfigDemoPropertiesSetsThem() {
    Map<String, String> defaults = Settings.resource(DemoCommand.DEFAULTS);
    // Without white space: the help wraps its lines wherever they run long.
    String help = run("demo", "--help").out().replaceAll("\\s+", "");

    assertThat(help)
        .contains("Prompts(default" + defaults.get("demo.groups") + ",")
        .contains("Candidatesperprompt(default" + defaults.get("demo.candidates") + ")")
        .contains("(default" + defaults.get("demo.seed") + ")")
        .contains("(default" + defaults.get("demo.seconds") + ")")
        .contains("(default" + defaults.get("score.every-tokens") + ")")
        .contains("(default" + defaults.get("rejection.keep") + ")")
        .contains("(default" + defaults.get("rejection.rules") + ")");
  }

  @Test
  void shouldShowAPathInsideTheWorkingDirectoryAsARelativeOne() {
    Path cwd = Path.of("").toAbsolutePath();

    assertThat(DemoCommand.shown(cwd.resolve("models/demo-prm")))
        .isEqualTo(Path.of("models/demo-prm"));
    assertThat(DemoCommand.shown(Path.of("/elsewhere/model")))
        .isEqualTo(Path.of("/elsewhere/model"));
  }

  @Test
  void shouldPrintTheHiddenConfigTableCommandsHelp() {
    Run run = run("config-table", "--help");

    assertThat(run.exit()).isZero();
    assertThat(run.out()).contains("--properties");
  }
}

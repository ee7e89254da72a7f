package io.rewardstream.app.commands;

import io.rewardstream.app.config.ConfigCatalog;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code rewardstream config-table}: prints the README's configuration table, generated from the
 * modules' definitions; paste it between the README's markers when a key changes (a test fails
 * until then).
 */
@Command(
    name = "config-table",
    hidden = true,
    mixinStandardHelpOptions = true,
    description = "Print the README's configuration table (Markdown), generated from the code.")
public final class ConfigTableCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @picocli.CommandLine.Option(
      names = "--properties",
      description = "Print every key as a commented properties file instead.")
  boolean properties;

  @Override
  public Integer call() {
    spec.commandLine()
        .getOut()
        .print(properties ? ConfigCatalog.propertiesTemplate() : ConfigCatalog.markdown());
    spec.commandLine().getOut().flush();
    return 0;
  }
}

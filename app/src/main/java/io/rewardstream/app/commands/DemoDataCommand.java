package io.rewardstream.app.commands;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rewardstream.app.RepoPaths;
import io.rewardstream.app.chain.Chain;
import io.rewardstream.app.chain.ChainDomain;
import io.rewardstream.app.chain.ChainGenerator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rewardstream demo-data}: writes chain-arithmetic chains in ProcessBench format, half with
 * a wrong step and half right, so that {@code eval} has data and users see the format.
 */
@Command(
    name = "demo-data",
    mixinStandardHelpOptions = true,
    description = {
      "Write demo-domain chains in ProcessBench JSONL: {\"id\", \"problem\", \"steps\": [...],"
          + " \"label\"}, label = index of the first wrong step or -1; half erroneous, half right."
    })
public final class DemoDataCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--out", required = true, description = "File to write (JSON lines).")
  Path out;

  @Option(
      names = "--n",
      defaultValue = "1000",
      description = "Chains to write (default ${DEFAULT-VALUE}).")
  int count;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Random seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--model",
      description =
          "Model folder whose model.json states the value range (default: models/demo-prm; 0..99"
              + " when it states none).")
  Path model;

  @Override
  public Integer call() throws IOException {
    if (count < 1) {
      throw new IllegalArgumentException("--n must be at least 1, was " + count);
    }
    ChainDomain domain = ChainDomain.ofModel(model != null ? model : RepoPaths.demoModel());
    List<Chain> chains = new ChainGenerator(seed, domain).balanced(count);
    ObjectMapper json = new ObjectMapper();
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (BufferedWriter writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      for (int i = 0; i < chains.size(); i++) {
        String id = String.format("demo-%d-%05d", seed, i);
        writer.write(json.writeValueAsString(chains.get(i).toProcessBench(id)));
        writer.newLine();
      }
    }
    long erroneous = chains.stream().filter(c -> c.firstError() >= 0).count();
    spec.commandLine()
        .getOut()
        .printf(
            "Wrote %d chains (%d with a wrong step, values %d..%d) to %s%n",
            chains.size(), erroneous, domain.valueMin(), domain.valueMax(), out);
    return 0;
  }
}

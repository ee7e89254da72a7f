package io.rewardstream.app.commands;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rewardstream.app.ExitCodes;
import io.rewardstream.app.RepoPaths;
import io.rewardstream.app.config.ConfigCheck;
import io.rewardstream.app.runtime.RewardModels;
import io.rewardstream.scorer.ScorerConfig;
import io.rewardstream.scorer.eval.OfflineEvaluator;
import io.rewardstream.scorer.eval.ProcessBenchChain;
import io.rewardstream.scorer.eval.ProcessBenchMetrics;
import io.rewardstream.scorer.eval.ProcessBenchReader;
import io.rewardstream.scorer.eval.ScoredChain;
import io.rewardstream.scorer.eval.ThresholdMetrics;
import io.rewardstream.scorer.onnx.OnnxRewardModel;
import io.rewardstream.scorer.text.ChainEncoder;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rewardstream eval}: the scorer's ProcessBench evaluation of a reward model on a JSONL
 * file: every step scored through the model's text path, then step accuracy, accuracy on chains
 * with and without an error, and their F1, at a threshold and at the best threshold of a sweep.
 */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = {
      "Evaluate a reward model on ProcessBench-format JSONL ({\"id\", \"problem\", \"steps\","
          + " \"label\"}). The last line of the output is JSON."
    })
public final class EvalCommand implements Callable<Integer> {
  private static final int BAR = 30;

  @Spec CommandSpec spec;

  @Option(names = "--data", required = true, description = "ProcessBench JSONL file.")
  Path data;

  @Option(names = "--model", description = "Reward model folder (default models/demo-prm).")
  Path model;

  @Option(
      names = "--threshold",
      defaultValue = "0.5",
      description = "Steps scored below it are judged wrong (default ${DEFAULT-VALUE}).")
  double threshold;

  @Option(
      names = "--batch",
      defaultValue = "64",
      description = "Chains per scoring call (default ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--set", description = "Scorer settings, key=value (e.g. scorer.device=cpu).")
  Map<String, String> sets = new LinkedHashMap<>();

  @Override
  public Integer call() throws Exception {
    if (batch < 1) {
      throw new IllegalArgumentException("--batch must be at least 1, was " + batch);
    }
    if (!(threshold >= 0 && threshold <= 1)) {
      throw new IllegalArgumentException(
          "--threshold must lie in [0, 1] (a step is flagged when its reward is below it), was "
              + threshold);
    }
    ConfigCheck.require(sets, List.of());
    List<ProcessBenchChain> chains = ProcessBenchReader.read(data);
    if (chains.isEmpty()) {
      throw new IllegalArgumentException(data + " holds no chains");
    }
    Map<String, String> settings = new LinkedHashMap<>(sets);
    Path modelDir = model != null ? model : RepoPaths.demoModel();
    settings.put(ScorerConfig.MODEL_DIR_CONFIG, modelDir.toString());
    PrintWriter out = spec.commandLine().getOut();
    PrintStream progress = System.err;
    try (OnnxRewardModel reward = RewardModels.load(settings);
        ChainEncoder encoder = ChainEncoder.forManifest(reward.manifest())) {
      OfflineEvaluator evaluator = new OfflineEvaluator(reward, encoder, batch);
      List<ScoredChain> scored = new ArrayList<>(chains.size());
      long start = System.nanoTime();
      for (int from = 0; from < chains.size(); from += batch) {
        scored.addAll(evaluator.score(chains.subList(from, Math.min(chains.size(), from + batch))));
        bar(progress, scored.size(), chains.size(), start);
      }
      progress.println();
      ThresholdMetrics at = ProcessBenchMetrics.at(scored, threshold);
      ThresholdMetrics best =
          ProcessBenchMetrics.best(
              ProcessBenchMetrics.sweep(scored, ProcessBenchMetrics.defaultThresholds()));
      long erroneous = chains.stream().filter(ProcessBenchChain::erroneous).count();
      out.printf(
          Locale.ROOT,
          "%nModel %s (version %s) on %s: %d chains, %d with a wrong step%n",
          reward.metadata().id(),
          reward.metadata().version(),
          data,
          chains.size(),
          erroneous);
      out.printf(Locale.ROOT, "  %-34s %.4f%n", "step accuracy", at.stepAccuracy());
      out.printf(
          Locale.ROOT, "  %-34s %.4f%n", "accuracy, chains with an error", at.errorAccuracy());
      out.printf(
          Locale.ROOT, "  %-34s %.4f%n", "accuracy, all-correct chains", at.correctAccuracy());
      out.printf(
          Locale.ROOT, "  %-34s %.4f  (threshold %.2f)%n", "ProcessBench F1", at.f1(), threshold);
      out.printf(
          Locale.ROOT,
          "  %-34s %.4f  (threshold %.2f)%n%n",
          "best F1 over thresholds",
          best.f1(),
          best.threshold());
      ObjectNode json = new ObjectMapper().createObjectNode();
      json.put("step_accuracy", at.stepAccuracy());
      json.put("accuracy_erroneous", at.errorAccuracy());
      json.put("accuracy_correct", at.correctAccuracy());
      json.put("f1", at.f1());
      json.put("threshold", threshold);
      json.put("chains", chains.size());
      json.put("erroneous_chains", erroneous);
      json.put("best_f1", best.f1());
      json.put("best_threshold", best.threshold());
      json.put("model", reward.metadata().id());
      json.put("seconds", (System.nanoTime() - start) / 1e9);
      out.println(new ObjectMapper().writeValueAsString(json));
      out.flush();
    }
    return ExitCodes.OK;
  }

  private static void bar(PrintStream progress, int done, int total, long start) {
    int filled = (int) Math.round((double) BAR * done / total);
    double seconds = (System.nanoTime() - start) / 1e9;
    progress.printf(
        Locale.ROOT,
        "\r[%s%s] %d/%d chains  %.0f chains/s",
        "#".repeat(filled),
        "-".repeat(BAR - filled),
        done,
        total,
        seconds > 0 ? done / seconds : 0);
    progress.flush();
  }
}

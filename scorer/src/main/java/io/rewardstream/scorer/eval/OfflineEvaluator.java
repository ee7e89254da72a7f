package io.rewardstream.scorer.eval;

import io.rewardstream.scorer.RewardModel;
import io.rewardstream.scorer.ScoreRequest;
import io.rewardstream.scorer.Scores;
import io.rewardstream.scorer.text.ChainEncoder;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Offline evaluation of a reward model on ProcessBench-format chains: every chain goes through the
 * text path (template, tokenizer) exactly as in training, every step is scored, and the figures are
 * reported at a threshold and over a sweep. The {@code eval} command of the application prints the
 * report.
 */
public final class OfflineEvaluator {

  private static final Logger log = LoggerFactory.getLogger(OfflineEvaluator.class);

  private final RewardModel model;
  private final ChainEncoder encoder;
  private final int chainsPerCall;

  /**
   * @param model the model to evaluate
   * @param encoder renders and tokenizes chains for {@code model}
   * @param chainsPerCall chains handed to the model per scoring call (it batches them further)
   */
  public OfflineEvaluator(RewardModel model, ChainEncoder encoder, int chainsPerCall) {
    if (chainsPerCall < 1) {
      throw new IllegalArgumentException("chainsPerCall must be positive");
    }
    this.model = model;
    this.encoder = encoder;
    this.chainsPerCall = chainsPerCall;
  }

  /** The reward of every step of every chain, in order. */
  public List<ScoredChain> score(List<ProcessBenchChain> chains) {
    List<ScoredChain> scored = new ArrayList<>(chains.size());
    for (int from = 0; from < chains.size(); from += chainsPerCall) {
      List<ProcessBenchChain> slice =
          chains.subList(from, Math.min(chains.size(), from + chainsPerCall));
      List<ScoreRequest> requests = new ArrayList<>(slice.size());
      for (ProcessBenchChain chain : slice) {
        requests.add(encoder.encode(chain.problem(), chain.steps()));
      }
      List<Scores> scores = model.score(requests);
      for (int i = 0; i < slice.size(); i++) {
        scored.add(new ScoredChain(slice.get(i), scores.get(i).rewards()));
      }
      log.debug("Scored {} of {} chains", scored.size(), chains.size());
    }
    return scored;
  }

  /** Scores the chains and reports the figures at {@code threshold} and over {@code sweep}. */
  public EvaluationReport evaluate(
      List<ProcessBenchChain> chains, double threshold, double[] sweep) {
    List<ScoredChain> scored = score(chains);
    List<ThresholdMetrics> swept = ProcessBenchMetrics.sweep(scored, sweep);
    EvaluationReport report =
        new EvaluationReport(
            chains.size(),
            (int) chains.stream().filter(ProcessBenchChain::erroneous).count(),
            ProcessBenchMetrics.at(scored, threshold),
            ProcessBenchMetrics.best(swept),
            swept);
    log.info(
        "Evaluated {} chains ({} erroneous) with {}: {}; best {}",
        report.chains(),
        report.erroneousChains(),
        model.metadata().id(),
        report.atThreshold(),
        report.best());
    return report;
  }
}

package io.rewardstream.app.demo;

import io.rewardstream.app.chain.ChainVocabulary;
import io.rewardstream.scorer.RewardModel;
import io.rewardstream.scorer.ScoreRequest;
import io.rewardstream.scorer.Scores;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Best-of-N without early rejection, for comparison: every candidate generated to the end, each
 * scored by the same reward model directly (one request per candidate, a reward at every step's
 * separator), its final reward the minimum over its steps (the topology's {@code min} aggregation),
 * and the best final reward chosen.
 */
public final class OfflineBestOfN {
  private OfflineBestOfN() {}

  /** The no-rejection choice for one group. */
  public record Choice(int winner, boolean correct, double[] finalRewards) {}

  /**
   * Chooses the best candidate of every group.
   *
   * @param progress told the number of groups scored so far
   */
  public static List<Choice> choose(
      RewardModel model, List<GroupPlan> plans, int groupsPerCall, IntConsumer progress) {
    List<Choice> choices = new ArrayList<>(plans.size());
    for (int from = 0; from < plans.size(); from += groupsPerCall) {
      List<GroupPlan> slice = plans.subList(from, Math.min(plans.size(), from + groupsPerCall));
      List<ScoreRequest> requests = new ArrayList<>();
      for (GroupPlan plan : slice) {
        for (int c = 0; c < plan.size(); c++) {
          requests.add(request(plan.promptTokens(), plan.responseTokens(c)));
        }
      }
      List<Scores> scores = model.score(requests);
      int next = 0;
      for (GroupPlan plan : slice) {
        double[] finals = new double[plan.size()];
        for (int c = 0; c < plan.size(); c++) {
          finals[c] = min(scores.get(next++).rewards());
        }
        int winner = 0;
        for (int c = 1; c < finals.length; c++) {
          if (finals[c] > finals[winner]) {
            winner = c;
          }
        }
        choices.add(new Choice(winner, plan.candidates().get(winner).answerCorrect(), finals));
      }
      progress.accept(choices.size());
    }
    return choices;
  }

  /** A request for the reward at every separator of the response. */
  static ScoreRequest request(int[] prompt, int[] response) {
    int[] tokens = new int[prompt.length + response.length];
    System.arraycopy(prompt, 0, tokens, 0, prompt.length);
    System.arraycopy(response, 0, tokens, prompt.length, response.length);
    List<Integer> positions = new ArrayList<>();
    for (int i = 0; i < response.length; i++) {
      if (response[i] == ChainVocabulary.SEPARATOR_ID) {
        positions.add(prompt.length + i + 1);
      }
    }
    return new ScoreRequest(tokens, positions.stream().mapToInt(Integer::intValue).toArray());
  }

  private static double min(double[] values) {
    double min = Double.POSITIVE_INFINITY;
    for (double v : values) {
      min = Math.min(min, v);
    }
    return values.length == 0 ? 0 : min;
  }
}

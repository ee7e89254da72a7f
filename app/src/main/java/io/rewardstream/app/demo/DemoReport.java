package io.rewardstream.app.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rewardstream.avro.GroupMember;
import io.rewardstream.avro.GroupReward;
import io.rewardstream.avro.SequenceStatus;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The demo's summary: best-of-N with early rejection against best-of-N without it, on the same
 * prompts and the same candidates, as text for people and as one JSON line (the last line of the
 * output) for scripts and tests.
 */
public final class DemoReport {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final ObjectNode json = MAPPER.createObjectNode();
  private final String text;

  /** What the demo ran with, for the report's header and JSON. */
  public record Setup(
      int candidates, String rules, String keep, int tau, long seed, double stepErrorRate) {}

  private DemoReport(ObjectNode figures, String text) {
    this.json.setAll(figures);
    this.text = text;
  }

  /**
   * Compares the two best-of-N choices over the groups that got their GroupReward.
   *
   * @param plans the prompts the policy started, in order
   * @param without the no-rejection choice of each started prompt
   */
  public static DemoReport of(
      Setup setup,
      List<GroupPlan> plans,
      List<OfflineBestOfN.Choice> without,
      Scoreboard board,
      double seconds) {
    Map<String, GroupReward> rewards = board.groupRewards();
    int groups = 0;
    int rightWith = 0;
    int rightWithout = 0;
    int anyRight = 0;
    int winnerRejected = 0;
    int lost = 0;
    int gained = 0;
    int rejected = 0;
    for (int g = 0; g < plans.size(); g++) {
      GroupPlan plan = plans.get(g);
      GroupReward reward = rewards.get(plan.groupId());
      if (reward == null) {
        continue;
      }
      groups++;
      OfflineBestOfN.Choice choice = without.get(g);
      boolean with = correct(plan, reward.getBestSequenceId());
      rightWith += with ? 1 : 0;
      rightWithout += choice.correct() ? 1 : 0;
      lost += choice.correct() && !with ? 1 : 0;
      gained += with && !choice.correct() ? 1 : 0;
      anyRight += plan.candidates().stream().anyMatch(c -> c.answerCorrect()) ? 1 : 0;
      String winner = GroupPlan.sequenceId(choice.winner());
      for (GroupMember m : reward.getMembers()) {
        if (m.getStatus() == SequenceStatus.REJECTED) {
          rejected++;
          winnerRejected += m.getSequenceId().equals(winner) ? 1 : 0;
        }
      }
    }
    int candidates = groups * setup.candidates();
    long generated = board.tokensGenerated();
    long planned = board.tokensPlanned();
    ObjectNode f = MAPPER.createObjectNode();
    f.put("groups", groups);
    f.put("candidates", candidates);
    f.put("tokens_generated", generated);
    f.put("tokens_without_rejection", planned);
    f.put("tokens_saved_fraction", round(planned == 0 ? 0 : 1 - (double) generated / planned));
    f.put("bon_accuracy_with_rejection", round(ratio(rightWith, groups)));
    f.put("bon_accuracy_without_rejection", round(ratio(rightWithout, groups)));
    f.put("oracle_accuracy", round(ratio(anyRight, groups)));
    f.put("false_rejection_rate", round(ratio(winnerRejected, groups)));
    f.put("groups_lost", lost);
    f.put("groups_gained", gained);
    f.put("rejection_rate", round(ratio(rejected, candidates)));
    f.put("tokens_after_decision", board.tokensAfterDecision());
    f.put("decision_latency_ms_p50", round(board.decisionLatency(0.50)));
    f.put("decision_latency_ms_p99", round(board.decisionLatency(0.99)));
    f.put("abort_latency_ms_p99", round(board.abortLatency(0.99)));
    f.put("groups_started", board.groupsStarted());
    f.put("rules", setup.rules());
    f.put("keep", setup.keep());
    f.put("tau", setup.tau());
    f.put("seed", setup.seed());
    f.put("step_error_rate", setup.stepErrorRate());
    f.put("seconds", round(seconds));
    return new DemoReport(f, text(setup, f, rejected));
  }

  private static boolean correct(GroupPlan plan, String sequenceId) {
    if (sequenceId == null) {
      return false;
    }
    return plan.candidates().get(GroupPlan.candidateIndex(sequenceId)).answerCorrect();
  }

  private static String text(Setup setup, ObjectNode f, int rejected) {
    int groups = f.get("groups").asInt();
    StringBuilder t = new StringBuilder();
    t.append(
        String.format(
            Locale.ROOT,
            "%nRewardStream demo: %d prompts x %d candidates, rules %s, keep %s, tau %d, step error"
                + " rate %.2f, seed %d%n%n",
            groups,
            setup.candidates(),
            setup.rules(),
            setup.keep(),
            setup.tau(),
            setup.stepErrorRate(),
            setup.seed()));
    t.append(
        String.format(Locale.ROOT, "%-34s %20s %20s%n", "", "early rejection", "no rejection"));
    t.append(
        String.format(
            Locale.ROOT,
            "%-34s %19.1f%% %19.1f%%%n",
            "best-of-N accuracy",
            100 * f.get("bon_accuracy_with_rejection").asDouble(),
            100 * f.get("bon_accuracy_without_rejection").asDouble()));
    t.append(
        String.format(
            Locale.ROOT,
            "%-34s %20d %20d%n",
            "tokens generated",
            f.get("tokens_generated").asLong(),
            f.get("tokens_without_rejection").asLong()));
    t.append(
        String.format(
            Locale.ROOT,
            "%-34s %19.1f%%%n",
            "tokens saved",
            100 * f.get("tokens_saved_fraction").asDouble()));
    t.append(
        String.format(
            Locale.ROOT,
            "%-34s %20s%n",
            "candidates rejected",
            rejected + " of " + f.get("candidates").asInt()));
    t.append(
        String.format(
            Locale.ROOT,
            "%-34s %20s%n",
            "no-rejection winner rejected",
            Math.round(f.get("false_rejection_rate").asDouble() * groups) + " of " + groups));
    t.append(
        String.format(
            Locale.ROOT,
            "%-34s %20s%n",
            "groups right only without / with",
            f.get("groups_lost").asInt() + " / " + f.get("groups_gained").asInt()));
    t.append(
        String.format(
            Locale.ROOT,
            "%-34s %20s%n",
            "decision latency p50 / p99",
            String.format(
                Locale.ROOT,
                "%.0f / %.0f ms",
                f.get("decision_latency_ms_p50").asDouble(),
                f.get("decision_latency_ms_p99").asDouble())));
    t.append(
        String.format(
            Locale.ROOT,
            "%-34s %20s%n",
            "tokens sent after a decision",
            f.get("tokens_after_decision").asLong()));
    t.append(
        String.format(
            Locale.ROOT,
            "%nAt least one candidate was right in %.1f%% of the prompts. A rejected no-rejection"
                + " winner costs nothing when another right candidate survives: right candidates"
                + " score alike.%n",
            100 * f.get("oracle_accuracy").asDouble()));
    return t.toString();
  }

  private static double ratio(int part, int whole) {
    return whole == 0 ? 0 : (double) part / whole;
  }

  private static double round(double value) {
    return Math.round(value * 10_000) / 10_000.0;
  }

  /** The human-readable summary. */
  public String text() {
    return text;
  }

  /** The figures as one line of JSON. */
  public String jsonLine() {
    try {
      return MAPPER.writeValueAsString(json);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public ObjectNode figures() {
    return json.deepCopy();
  }
}

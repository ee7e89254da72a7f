package io.rewardstream.topology.rejection;

import io.rewardstream.avro.RejectionRule;
import io.rewardstream.topology.RewardStreamConfig;
import io.rewardstream.topology.state.GroupState;
import io.rewardstream.topology.state.Member;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decides which siblings of a group stop generating.
 *
 * <p>The rank rules follow the early-rejection paper and Speculative Rejection: siblings are
 * compared at a checkpoint (tau tokens into a step, or a step's end) once every live sibling has
 * reached it, so that nobody is ranked against a sibling that simply has not been scored yet. A
 * stalled sibling would block its group forever, so after {@code rejection.max-wait-ms} the
 * decision is taken among the siblings that did reach the checkpoint; the stragglers are neither
 * ranked nor rejected. The threshold rule needs no siblings and fires on every score.
 */
public final class RejectionPolicy {
  private static final Comparator<Member> BEST_FIRST =
      Comparator.comparingDouble(Member::score).reversed().thenComparing(Member::sequenceId);

  private final Set<RejectionRule> rules;
  private final RejectionKeep keep;
  private final double alpha;
  private final double threshold;
  private final int minTokens;
  private final int minSurvivors;
  private final long maxWaitMs;

  public RejectionPolicy(
      Set<RejectionRule> rules,
      RejectionKeep keep,
      double alpha,
      double threshold,
      int minTokens,
      int minSurvivors,
      long maxWaitMs) {
    this.rules = rules.isEmpty() ? EnumSet.noneOf(RejectionRule.class) : EnumSet.copyOf(rules);
    this.keep = keep;
    this.alpha = alpha;
    this.threshold = threshold;
    this.minTokens = minTokens;
    this.minSurvivors = minSurvivors;
    this.maxWaitMs = maxWaitMs;
  }

  /** The policy configured by {@code rejection.*}. */
  public static RejectionPolicy from(RewardStreamConfig config) {
    Set<RejectionRule> rules = EnumSet.noneOf(RejectionRule.class);
    for (String rule : config.getList(RewardStreamConfig.REJECTION_RULES_CONFIG)) {
      rules.add(RejectionRule.valueOf(rule.trim().replace('-', '_').toUpperCase(Locale.ROOT)));
    }
    return new RejectionPolicy(
        rules,
        config.rejectionKeep(),
        config.getDouble(RewardStreamConfig.REJECTION_QUANTILE_ALPHA_CONFIG),
        config.getDouble(RewardStreamConfig.REJECTION_THRESHOLD_CONFIG),
        config.getInt(RewardStreamConfig.REJECTION_MIN_TOKENS_CONFIG),
        config.getInt(RewardStreamConfig.REJECTION_MIN_SURVIVORS_CONFIG),
        config.getLong(RewardStreamConfig.REJECTION_MAX_WAIT_MS_CONFIG));
  }

  public boolean enabled() {
    return !rules.isEmpty();
  }

  /** The threshold rule, applied to a member that has just been scored. */
  public List<Decision> onScore(GroupState group, Member member) {
    if (!rules.contains(RejectionRule.THRESHOLD)
        || !member.live()
        || member.tokens() < minTokens
        || !(member.score() < threshold)) {
      return List.of();
    }
    List<Member> live = group.live();
    int alive = live.size() + group.notStarted();
    if (alive <= minSurvivors) {
      return List.of();
    }
    live.sort(BEST_FIRST);
    int rank = live.indexOf(member) + 1;
    return List.of(
        new Decision(member, RejectionRule.THRESHOLD, rank, alive, threshold, member.checkpoint()));
  }

  /**
   * The rank rules: when every live sibling has passed the last decision (or the wait for the
   * stragglers has run out), ranks the siblings and rejects the lowest. Updates the group's
   * decision bookkeeping.
   */
  public List<Decision> onProgress(GroupState group, long nowMs) {
    boolean rank = rules.contains(RejectionRule.GROUP_RANK);
    boolean quantile = rules.contains(RejectionRule.QUANTILE);
    if (!rank && !quantile) {
      return List.of();
    }
    List<Member> live = group.live();
    List<Member> reached = new ArrayList<>();
    for (Member member : live) {
      if (member.checkpoint() > group.lastDecision()) {
        reached.add(member);
      }
    }
    if (reached.isEmpty()) {
      group.waitingSinceWallMs(-1);
      return List.of();
    }
    if (group.waitingSinceWallMs() < 0) {
      group.waitingSinceWallMs(nowMs);
    }
    boolean everyone = reached.size() == live.size() && group.notStarted() == 0;
    boolean waitedEnough = nowMs - group.waitingSinceWallMs() >= maxWaitMs;
    if (!everyone && !waitedEnough) {
      return List.of();
    }
    long decisionPoint = reached.stream().mapToLong(Member::checkpoint).min().orElseThrow();
    group.lastDecision(decisionPoint);
    boolean ahead = reached.stream().anyMatch(m -> m.checkpoint() > decisionPoint);
    group.waitingSinceWallMs(ahead ? nowMs : -1);
    return rank(reached, live.size() + group.notStarted(), decisionPoint, rank, quantile);
  }

  private List<Decision> rank(
      List<Member> reached, int alive, long checkpoint, boolean rank, boolean quantile) {
    List<Member> eligible = new ArrayList<>();
    for (Member member : reached) {
      if (member.tokens() >= minTokens) {
        eligible.add(member);
      }
    }
    eligible.sort(BEST_FIRST);
    int keepByRank = rank ? keep.keepOf(alive) : alive;
    int keepByQuantile = quantile ? alive - (int) Math.floor(alpha * alive + 1e-9) : alive;
    RejectionRule rule =
        keepByRank <= keepByQuantile ? RejectionRule.GROUP_RANK : RejectionRule.QUANTILE;
    int target = Math.max(Math.min(keepByRank, keepByQuantile), minSurvivors);
    // The best sibling that reached the checkpoint always survives, even when stragglers or
    // siblings below min-tokens make up the rest of the keep target.
    int rejections = Math.min(Math.max(0, alive - target), eligible.size() - 1);
    if (rejections <= 0) {
      return List.of();
    }
    int firstRejected = eligible.size() - rejections;
    double cutoff =
        firstRejected > 0
            ? eligible.get(firstRejected - 1).score()
            : eligible.get(firstRejected).score();
    List<Decision> decisions = new ArrayList<>(rejections);
    for (int i = firstRejected; i < eligible.size(); i++) {
      decisions.add(new Decision(eligible.get(i), rule, i + 1, alive, cutoff, checkpoint));
    }
    return decisions;
  }
}

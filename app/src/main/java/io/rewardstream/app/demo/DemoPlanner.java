package io.rewardstream.app.demo;

import io.rewardstream.app.chain.Chain;
import io.rewardstream.app.chain.ChainDomain;
import io.rewardstream.app.chain.ChainGenerator;
import io.rewardstream.app.chain.Problem;
import java.util.ArrayList;
import java.util.List;

/** Draws the demo's prompts and, for each, the candidates of the synthetic policy. */
public final class DemoPlanner {
  private DemoPlanner() {}

  /**
   * {@code groups} problems in {@code domain}, each with {@code candidates} attempts in which every
   * step goes wrong with probability {@code stepErrorRate}.
   */
  public static List<GroupPlan> plan(
      long seed,
      ChainDomain domain,
      int groups,
      int candidates,
      double stepErrorRate,
      int minOperations,
      int maxOperations) {
    return plan(
        "demo-" + seed,
        seed,
        domain,
        groups,
        candidates,
        stepErrorRate,
        minOperations,
        maxOperations);
  }

  /**
   * As {@link #plan(long, ChainDomain, int, int, double, int, int)}, group ids {@code
   * prefix-gNNNN}.
   */
  public static List<GroupPlan> plan(
      String prefix,
      long seed,
      ChainDomain domain,
      int groups,
      int candidates,
      double stepErrorRate,
      int minOperations,
      int maxOperations) {
    ChainGenerator generator = new ChainGenerator(seed, domain);
    java.util.Random lengths = new java.util.Random(seed ^ 0x5DEECE66DL);
    List<GroupPlan> plans = new ArrayList<>(groups);
    for (int g = 0; g < groups; g++) {
      int operations = minOperations + lengths.nextInt(maxOperations - minOperations + 1);
      Problem problem = generator.problem(operations);
      List<Chain> attempts = new ArrayList<>(candidates);
      for (int c = 0; c < candidates; c++) {
        attempts.add(generator.attempt(problem, stepErrorRate));
      }
      plans.add(new GroupPlan(String.format("%s-g%04d", prefix, g), problem, attempts));
    }
    return plans;
  }
}

package io.rewardstream.topology;

import java.util.List;
import java.util.Objects;

/** The names of the topics the topology reads and writes, built once from configuration. */
public record Topics(
    String generations,
    String stepScores,
    String rejections,
    String rewards,
    String groupRewards,
    String metrics,
    String metricsPartials,
    String deadLetters) {

  public Topics {
    Objects.requireNonNull(generations, "generations");
    Objects.requireNonNull(stepScores, "stepScores");
    Objects.requireNonNull(rejections, "rejections");
    Objects.requireNonNull(rewards, "rewards");
    Objects.requireNonNull(groupRewards, "groupRewards");
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(metricsPartials, "metricsPartials");
    Objects.requireNonNull(deadLetters, "deadLetters");
  }

  /** The default names: {@code rewardstream.generations}, {@code rewardstream.rewards}, ... */
  public static Topics defaults() {
    return new RewardStreamConfig(java.util.Map.of()).topics();
  }

  /** Every topic, input first. */
  public List<String> all() {
    return List.of(
        generations,
        stepScores,
        rejections,
        rewards,
        groupRewards,
        metrics,
        metricsPartials,
        deadLetters);
  }
}

package io.rewardstream.app.demo;

import io.rewardstream.avro.EarlyRejection;
import io.rewardstream.avro.Lineage;
import io.rewardstream.avro.RejectionRule;
import io.rewardstream.scorer.ModelMetadata;
import io.rewardstream.scorer.RewardModel;
import io.rewardstream.scorer.ScoreRequest;
import io.rewardstream.scorer.Scores;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Builders that keep Avro and model noise out of the demo tests. */
final class DemoFixtures {
  private DemoFixtures() {}

  static DemoConfig config(Map<String, Object> overrides) {
    Map<String, Object> values = new HashMap<>();
    values.put(DemoConfig.GROUPS_CONFIG, 2);
    values.put(DemoConfig.CANDIDATES_CONFIG, 3);
    values.put(DemoConfig.TOKENS_PER_SECOND_CONFIG, 2_000.0);
    values.put(DemoConfig.GROUPS_IN_FLIGHT_CONFIG, 2);
    values.put(DemoConfig.ADMIT_INTERVAL_MS_CONFIG, 0L);
    values.put(DemoConfig.SECONDS_CONFIG, 30);
    values.putAll(overrides);
    return new DemoConfig(values);
  }

  static EarlyRejection rejection(String groupId, String sequenceId, long tokensGenerated) {
    Instant now = Instant.now();
    return EarlyRejection.newBuilder()
        .setGroupId(groupId)
        .setSequenceId(sequenceId)
        .setStepIndex(0)
        .setTokensGenerated(tokensGenerated)
        .setReward(0.1)
        .setRule(RejectionRule.GROUP_RANK)
        .setRank(2)
        .setSiblingsAlive(2)
        .setCutoff(0.9)
        .setDecidedAt(now)
        .setSourceProducedAt(now.minusMillis(12))
        .setLineage(
            Lineage.newBuilder()
                .setModelId("fake")
                .setModelSha256("00")
                .setStepSplitter("token:11")
                .build())
        .build();
  }

  /**
   * A model whose reward at each requested position is {@code rewardOf} applied to the prefix, for
   * deterministic comparisons.
   */
  static RewardModel model(Function<int[], Double> rewardOf) {
    ModelMetadata metadata =
        new ModelMetadata("fake", "1", "00", null, 35, 256, 11, "\n", List.of("reward"));
    return new RewardModel() {
      @Override
      public ModelMetadata metadata() {
        return metadata;
      }

      @Override
      public List<Scores> score(List<ScoreRequest> requests) {
        List<Scores> scores = new ArrayList<>();
        for (ScoreRequest request : requests) {
          double[] rewards = new double[request.positions().length];
          for (int i = 0; i < rewards.length; i++) {
            rewards[i] =
                rewardOf.apply(java.util.Arrays.copyOf(request.tokenIds(), request.positions()[i]));
          }
          scores.add(Scores.of(rewards));
        }
        return scores;
      }

      @Override
      public void close() {}
    };
  }
}

package io.rewardstream.topology;

import io.rewardstream.avro.Aggregation;
import io.rewardstream.avro.EarlyRejection;
import io.rewardstream.avro.GroupReward;
import io.rewardstream.avro.Lineage;
import io.rewardstream.avro.SequenceReward;
import io.rewardstream.avro.SequenceStatus;
import io.rewardstream.avro.StepReward;
import io.rewardstream.avro.StepScore;
import io.rewardstream.scorer.ModelMetadata;
import io.rewardstream.topology.rejection.Decision;
import io.rewardstream.topology.rewards.GroupRewards;
import io.rewardstream.topology.rewards.RewardAggregator;
import io.rewardstream.topology.state.Checkpoint;
import io.rewardstream.topology.state.GroupState;
import io.rewardstream.topology.state.SequenceState;
import io.rewardstream.topology.state.Step;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds the topology's output events, stamping each with the model's lineage. */
final class EventFactory {
  private final Lineage lineage;
  private final Aggregation aggregation;
  private final List<String> headNames;

  EventFactory(ModelMetadata model, Aggregation aggregation) {
    this.aggregation = aggregation;
    this.headNames = model.headNames();
    this.lineage =
        Lineage.newBuilder()
            .setModelId(model.id())
            .setModelVersion(model.version())
            .setModelSha256(model.sha256())
            .setTokenizerId(model.tokenizerId())
            .setStepSplitter(model.stepSplitter())
            .setAggregation(aggregation.name())
            .build();
  }

  Aggregation aggregation() {
    return aggregation;
  }

  /**
   * A step's score; {@code sourceProducedAt} is the produced_at of the chunk that brought the step
   * to the point scored.
   */
  StepScore stepScore(
      SequenceState s,
      int stepIndex,
      boolean partial,
      double reward,
      double[] heads,
      long sourceProducedAt,
      long nowMs) {
    Step step = s.steps().get(stepIndex);
    Map<String, Double> headRewards = new HashMap<>();
    for (int h = 0; h < heads.length && headNames.size() > 1 && h < headNames.size(); h++) {
      headRewards.put(headNames.get(h), heads[h]);
    }
    return StepScore.newBuilder()
        .setGroupId(s.groupId())
        .setSequenceId(s.sequenceId())
        .setStepIndex(stepIndex)
        .setTokenStart(step.start())
        .setTokenEnd(step.scoredEnd())
        .setPartial(partial)
        .setReward(reward)
        .setHeadRewards(headRewards)
        .setTokensGenerated(s.tokenCount())
        .setPolicyVersion(s.policyVersion())
        .setSourceProducedAt(Instant.ofEpochMilli(sourceProducedAt))
        .setScoredAt(Instant.ofEpochMilli(nowMs))
        .setLineage(lineage)
        .build();
  }

  EarlyRejection rejection(SequenceState s, Decision decision, long sourceProducedAt, long nowMs) {
    int offset = Checkpoint.offset(decision.checkpoint());
    return EarlyRejection.newBuilder()
        .setGroupId(s.groupId())
        .setSequenceId(s.sequenceId())
        .setStepIndex(Math.max(0, Checkpoint.stepIndex(decision.checkpoint())))
        .setTokensGenerated(s.tokenCount())
        .setReward(decision.member().score())
        .setRule(decision.rule())
        .setRank(decision.rank())
        .setSiblingsAlive(decision.siblingsAlive())
        .setCutoff(decision.cutoff())
        .setCheckpoint(offset == Checkpoint.STEP_END ? -1 : offset)
        .setPolicyVersion(s.policyVersion())
        .setDecidedAt(Instant.ofEpochMilli(nowMs))
        .setSourceProducedAt(Instant.ofEpochMilli(sourceProducedAt))
        .setLineage(lineage)
        .build();
  }

  /** The final reward of a sequence from the rewards of its steps, partial ones included. */
  double finalReward(SequenceState s) {
    double[] rewards = new double[s.steps().size()];
    for (int i = 0; i < rewards.length; i++) {
      rewards[i] = s.steps().get(i).reward();
    }
    return RewardAggregator.aggregate(aggregation, rewards);
  }

  SequenceReward sequenceReward(SequenceState s, SequenceStatus status, long nowMs) {
    List<StepReward> steps = new ArrayList<>(s.steps().size());
    for (int i = 0; i < s.steps().size(); i++) {
      Step step = s.steps().get(i);
      if (!step.scored()) {
        continue;
      }
      steps.add(
          StepReward.newBuilder()
              .setStepIndex(i)
              .setTokenStart(step.start())
              .setTokenEnd(step.scoredEnd())
              .setReward(step.reward())
              .setPartial(step.rewardIsPartial())
              .build());
    }
    return SequenceReward.newBuilder()
        .setGroupId(s.groupId())
        .setSequenceId(s.sequenceId())
        .setStatus(status)
        .setSteps(steps)
        .setFinalReward(finalReward(s))
        .setAggregation(aggregation)
        .setTokensGenerated(s.tokenCount())
        .setTokensIgnoredAfterRejection(s.ignoredTokens())
        .setPolicyVersion(s.policyVersion())
        .setStartedAt(Instant.ofEpochMilli(s.startedAt()))
        .setEndedAt(Instant.ofEpochMilli(nowMs))
        .setLineage(lineage)
        .build();
  }

  GroupReward groupReward(GroupState g, GroupRewards.Result result, boolean complete, long nowMs) {
    return GroupReward.newBuilder()
        .setGroupId(g.groupId())
        .setMembers(result.members())
        .setBestSequenceId(result.best())
        .setMean(result.mean())
        .setStd(result.std())
        .setGroupSize(g.groupSize())
        .setComplete(complete)
        .setPolicyVersion(g.policyVersion())
        .setEndedAt(Instant.ofEpochMilli(nowMs))
        .setLineage(lineage)
        .build();
  }
}

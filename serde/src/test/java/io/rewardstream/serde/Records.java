package io.rewardstream.serde;

import io.rewardstream.avro.Aggregation;
import io.rewardstream.avro.EarlyRejection;
import io.rewardstream.avro.FinishReason;
import io.rewardstream.avro.GenerationChunk;
import io.rewardstream.avro.GroupMember;
import io.rewardstream.avro.GroupReward;
import io.rewardstream.avro.Lineage;
import io.rewardstream.avro.Prompt;
import io.rewardstream.avro.RejectionRule;
import io.rewardstream.avro.RejectionStats;
import io.rewardstream.avro.SequenceReward;
import io.rewardstream.avro.SequenceStatus;
import io.rewardstream.avro.StepReward;
import io.rewardstream.avro.StepScore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.avro.specific.SpecificRecord;

/** Sample events of every type in the contract, with every optional field set. */
final class Records {

  static final Instant T0 = Instant.parse("2026-01-02T03:04:05.678Z");

  private Records() {}

  static Lineage lineage() {
    return Lineage.newBuilder()
        .setModelId("rewardstream-demo-prm")
        .setModelVersion("1")
        .setModelSha256("ab".repeat(32))
        .setTokenizerId("rewardstream-demo-char")
        .setStepSplitter("token:11")
        .setAggregation("MIN")
        .build();
  }

  static GenerationChunk generationChunk(int tokens) {
    return GenerationChunk.newBuilder()
        .setGroupId("group-1")
        .setSequenceId("seq-1")
        .setChunkIndex(0)
        .setGroupSize(8)
        .setPolicyVersion("policy-3")
        .setPrompt(
            Prompt.newBuilder().setText("What is 6 * 7?").setTokenIds(List.of(5, 6, 7)).build())
        .setTokenIds(IntStream.range(0, tokens).boxed().toList())
        .setText("Six times seven\n")
        .setFinishReason(FinishReason.STOP)
        .setProducedAt(T0)
        .setAttributes(Map.of("temperature", "0.7", "worker", "w-1"))
        .build();
  }

  static StepScore stepScore() {
    return StepScore.newBuilder()
        .setGroupId("group-1")
        .setSequenceId("seq-1")
        .setStepIndex(2)
        .setTokenStart(40)
        .setTokenEnd(64)
        .setPartial(true)
        .setReward(0.42)
        .setHeadRewards(Map.of("correctness", 0.5, "style", 0.3))
        .setTokensGenerated(64)
        .setPolicyVersion("policy-3")
        .setSourceProducedAt(T0)
        .setScoredAt(T0.plusMillis(12))
        .setLineage(lineage())
        .build();
  }

  static EarlyRejection earlyRejection() {
    return EarlyRejection.newBuilder()
        .setGroupId("group-1")
        .setSequenceId("seq-5")
        .setStepIndex(3)
        .setTokensGenerated(120)
        .setReward(0.11)
        .setRule(RejectionRule.GROUP_RANK)
        .setRank(8)
        .setSiblingsAlive(8)
        .setCutoff(0.2)
        .setCheckpoint(16)
        .setPolicyVersion("policy-3")
        .setDecidedAt(T0.plusMillis(30))
        .setSourceProducedAt(T0)
        .setLineage(lineage())
        .build();
  }

  static SequenceReward sequenceReward(String sequenceId) {
    return SequenceReward.newBuilder()
        .setGroupId("group-1")
        .setSequenceId(sequenceId)
        .setStatus(SequenceStatus.REJECTED)
        .setSteps(
            List.of(new StepReward(0, 0, 20, 0.9, false), new StepReward(1, 20, 37, 0.25, true)))
        .setFinalReward(0.25)
        .setAggregation(Aggregation.MIN)
        .setTokensGenerated(37)
        .setTokensIgnoredAfterRejection(5)
        .setPolicyVersion("policy-3")
        .setStartedAt(T0)
        .setEndedAt(T0.plusSeconds(2))
        .setLineage(lineage())
        .build();
  }

  static GroupReward groupReward() {
    return GroupReward.newBuilder()
        .setGroupId("group-1")
        .setMembers(
            List.of(
                new GroupMember("seq-1", 0.9, SequenceStatus.COMPLETED, 1, 1.0, 80L),
                new GroupMember("seq-5", 0.1, SequenceStatus.REJECTED, 2, -1.0, 37L)))
        .setBestSequenceId("seq-1")
        .setMean(0.5)
        .setStd(0.4)
        .setGroupSize(2)
        .setComplete(true)
        .setPolicyVersion("policy-3")
        .setEndedAt(T0.plusSeconds(3))
        .setLineage(lineage())
        .build();
  }

  static RejectionStats rejectionStats() {
    return RejectionStats.newBuilder()
        .setWindowStart(T0)
        .setWindowEnd(T0.plusSeconds(60))
        .setPolicyVersion("policy-3")
        .setSequencesStarted(64)
        .setSequencesFinished(40)
        .setSequencesRejected(20)
        .setRejectionRate(1.0 / 3)
        .setTokensGenerated(9000)
        .setTokensSaved(4000)
        .setDecisions(20)
        .setDecisionLatencyP50Ms(3.5)
        .setDecisionLatencyP99Ms(18.25)
        .build();
  }

  /** One record of every type, Lineage included. */
  static List<SpecificRecord> everyType() {
    return List.of(
        generationChunk(64),
        stepScore(),
        earlyRejection(),
        sequenceReward("seq-5"),
        groupReward(),
        rejectionStats(),
        lineage());
  }
}

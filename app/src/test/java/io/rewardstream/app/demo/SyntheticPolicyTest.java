package io.rewardstream.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.rewardstream.app.chain.ChainDomain;
import io.rewardstream.avro.FinishReason;
import io.rewardstream.avro.GenerationChunk;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class SyntheticPolicyTest {
  private final MockProducer<String, GenerationChunk> producer =
      new MockProducer<>(true, null, new StringSerializer(), (topic, chunk) -> new byte[0]);
  private final Scoreboard board = new Scoreboard();

  @Test
  void shouldStreamEveryCandidateInOrderedChunksOfAFewTokensEndingWithStop() throws Exception {
    DemoConfig config = DemoFixtures.config(Map.of());
    List<GroupPlan> plans = DemoPlanner.plan(1, ChainDomain.DEFAULT, 2, 3, 0.2, 3, 5);

    try (SyntheticPolicy policy = new SyntheticPolicy(plans, producer, "gen", config, board)) {
      policy.start();
      assertThat(policy.awaitGenerated(20, TimeUnit.SECONDS)).isTrue();
    }

    for (GroupPlan plan : plans) {
      for (int c = 0; c < plan.size(); c++) {
        List<GenerationChunk> chunks = chunksOf(plan.groupId(), GroupPlan.sequenceId(c));
        assertThat(chunks.get(0).getGroupSize()).isEqualTo(3);
        assertThat(chunks.get(0).getPrompt().getTokenIds()).hasSize(plan.promptTokens().length);
        assertThat(chunks.get(0).getPolicyVersion()).isEqualTo(SyntheticPolicy.POLICY_VERSION);
        List<Integer> tokens = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
          GenerationChunk chunk = chunks.get(i);
          assertThat(chunk.getChunkIndex()).isEqualTo(i);
          assertThat(chunk.getTokenIds().size()).isBetween(1, config.chunkTokensMax());
          assertThat(chunk.getFinishReason())
              .isEqualTo(i == chunks.size() - 1 ? FinishReason.STOP : null);
          tokens.addAll(chunk.getTokenIds());
        }
        assertThat(tokens).containsExactlyElementsOf(boxed(plan.responseTokens(c)));
      }
    }
    assertThat(board.candidatesFinished()).isEqualTo(6);
    assertThat(board.tokensGenerated()).isEqualTo(board.tokensPlanned());
  }

  @Test
  void shouldStopARejectedCandidateAtOnceWithAnEmptyAbortedChunk() throws Exception {
    DemoConfig config = DemoFixtures.config(Map.of(DemoConfig.TOKENS_PER_SECOND_CONFIG, 100.0));
    List<GroupPlan> plans = DemoPlanner.plan(2, ChainDomain.DEFAULT, 1, 2, 0.0, 8, 8);
    String group = plans.get(0).groupId();

    try (SyntheticPolicy policy = new SyntheticPolicy(plans, producer, "gen", config, board)) {
      policy.start();
      while (chunksOf(group, "c01").size() < 2) {
        Thread.sleep(5);
      }
      policy.onRejection(DemoFixtures.rejection(group, "c01", 2));
      assertThat(policy.awaitGenerated(20, TimeUnit.SECONDS)).isTrue();
    }

    List<GenerationChunk> rejected = chunksOf(group, "c01");
    GenerationChunk last = rejected.get(rejected.size() - 1);
    assertThat(last.getFinishReason()).isEqualTo(FinishReason.ABORTED);
    assertThat(last.getTokenIds()).isEmpty();
    assertThat(rejected).filteredOn(c -> c.getFinishReason() == FinishReason.STOP).isEmpty();
    int sent = rejected.stream().mapToInt(c -> c.getTokenIds().size()).sum();
    assertThat(sent).isLessThan(plans.get(0).responseTokens(1).length);
    List<GenerationChunk> survivor = chunksOf(group, "c00");
    assertThat(survivor.get(survivor.size() - 1).getFinishReason()).isEqualTo(FinishReason.STOP);
    assertThat(board.candidatesAborted()).isEqualTo(1);
    assertThat(board.candidatesFinished()).isEqualTo(1);
    assertThat(board.tokensWithoutRejectionSoFar()).isEqualTo(board.tokensPlanned());
  }

  @Test
  void shouldKeepAtMostTheConfiguredGroupsInFlight() throws Exception {
    DemoConfig config =
        DemoFixtures.config(
            Map.of(
                DemoConfig.GROUPS_IN_FLIGHT_CONFIG, 1, DemoConfig.TOKENS_PER_SECOND_CONFIG, 500.0));
    List<GroupPlan> plans = DemoPlanner.plan(3, ChainDomain.DEFAULT, 3, 2, 0.0, 3, 3);

    try (SyntheticPolicy policy = new SyntheticPolicy(plans, producer, "gen", config, board)) {
      policy.start();
      assertThat(policy.awaitGenerated(20, TimeUnit.SECONDS)).isTrue();
    }

    // With one group in flight, a group's first chunk comes after the previous group's last.
    List<ProducerRecord<String, GenerationChunk>> sent = producer.history();
    for (int g = 1; g < plans.size(); g++) {
      int firstOfNext = indexOfFirst(sent, plans.get(g).groupId());
      int lastOfPrevious = indexOfLast(sent, plans.get(g - 1).groupId());
      assertThat(firstOfNext).isGreaterThan(lastOfPrevious);
    }
  }

  private List<GenerationChunk> chunksOf(String group, String sequence) {
    return producer.history().stream()
        .map(ProducerRecord::value)
        .filter(c -> c.getGroupId().equals(group) && c.getSequenceId().equals(sequence))
        .toList();
  }

  private static int indexOfFirst(List<ProducerRecord<String, GenerationChunk>> sent, String g) {
    for (int i = 0; i < sent.size(); i++) {
      if (sent.get(i).key().equals(g)) {
        return i;
      }
    }
    return -1;
  }

  private static int indexOfLast(List<ProducerRecord<String, GenerationChunk>> sent, String g) {
    for (int i = sent.size() - 1; i >= 0; i--) {
      if (sent.get(i).key().equals(g)) {
        return i;
      }
    }
    return -1;
  }

  private static List<Integer> boxed(int[] values) {
    return java.util.Arrays.stream(values).boxed().toList();
  }
}

package io.rewardstream.topology.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.rewardstream.topology.state.SequenceState;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

class ScoringPlannerTest {
  private static final int SEP = 1;

  private static SequenceState sequence(int[] prompt, int... response) {
    SequenceState state = new SequenceState("g", "s");
    state.promptTokens(prompt);
    for (int token : response) {
      state.appendToken(token, token == SEP);
    }
    return state;
  }

  @Test
  void shouldAskForEveryUnscoredStepEndInOneRequest() {
    ScoringPlanner planner = new ScoringPlanner(64, 100, 4);
    ScoringJob job =
        planner.plan(
            sequence(new int[] {9, 9}, 5, SEP, 6, 6, SEP, 7), new ConcurrentLinkedQueue<>(), 0);

    assertThat(job.requests()).hasSize(1);
    assertThat(job.requests().get(0).tokenIds()).containsExactly(9, 9, 5, SEP, 6, 6, SEP);
    assertThat(job.requests().get(0).positions()).containsExactly(4, 7);
    assertThat(job.requests().get(0).cacheKey()).isEqualTo(SequenceState.key("g", "s"));
    assertThat(job.targets()).extracting(Target::stepIndex).containsExactlyInAnyOrder(0, 1);
  }

  @Test
  void shouldKeepPromptHeadAndRecentTokensPastTheContext() {
    ScoringPlanner planner = new ScoringPlanner(64, 8, 2);
    ScoringJob job =
        planner.plan(
            sequence(new int[] {9, 8}, 2, 3, 4, 5, 6, 7, SEP), new ConcurrentLinkedQueue<>(), 0);

    assertThat(job.requests()).hasSize(1);
    // 7 slots (one kept free for a virtual separator): head [9, 8] + the 5 most recent tokens.
    assertThat(job.requests().get(0).tokenIds()).containsExactly(9, 8, 4, 5, 6, 7, SEP);
    assertThat(job.requests().get(0).positions()).containsExactly(7);
  }

  @Test
  void shouldSplitIntoSeveralRequestsWhenStepEndsFallOutsideOneWindow() {
    ScoringPlanner planner = new ScoringPlanner(64, 6, 1);
    ScoringJob job =
        planner.plan(
            sequence(new int[] {9}, 2, SEP, 3, 4, 5, 6, SEP), new ConcurrentLinkedQueue<>(), 0);

    assertThat(job.requests()).hasSize(2);
    assertThat(job.requests().get(0).tokenIds()).containsExactly(9, 4, 5, 6, SEP);
    assertThat(job.requests().get(1).tokenIds()).containsExactly(9, 2, SEP);
  }

  @Test
  void shouldReadEachStepEndPastTheContextFromAWindowOfItsOwn() {
    ScoringPlanner planner = new ScoringPlanner(64, 8, 2);
    ScoringJob job =
        planner.plan(
            sequence(new int[] {9, 8}, 2, SEP, 3, 4, 5, SEP, 6, SEP),
            new ConcurrentLinkedQueue<>(),
            0);

    assertThat(job.requests()).hasSize(3);
    assertThat(job.requests().get(0).tokenIds()).containsExactly(9, 8, 4, 5, SEP, 6, SEP);
    assertThat(job.requests().get(0).positions()).containsExactly(7);
    // Step 1 keeps the five tokens up to its own end, not the ones step 2's window would keep.
    assertThat(job.requests().get(1).tokenIds()).containsExactly(9, 8, SEP, 3, 4, 5, SEP);
    assertThat(job.requests().get(1).positions()).containsExactly(7);
    assertThat(job.requests().get(2).tokenIds()).containsExactly(9, 8, 2, SEP);
    assertThat(job.requests().get(2).positions()).containsExactly(4);
  }

  @Test
  void shouldPlanNothingWhenAllIsScored() {
    ScoringPlanner planner = new ScoringPlanner(4, 100, 4);
    SequenceState state = sequence(new int[0], 5, 5);
    assertThat(planner.plan(state, new ConcurrentLinkedQueue<>(), 0)).isNull();
  }
}

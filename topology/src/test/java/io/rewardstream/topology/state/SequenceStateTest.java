package io.rewardstream.topology.state;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SequenceStateTest {

  private static SequenceState twoSteps() {
    SequenceState state = new SequenceState("g", "s");
    state.lastProducedAt(2_500);
    for (int i = 0; i < 24; i++) {
      state.appendToken(5, i % 12 == 11);
    }
    return state;
  }

  @Test
  void shouldTimeADecisionFromThePointItsScoreWasReadAtNotFromALaterOne() {
    SequenceState state = twoSteps();
    Step first = state.steps().get(0);
    Step second = state.steps().get(1);
    first.reachedAt(1_000);
    first.recordReward(0.9, first.end(), 0, first.reachedAt());
    // A later chunk completes the second step; its score has not come back yet.
    second.reachedAt(1_900);

    assertThat(state.lastScoredReachedAt()).isEqualTo(1_000);
  }

  @Test
  void shouldFallBackToTheNewestChunkWhenThePointIsNotKnown() {
    SequenceState state = twoSteps();
    state.steps().get(0).recordReward(0.9, 12, 0, -1);

    assertThat(state.lastScoredReachedAt()).isEqualTo(2_500);
    assertThat(twoSteps().lastScoredReachedAt()).as("nothing scored").isEqualTo(2_500);
  }
}

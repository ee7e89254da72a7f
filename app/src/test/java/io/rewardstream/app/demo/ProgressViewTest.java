package io.rewardstream.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.rewardstream.app.chain.ChainDomain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressViewTest {

  @Test
  void shouldGiveTheRejectedShareOfTheCandidatesStartedSoFar() {
    List<GroupPlan> plans = DemoPlanner.plan(1, ChainDomain.DEFAULT, 1, 8, 0.2, 3, 5);
    Scoreboard board = new Scoreboard();
    ProgressView view = new ProgressView(new PrintStream(new ByteArrayOutputStream()), false, 1);
    board.groupStarted(plans.get(0));
    // The first candidates to end are the rejected ones: 2 of the 8 started, none finished yet.
    board.candidateAborted(0, 10);
    board.candidateAborted(0, 10);

    assertThat(view.line(board)).contains("| live   6 |").contains("| rejected  25.0% |");

    for (int i = 0; i < 6; i++) {
      board.candidateFinished();
    }
    assertThat(view.line(board)).contains("| rejected  25.0% |");
  }
}

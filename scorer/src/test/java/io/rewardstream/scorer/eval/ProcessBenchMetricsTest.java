package io.rewardstream.scorer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessBenchMetricsTest {

  private static ScoredChain chain(String id, int label, double... rewards) {
    List<String> steps = java.util.Collections.nCopies(rewards.length, "step");
    return new ScoredChain(new ProcessBenchChain(id, "problem", steps, label), rewards);
  }

  private static final List<ScoredChain> CHAINS =
      List.of(
          chain("a", -1, 0.9, 0.8),
          chain("b", 1, 0.9, 0.3, 0.6),
          chain("c", 0, 0.7, 0.2),
          chain("d", -1, 0.9, 0.4));

  @Test
  void shouldJudgeChainsByTheirFirstStepBelowTheThreshold() {
    ThresholdMetrics m = ProcessBenchMetrics.at(CHAINS, 0.5);

    // b's first low step is its label (hit), c's is one late (miss); a passes, d fails at step 1.
    assertThat(m.errorAccuracy()).isEqualTo(0.5);
    assertThat(m.correctAccuracy()).isEqualTo(0.5);
    assertThat(m.f1()).isEqualTo(0.5);
    // a: 2 of 2, b: steps 0 and 1 of 3, c: step 1 of 2, d: step 0 of 2
    assertThat(m.stepAccuracy()).isEqualTo(6.0 / 9);
  }

  @Test
  void shouldPickTheThresholdWithTheBestF1() {
    List<ThresholdMetrics> sweep =
        ProcessBenchMetrics.sweep(CHAINS, new double[] {0.5, 0.75, 0.95});

    ThresholdMetrics best = ProcessBenchMetrics.best(sweep);

    assertThat(sweep.get(2).f1()).isZero();
    assertThat(best.threshold()).isEqualTo(0.75);
    assertThat(best.errorAccuracy()).isEqualTo(1.0);
    assertThat(best.correctAccuracy()).isEqualTo(0.5);
    assertThat(best.f1()).isCloseTo(2.0 / 3, within(1e-12));
  }

  @Test
  void shouldPreferTheLowestThresholdAmongEqualF1() {
    List<ThresholdMetrics> sweep = ProcessBenchMetrics.sweep(CHAINS, new double[] {0.74, 0.75});

    assertThat(ProcessBenchMetrics.best(sweep).threshold()).isEqualTo(0.74);
  }

  @Test
  void shouldReportNotANumberForAClassWithoutChains() {
    ThresholdMetrics m = ProcessBenchMetrics.at(List.of(chain("a", -1, 0.9)), 0.5);

    assertThat(m.correctAccuracy()).isEqualTo(1.0);
    assertThat(m.errorAccuracy()).isNaN();
    assertThat(m.f1()).isNaN();
  }

  @Test
  void shouldSweepFromZeroToOneInHundredths() {
    double[] grid = ProcessBenchMetrics.defaultThresholds();

    assertThat(grid).hasSize(101);
    assertThat(grid[0]).isZero();
    assertThat(grid[37]).isEqualTo(0.37);
    assertThat(grid[100]).isEqualTo(1.0);
  }
}

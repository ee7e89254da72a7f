package io.rewardstream.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.rewardstream.avro.FinishReason;
import io.rewardstream.avro.RejectionStats;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RejectionStatsTest {
  private static final int SEP = FakeRewardModel.SEPARATOR;

  private static TopologyFixture fixture() {
    return new TopologyFixture(
        Map.of(
            RewardStreamConfig.REJECTION_RULES_CONFIG,
            "threshold",
            RewardStreamConfig.REJECTION_THRESHOLD_CONFIG,
            0.25,
            RewardStreamConfig.REJECTION_ACK_TIMEOUT_MS_CONFIG,
            0L,
            RewardStreamConfig.METRICS_WINDOW_MS_CONFIG,
            10_000L));
  }

  @Test
  void shouldEmitWindowedRejectionStatsWhenWindowCloses() {
    try (TopologyFixture f = fixture()) {
      f.send("g", "a", 2, 60, SEP, 60, SEP, 60, SEP);
      f.send("g", "b", 2, 10, SEP);
      f.drain();
      f.send("g", "a", 2, FinishReason.STOP, 60, SEP);
      f.drain();
      assertThat(f.metrics.isEmpty()).isTrue();

      f.advance(10_000);

      RejectionStats stats = f.metrics.readValue();
      assertThat(stats.getPolicyVersion()).isEqualTo("v1");
      assertThat(stats.getSequencesStarted()).isEqualTo(2);
      assertThat(stats.getSequencesFinished()).isEqualTo(1);
      assertThat(stats.getSequencesRejected()).isEqualTo(1);
      assertThat(stats.getRejectionRate()).isEqualTo(0.5);
      assertThat(stats.getTokensGenerated()).isEqualTo(10);
      assertThat(stats.getTokensSaved()).isEqualTo(6);
      assertThat(stats.getDecisions()).isEqualTo(1);
      assertThat(stats.getDecisionLatencyP99Ms())
          .isGreaterThanOrEqualTo(stats.getDecisionLatencyP50Ms());
      assertThat(stats.getWindowEnd().toEpochMilli() - stats.getWindowStart().toEpochMilli())
          .isEqualTo(10_000);
      assertThat(f.metrics.isEmpty()).isTrue();
    }
  }

  @Test
  void shouldExposeRejectionFiguresAsStreamsSensors() {
    try (TopologyFixture f = fixture()) {
      f.send("g", "a", 2, 60, SEP);
      f.send("g", "b", 2, 10, SEP);
      f.drain();

      double rejections = f.metricTotal("rejections-total");
      double tokens = f.metricTotal("tokens-generated-total");
      assertThat(rejections).isEqualTo(1.0);
      assertThat(tokens).isEqualTo(4.0);
    }
  }

  @Test
  void shouldReportWhereDecisionLatencyGoesAsStreamsSensors() {
    try (TopologyFixture f = fixture()) {
      f.advance(250);
      f.send("g", "a", 2, 60, SEP);
      f.send("g", "b", 2, 10, SEP);
      f.drain();

      assertThat(f.metricTotal("chunk-intake-total")).isEqualTo(2.0);
      assertThat(f.metricTotal("chunk-intake-latency-max")).isEqualTo(249.0);
      assertThat(f.metricTotal("chunk-intake-latency-sum")).isEqualTo(249.0 + 248.0);
      for (String stage : new String[] {"score-queue", "score-model", "score-result-wait"}) {
        assertThat(f.metricTotal(stage + "-total")).as(stage).isEqualTo(2.0);
        assertThat(f.metricTotal(stage + "-latency-max")).as(stage).isGreaterThanOrEqualTo(0.0);
      }
    }
  }

  @Test
  void shouldRemoveItsSensorsWhenTheTaskCloses() {
    TopologyFixture f = fixture();
    f.send("g", "a", 2, 60, SEP);
    f.drain();
    assertThat(f.metricTotal("chunks-total")).isEqualTo(1.0);

    f.close();

    assertThat(f.metricNames())
        .noneMatch(name -> name.group().contains(RewardStreamSensors.SCOPE))
        .isNotEmpty();
  }
}

package io.rewardstream.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.rewardstream.avro.EarlyRejection;
import io.rewardstream.avro.FinishReason;
import io.rewardstream.avro.GenerationChunk;
import io.rewardstream.avro.RejectionStats;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RejectionStatsTest {
  private static final int SEP = FakeRewardModel.SEPARATOR;

  private static TopologyFixture fixture() {
    return fixture(RewardStreamConfig.REJECTION_ACK_TIMEOUT_MS_CONFIG, 0L);
  }

  /** The threshold rule at 0.25, windows of 10 s, and {@code settings}. */
  private static TopologyFixture fixture(Object... settings) {
    Map<String, Object> config = new HashMap<>();
    config.put(RewardStreamConfig.REJECTION_RULES_CONFIG, "threshold");
    config.put(RewardStreamConfig.REJECTION_THRESHOLD_CONFIG, 0.25);
    config.put(RewardStreamConfig.METRICS_WINDOW_MS_CONFIG, 10_000L);
    for (int i = 0; i < settings.length; i += 2) {
      config.put((String) settings[i], settings[i + 1]);
    }
    return new TopologyFixture(config);
  }

  @Test
  void shouldMeasureDecisionLatencyFromTheChunkThatReachedTheCheckpoint() {
    try (TopologyFixture f = fixture()) {
      long start = TopologyFixture.START.toEpochMilli();
      f.advance(1_000);
      send(f, f.chunk("g", "a", 0, 2, null, 90, SEP), start + 100);
      send(f, f.chunk("g", "b", 0, 2, null, 90, SEP), start + 100);
      // a's step 1 ends in chunk 1; chunk 2 comes in while step 0's scoring job is still out.
      send(f, f.chunk("g", "a", 1, 2, null, 10, SEP), start + 500);
      send(f, f.chunk("g", "a", 2, 2, null, 50, 50), start + 900);
      f.drain();
      f.drain();
      f.drain();

      EarlyRejection rejection = f.rejections.readValue();
      assertThat(rejection.getSequenceId()).isEqualTo("a");
      assertThat(rejection.getSourceProducedAt()).isEqualTo(Instant.ofEpochMilli(start + 500));
    }
  }

  @Test
  void shouldNotCountTokensSentAfterTheRejectionAsSaved() {
    try (TopologyFixture f = fixture(RewardStreamConfig.REJECTION_ACK_TIMEOUT_MS_CONFIG, 10_000L)) {
      f.send("g", "a", 2, 60, SEP, 60, SEP, 60, SEP);
      f.send("g", "b", 2, 10, SEP);
      f.drain();
      f.drain();
      // b's generator sends six more tokens before it acts on the rejection: b cost as many
      // tokens as a, the group's only completed member, and saved nothing.
      f.send("g", "b", 2, 50, 50, 50);
      f.send("g", "b", 2, 50, 50, 50);
      f.send("g", "b", 2, FinishReason.ABORTED);
      f.send("g", "a", 2, FinishReason.STOP, 60, SEP);
      f.drain();
      f.drain();

      f.advance(10_000);

      RejectionStats stats = f.metrics.readValue();
      assertThat(stats.getSequencesRejected()).isEqualTo(1);
      assertThat(stats.getTokensSaved()).isZero();
    }
  }

  @Test
  void shouldCountTheSavingOfARejectedMemberStillAwaitingItsConfirmationAtTheGroupsTtl() {
    try (TopologyFixture f =
        fixture(
            RewardStreamConfig.REJECTION_ACK_TIMEOUT_MS_CONFIG, 10_000L,
            RewardStreamConfig.GROUP_TTL_MS_CONFIG, 3_000L)) {
      f.send("g", "a", 2, 60, SEP, 60, SEP, 60, SEP);
      f.send("g", "b", 2, 10, SEP);
      f.drain();
      f.drain();
      f.send("g", "a", 2, FinishReason.STOP, 60, SEP);
      f.drain();
      f.drain();

      f.advance(3_000);
      f.advance(10_000);
      f.advance(10_000);

      List<RejectionStats> windows = f.metrics.readValuesToList();
      assertThat(windows.stream().mapToLong(RejectionStats::getSequencesRejected).sum())
          .isEqualTo(1);
      assertThat(windows.stream().mapToLong(RejectionStats::getTokensSaved).sum()).isEqualTo(6);
    }
  }

  private static void send(TopologyFixture f, GenerationChunk chunk, long producedAt) {
    chunk.setProducedAt(Instant.ofEpochMilli(producedAt));
    f.generations.pipeInput(chunk.getGroupId(), chunk);
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

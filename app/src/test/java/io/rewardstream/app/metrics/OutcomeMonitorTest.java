package io.rewardstream.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rewardstream.avro.RejectionStats;
import io.rewardstream.topology.Topics;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

class OutcomeMonitorTest {

  private static RejectionStats window(long start, long saved, double rate) {
    return window("v1", start, saved, rate);
  }

  private static RejectionStats window(String policy, long start, long saved, double rate) {
    return RejectionStats.newBuilder()
        .setWindowStart(Instant.ofEpochMilli(start))
        .setWindowEnd(Instant.ofEpochMilli(start + 60_000))
        .setPolicyVersion(policy)
        .setSequencesStarted(0)
        .setSequencesFinished(0)
        .setSequencesRejected(0)
        .setRejectionRate(rate)
        .setTokensGenerated(0)
        .setTokensSaved(saved)
        .setDecisions(0)
        .setDecisionLatencyP50Ms(0)
        .setDecisionLatencyP99Ms(0)
        .build();
  }

  @Test
  void shouldCountOnlyWhatACorrectedWindowAddsAndKeepTheLatestWindowsRate() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (OutcomeMonitor monitor = unstarted(registry)) {
      monitor.observe(window(0, 100, 0.25));
      monitor.observe(window(60_000, 50, 0.5));
      // Window 0 again, corrected by a late task's share.
      monitor.observe(window(0, 130, 0.3));

      assertThat(registry.get("rewardstream.outcome.tokens.saved").counter().count())
          .isEqualTo(180);
      assertThat(registry.get("rewardstream.outcome.rejection.rate").gauge().value())
          .isEqualTo(0.5);
    }
  }

  @Test
  void shouldKeepEachPolicyVersionsRejectionRateApart() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (OutcomeMonitor monitor = unstarted(registry)) {
      monitor.observe(window("policy-a", 60_000, 0, 0.25));
      monitor.observe(window("policy-b", 60_000, 0, 0.75));
      monitor.observe(window("policy-a", 0, 0, 0.9)); // an older window, corrected late

      assertThat(rate(registry, "policy-a")).isEqualTo(0.25);
      assertThat(rate(registry, "policy-b")).isEqualTo(0.75);
      assertThat(registry.get("rewardstream.outcome.monitor.up").gauge().value()).isZero();
    }
  }

  /** A monitor that is never started: the tests hand it records themselves. */
  private static OutcomeMonitor unstarted(SimpleMeterRegistry registry) {
    return new OutcomeMonitor(
        Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1"),
        (topic, data) -> null,
        Topics.defaults(),
        registry);
  }

  private static double rate(SimpleMeterRegistry registry, String policy) {
    return registry
        .get("rewardstream.outcome.rejection.rate")
        .tag("policy_version", policy)
        .gauge()
        .value();
  }
}

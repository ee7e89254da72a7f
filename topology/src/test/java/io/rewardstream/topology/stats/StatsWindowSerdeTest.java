package io.rewardstream.topology.stats;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatsWindowSerdeTest {
  private final StatsWindowSerde serde = new StatsWindowSerde();

  private StatsWindow roundTrip(StatsWindow window) {
    byte[] bytes = serde.serializer().serialize("stats", window);
    return serde.deserializer().deserialize("stats", bytes);
  }

  @Test
  void shouldRoundTripCountersAndLatencies() {
    StatsWindow window = new StatsWindow("policy-7", 60_000L);
    window.started = 8;
    window.finished = 3;
    window.rejected = 4;
    window.tokens = 1_234;
    window.saved = 567;
    window.latency.record(12);
    window.latency.record(12);
    window.latency.record(480);

    StatsWindow read = roundTrip(window);

    assertThat(read.policyVersion()).isEqualTo("policy-7");
    assertThat(read.windowStart()).isEqualTo(60_000L);
    assertThat(new long[] {read.started(), read.finished(), read.rejected()})
        .containsExactly(8, 3, 4);
    assertThat(read.tokens()).isEqualTo(1_234);
    assertThat(read.saved()).isEqualTo(567);
    assertThat(read.latency().counts).isEqualTo(window.latency.counts);
    assertThat(read.latency().count()).isEqualTo(3);
  }

  @Test
  void shouldWriteTheLatenciesRecordedSinceTheWindowWasLastWritten() {
    StatsWindow window = new StatsWindow(null, 0L);
    window.latency.record(20);
    roundTrip(window);
    window.tokens = 4;
    roundTrip(window);

    window.latency.record(900);
    StatsWindow read = roundTrip(window);

    assertThat(read.policyVersion()).isNull();
    assertThat(read.tokens()).isEqualTo(4);
    assertThat(read.latency().count()).isEqualTo(2);
    assertThat(read.latency().quantile(1.0)).isGreaterThan(800);
  }
}

package io.rewardstream.topology.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
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

  @Test
  void shouldRoundTripAMergedWindowAndReadAShareWrittenWithoutTheMergeFields() {
    StatsWindow merged = new StatsWindow("v1", 0L);
    merged.shares = 3;
    merged.emittedWallMs = 70_000L;
    StatsWindow read = roundTrip(merged);
    assertThat(read.shares).isEqualTo(3);
    assertThat(read.emittedWallMs).isEqualTo(70_000L);

    byte[] withMergeFields = serde.serializer().serialize("stats", new StatsWindow("v1", 0L));
    byte[] without =
        Arrays.copyOf(withMergeFields, withMergeFields.length - Integer.BYTES - Long.BYTES);
    StatsWindow old = serde.deserializer().deserialize("stats", without);
    assertThat(old.shares).isZero();
    assertThat(old.emittedWallMs).isEqualTo(-1);
  }
}

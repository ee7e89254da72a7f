package io.rewardstream.topology.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.rewardstream.avro.RejectionStats;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Windows of 10 s, merged shares awaited 1 s after a window's end. */
class StatsMergerTest {
  private static final long WINDOW = 10_000;
  private static final long GRACE = 1_000;

  private MockProcessorContext<String, Object> context;
  private KeyValueStore<String, StatsWindow> store;
  private StatsMerger merger;

  @BeforeEach
  void start() {
    Properties config = new Properties();
    config.put(StreamsConfig.APPLICATION_ID_CONFIG, "rewardstream-merger-test");
    config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    config.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
    context = new MockProcessorContext<>(config);
    store =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore("stats-merged"),
                Serdes.String(),
                new StatsWindowSerde())
            .withLoggingDisabled()
            .build();
    store.init(context.getStateStoreContext(), store);
    context.addStateStore(store);
    merger = new StatsMerger("stats-merged", "metrics-sink", WINDOW, GRACE, 100);
    merger.init(context);
  }

  /** A task's share of window [0, 10 s): what it started, finished and rejected, and latencies. */
  private static StatsWindow share(
      String policy, long started, long finished, long rejected, double... latencies) {
    StatsWindow share = new StatsWindow(policy, 0L);
    share.started = started;
    share.finished = finished;
    share.rejected = rejected;
    share.tokens = 100 * started;
    share.saved = 10 * rejected;
    for (double latency : latencies) {
      share.latency.record(latency);
    }
    return share;
  }

  private void receive(long nowMs, StatsWindow share) {
    context.setCurrentSystemTimeMs(nowMs);
    merger.process(
        new Record<>(share.policyVersion() == null ? "" : share.policyVersion(), share, nowMs));
  }

  private void tick(long nowMs) {
    context.setCurrentSystemTimeMs(nowMs);
    context.scheduledPunctuators().get(0).getPunctuator().punctuate(nowMs);
  }

  private List<RejectionStats> emitted() {
    List<RejectionStats> records =
        context.forwarded().stream()
            .peek(f -> assertThat(f.childName()).hasValue("metrics-sink"))
            .map(CapturedForward::record)
            .map(r -> (RejectionStats) r.value())
            .toList();
    context.resetForwards();
    return records;
  }

  @Test
  void shouldEmitOneRecordAddingUpEveryTasksShareOnceTheGracePasses() {
    receive(10_050, share("v1", 4, 1, 2, 10, 12));
    receive(10_300, share("v1", 4, 2, 1, 400));
    tick(10_900);
    assertThat(emitted()).isEmpty();

    tick(11_000);

    List<RejectionStats> records = emitted();
    assertThat(records).hasSize(1);
    RejectionStats stats = records.get(0);
    assertThat(stats.getPolicyVersion()).isEqualTo("v1");
    assertThat(stats.getWindowStart().toEpochMilli()).isZero();
    assertThat(stats.getWindowEnd().toEpochMilli()).isEqualTo(WINDOW);
    assertThat(stats.getSequencesStarted()).isEqualTo(8);
    assertThat(stats.getSequencesFinished()).isEqualTo(3);
    assertThat(stats.getSequencesRejected()).isEqualTo(3);
    assertThat(stats.getRejectionRate()).isEqualTo(0.5);
    assertThat(stats.getTokensGenerated()).isEqualTo(800);
    assertThat(stats.getTokensSaved()).isEqualTo(30);
    assertThat(stats.getDecisions()).isEqualTo(3);
    // The merged histogram: two latencies near 11 ms, one near 400 ms.
    assertThat(stats.getDecisionLatencyP50Ms()).isBetween(12.0, 13.0);
    assertThat(stats.getDecisionLatencyP99Ms()).isBetween(400.0, 420.0);

    tick(12_000);
    assertThat(emitted()).isEmpty();
  }

  @Test
  void shouldEmitACorrectedRecordForAShareArrivingAfterTheGrace() {
    receive(10_050, share("v1", 4, 1, 2));
    tick(11_000);
    assertThat(emitted()).extracting(RejectionStats::getSequencesStarted).containsExactly(4L);

    receive(15_000, share("v1", 2, 0, 1));

    assertThat(emitted()).extracting(RejectionStats::getSequencesStarted).containsExactly(6L);
    tick(16_000);
    assertThat(emitted()).isEmpty();
  }

  @Test
  void shouldKeepPolicyVersionsApart() {
    receive(10_050, share("v1", 4, 1, 2));
    receive(10_060, share("v2", 3, 3, 0));
    receive(10_070, share(null, 1, 1, 0));

    tick(11_000);

    assertThat(emitted())
        .extracting(RejectionStats::getPolicyVersion, RejectionStats::getSequencesStarted)
        .containsExactlyInAnyOrder(tuple("v1", 4L), tuple("v2", 3L), tuple(null, 1L));
  }

  @Test
  void shouldForgetAWindowTenWindowsAfterItsGraceEnds() {
    receive(10_050, share("v1", 4, 1, 2));
    tick(11_000);
    tick(11_000 + StatsMerger.RETAINED_WINDOWS * WINDOW - 1);
    assertThat(store.approximateNumEntries()).isEqualTo(1);

    tick(11_000 + StatsMerger.RETAINED_WINDOWS * WINDOW);

    assertThat(store.approximateNumEntries()).isZero();
    assertThat(emitted()).hasSize(1);
  }

  @Test
  void shouldDropAShareForAWindowAlreadyForgottenRatherThanReplaceItsRecord() {
    receive(10_050, share("v1", 4, 1, 2));
    receive(10_060, share("v1", 4, 1, 2));
    tick(11_000);
    assertThat(emitted()).extracting(RejectionStats::getSequencesStarted).containsExactly(8L);
    long forgotten = 11_000 + StatsMerger.RETAINED_WINDOWS * WINDOW;
    tick(forgotten);

    receive(forgotten + 1, share("v1", 1, 0, 0));
    tick(forgotten + 2);

    assertThat(emitted()).isEmpty();
    assertThat(store.approximateNumEntries()).isZero();
  }
}

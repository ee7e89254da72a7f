package io.rewardstream.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.rewardstream.topology.state.CachedStore;
import io.rewardstream.topology.state.StoreContexts;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Entries here are "key:deadline": "a:50" is due from 50 ms on. */
class TimedStoreTest {
  private final AtomicInteger deadlinesComputed = new AtomicInteger();
  private KeyValueStore<String, String> store;
  private TimedStore<String> timed;

  @BeforeEach
  void openStore() {
    store =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore("timed"), Serdes.String(), Serdes.String())
            .withLoggingDisabled()
            .build();
    store.init(StoreContexts.mock(), store);
    timed =
        new TimedStore<>(
            new CachedStore<>(store, 16),
            value -> value.substring(0, value.indexOf(':')),
            value -> {
              deadlinesComputed.incrementAndGet();
              return Long.parseLong(value.substring(value.indexOf(':') + 1));
            });
  }

  @Test
  void shouldHandOutWhatIsDueIncludingRestoredEntriesAndFollowChanges() {
    store.put("restored", "restored:50");
    timed.put("a:100");

    assertThat(timed.due(10)).isEmpty();
    assertThat(timed.due(60)).containsExactly("restored:50");

    timed.put("b:70");
    timed.put("a:200");
    assertThat(timed.due(150)).containsExactlyInAnyOrder("restored:50", "b:70");

    timed.delete("restored");
    assertThat(timed.due(150)).containsExactly("b:70");
  }

  @Test
  void shouldNotReadEntriesThatAreNotDueOnceIndexed() {
    for (int i = 0; i < 1_000; i++) {
      store.put("marker-" + i, "marker-" + i + ":" + (1_000_000 + i));
    }
    timed.due(0);
    deadlinesComputed.set(0);

    for (long now = 1_000; now <= 10_000; now += 1_000) {
      assertThat(timed.due(now)).isEmpty();
    }

    assertThat(deadlinesComputed).hasValue(0);
  }
}

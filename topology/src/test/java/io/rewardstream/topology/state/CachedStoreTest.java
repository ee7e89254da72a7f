package io.rewardstream.topology.state;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The object cache in front of a store. Writing to the store behind the cache's back shows where a
 * read was served from: an old value means memory, the new one means the store.
 */
class CachedStoreTest {
  private KeyValueStore<String, String> store;

  @BeforeEach
  void openStore() {
    store =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore("objects"), Serdes.String(), Serdes.String())
            .withLoggingDisabled()
            .build();
    MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
    store.init(context.getStateStoreContext(), store);
  }

  @Test
  void shouldServeRepeatedReadsFromMemory() {
    CachedStore<String> cached = new CachedStore<>(store, 10);
    store.put("a", "1");

    assertThat(cached.get("a")).isEqualTo("1");
    store.put("a", "2");

    assertThat(cached.get("a")).isEqualTo("1");
    assertThat(cached.size()).isEqualTo(1);
  }

  @Test
  void shouldWriteThroughToTheStore() {
    CachedStore<String> cached = new CachedStore<>(store, 10);

    cached.put("a", "1");
    assertThat(store.get("a")).isEqualTo("1");
    cached.delete("a");

    assertThat(store.get("a")).isNull();
    assertThat(cached.get("a")).isNull();
    assertThat(cached.size()).isZero();
  }

  @Test
  void shouldReadFromTheStoreAgainAfterClear() {
    CachedStore<String> cached = new CachedStore<>(store, 10);
    cached.put("a", "1");
    store.put("a", "2");

    cached.clear();

    assertThat(cached.get("a")).isEqualTo("2");
  }

  @Test
  void shouldDropTheLeastRecentlyUsedObjectBeyondItsBound() {
    CachedStore<String> cached = new CachedStore<>(store, 2);
    cached.put("a", "1");
    cached.put("b", "1");
    cached.get("a");
    cached.put("c", "1");
    store.put("a", "2");
    store.put("b", "2");

    assertThat(cached.size()).isEqualTo(2);
    assertThat(cached.get("a")).as("recently read, kept").isEqualTo("1");
    assertThat(cached.get("b")).as("least recently used, dropped").isEqualTo("2");
  }

  @Test
  void shouldKeepNothingWithABoundOfZero() {
    CachedStore<String> cached = new CachedStore<>(store, 0);
    cached.put("a", "1");
    store.put("a", "2");

    assertThat(cached.get("a")).isEqualTo("2");
    assertThat(cached.size()).isZero();
  }
}

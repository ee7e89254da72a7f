package io.rewardstream.topology.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The objects in front of a store. Writing to the store behind the objects' back shows where a read
 * was served from: an old value means memory, the new one means the store; reading the store shows
 * what was written back.
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
    store.init(StoreContexts.mock(), store);
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
  void shouldKeepWritesUntilTheyAreWrittenBack() {
    CachedStore<String> cached = new CachedStore<>(store, 10);

    cached.put("a", "1");
    cached.put("a", "2");

    assertThat(store.get("a")).isNull();
    assertThat(cached.get("a")).isEqualTo("2");
    assertThat(cached.pending()).isEqualTo(1);
    cached.writeBack();
    assertThat(store.get("a")).isEqualTo("2");
    assertThat(cached.pending()).isZero();
  }

  @Test
  void shouldDeleteFromTheStoreWhenWrittenBack() {
    CachedStore<String> cached = new CachedStore<>(store, 10);
    store.put("a", "1");
    store.put("b", "1");

    cached.delete("a");
    cached.put("b", "2");
    cached.delete("b");

    assertThat(cached.get("a")).isNull();
    assertThat(cached.get("b")).isNull();
    assertThat(store.get("a")).isEqualTo("1");
    cached.writeBack();
    assertThat(store.get("a")).isNull();
    assertThat(store.get("b")).isNull();
  }

  @Test
  void shouldWriteAKeyPutAfterItsDeletion() {
    CachedStore<String> cached = new CachedStore<>(store, 10);
    store.put("a", "1");

    cached.delete("a");
    cached.put("a", "2");

    assertThat(cached.get("a")).isEqualTo("2");
    cached.writeBack();
    assertThat(store.get("a")).isEqualTo("2");
  }

  @Test
  void shouldKeepChangedObjectsThatTheLeastRecentlyUsedBoundDrops() {
    CachedStore<String> cached = new CachedStore<>(store, 2);
    cached.put("a", "1");
    cached.put("b", "1");
    store.put("c", "1");

    cached.get("c");

    assertThat(store.get("a")).isNull();
    assertThat(cached.get("a")).isEqualTo("1");
    cached.writeBack();
    assertThat(store.get("a")).isEqualTo("1");
    assertThat(store.get("b")).isEqualTo("1");
  }

  @Test
  void shouldWriteBackEarlyOnceMoreKeysChangedThanItsBound() {
    CachedStore<String> cached = new CachedStore<>(store, 2);

    cached.put("a", "1");
    cached.put("b", "1");
    assertThat(store.get("a")).isNull();
    cached.put("c", "1");

    assertThat(store.get("a")).isEqualTo("1");
    assertThat(store.get("c")).isEqualTo("1");
    assertThat(cached.pending()).isZero();
  }

  @Test
  void shouldWriteEveryChangeAtOnceWithABoundOfZero() {
    CachedStore<String> cached = new CachedStore<>(store, 0);

    cached.put("a", "1");

    assertThat(store.get("a")).isEqualTo("1");
  }

  @Test
  void shouldDropTheLeastRecentlyUsedUnchangedObjectBeyondItsBound() {
    CachedStore<String> cached = new CachedStore<>(store, 2);
    store.put("a", "1");
    store.put("b", "1");
    store.put("c", "1");
    cached.get("a");
    cached.get("b");
    cached.get("a");
    cached.get("c");
    store.put("a", "2");
    store.put("b", "2");

    assertThat(cached.size()).isEqualTo(2);
    assertThat(cached.get("a")).as("recently read, kept").isEqualTo("1");
    assertThat(cached.get("b")).as("least recently used, dropped").isEqualTo("2");
  }

  @Test
  void shouldKeepNoUnchangedObjectWithABoundOfZero() {
    CachedStore<String> cached = new CachedStore<>(store, 0);
    store.put("a", "1");
    cached.get("a");
    store.put("a", "2");

    assertThat(cached.get("a")).isEqualTo("2");
    assertThat(cached.size()).isZero();
  }

  @Test
  void shouldReadUnchangedObjectsFromTheStoreAgainAfterClearButKeepChangedOnes() {
    CachedStore<String> cached = new CachedStore<>(store, 10);
    store.put("a", "1");
    cached.get("a");
    cached.put("b", "1");
    store.put("a", "2");

    cached.clear();

    assertThat(cached.get("a")).isEqualTo("2");
    assertThat(cached.get("b")).isEqualTo("1");
    cached.writeBack();
    assertThat(store.get("b")).isEqualTo("1");
  }

  @Test
  void shouldForgetChangesOnDiscard() {
    CachedStore<String> cached = new CachedStore<>(store, 10);
    store.put("a", "1");
    cached.put("a", "2");
    cached.put("b", "2");

    cached.discard();
    cached.writeBack();

    assertThat(cached.get("a")).isEqualTo("1");
    assertThat(cached.get("b")).isNull();
    assertThat(store.get("b")).isNull();
  }

  @Test
  void shouldWriteBackBeforeIteratingTheStore() {
    CachedStore<String> cached = new CachedStore<>(store, 10);
    store.put("a", "1");
    cached.put("b", "1");
    cached.delete("a");

    List<KeyValue<String, String>> entries = new ArrayList<>();
    try (KeyValueIterator<String, String> all = cached.all()) {
      all.forEachRemaining(entries::add);
    }

    assertThat(entries).containsExactly(KeyValue.pair("b", "1"));
  }
}

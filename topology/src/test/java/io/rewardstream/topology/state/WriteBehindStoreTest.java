package io.rewardstream.topology.state;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.internals.CachingKeyValueStore;
import org.apache.kafka.streams.state.internals.InMemoryKeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * The store registered for the topology's state: what its objects hold reaches the wrapped store
 * when Kafka Streams flushes caches (before every commit), and no sooner. That Kafka Streams really
 * calls it then is shown with the test driver in {@code RewardTopologyTest} and on a real broker in
 * {@code RewardTopologyIT}.
 */
class WriteBehindStoreTest {

  private static WriteBehindStore<String> open(StoreBuilder<WriteBehindStore<String>> builder) {
    WriteBehindStore<String> store = builder.withLoggingDisabled().build();
    store.init(StoreContexts.mock(), store);
    return store;
  }

  private static StoreBuilder<WriteBehindStore<String>> builder() {
    return WriteBehindStore.builder(Stores.inMemoryKeyValueStore("s"), Serdes.String(), 10);
  }

  @Test
  void shouldWriteObjectsBackWhenKafkaStreamsFlushesItsCaches() {
    WriteBehindStore<String> store = open(builder());

    store.objects().put("a", "1");

    assertThat(store.read("a")).isNull();
    store.flushCache();
    assertThat(store.read("a")).isEqualTo("1");
    assertThat(store.objects().pending()).isZero();
  }

  @Test
  void shouldForgetObjectsWhenTheStoreWasRewrittenBehindThem() {
    WriteBehindStore<String> store = open(builder());
    store.objects().put("a", "1");

    store.clearCache();
    store.flushCache();

    assertThat(store.read("a")).isNull();
    assertThat(store.objects().get("a")).isNull();
  }

  @Test
  void shouldBuildItsStoreWithoutKafkaStreamsRecordCache() {
    WriteBehindStore<String> store = open(builder().withCachingEnabled());

    assertThat(store.findInner(CachingKeyValueStore.class)).isNull();
    assertThat(store.findInner(InMemoryKeyValueStore.class)).isNotNull();
    assertThat(store.name()).isEqualTo("s");
  }
}

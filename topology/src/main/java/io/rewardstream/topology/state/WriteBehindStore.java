package io.rewardstream.topology.state;

import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.internals.StateStoreProvider;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * A key-value state store (RocksDB or in-memory, changelogged, without Kafka Streams' record cache)
 * whose stream-thread side is a {@link CachedStore} of objects, written back when Kafka Streams
 * flushes its caches before a commit.
 *
 * <p>The hook is Kafka Streams' {@code CachedStateStore.flushCache()}, which the task calls on
 * every registered store before it flushes the producer and commits (under exactly-once, before the
 * transaction commits): the same moment its own record cache writes to the store and changelog. It
 * is reached through {@link WrappedStateStore}, which lives in Kafka Streams' internals package;
 * the store built here is registered as the root store, so Kafka Streams calls it and not the store
 * it wraps. {@code WriteBehindStoreTest} and the exactly-once integration tests hold this to the
 * Kafka Streams version in the build.
 *
 * <p>It is deliberately not a {@link KeyValueStore}: Kafka Streams would hand the processor a
 * decorator of that interface instead of the store. Writes go through {@link #objects()}; other
 * threads read with {@link #read} (interactive queries through {@link #queryableType()}).
 */
public final class WriteBehindStore<V>
    extends WrappedStateStore<KeyValueStore<String, V>, String, V> {
  /** One for the store's whole life: a processor started again on this store finds the same. */
  private final CachedStore<V> objects;

  private WriteBehindStore(KeyValueStore<String, V> wrapped, int maxObjects) {
    super(wrapped);
    this.objects = new CachedStore<>(wrapped, maxObjects);
  }

  /**
   * A builder of the store on {@code supplier}'s bytes store, changelogged and without the record
   * cache, keeping up to {@code maxObjects} unchanged objects deserialised.
   */
  public static <V> StoreBuilder<WriteBehindStore<V>> builder(
      KeyValueBytesStoreSupplier supplier, Serde<V> values, int maxObjects) {
    return new Builder<>(
        Stores.keyValueStoreBuilder(supplier, Serdes.String(), values).withCachingDisabled(),
        maxObjects);
  }

  /** The stream thread's objects: the one way to write to this store. */
  public CachedStore<V> objects() {
    return objects;
  }

  @Override
  public void flushCache() {
    objects.writeBack();
    super.flushCache();
  }

  /**
   * Called when the store was rewritten behind the objects' back (a recycled task): forget them.
   */
  @Override
  public void clearCache() {
    objects.discard();
    super.clearCache();
  }

  @Override
  public void close() {
    objects.discard();
    super.close();
  }

  /**
   * The value the store holds for {@code key}: what the task last committed or wrote back since,
   * not its objects. Safe from any thread (interactive queries, tests).
   */
  public V read(String key) {
    return wrapped().get(key);
  }

  /**
   * The store type for interactive queries: looks a key up in the stores of this instance's tasks,
   * through {@link #read}.
   */
  public static <V> QueryableStoreType<Function<String, V>> queryableType() {
    return new QueryableStoreType<>() {
      @Override
      public boolean accepts(StateStore store) {
        return store instanceof WriteBehindStore;
      }

      @Override
      public Function<String, V> create(StateStoreProvider provider, String storeName) {
        QueryableStoreType<Function<String, V>> type = this;
        return key -> {
          for (Object store : provider.stores(storeName, type)) {
            @SuppressWarnings("unchecked")
            V value = ((WriteBehindStore<V>) store).read(key);
            if (value != null) {
              return value;
            }
          }
          return null;
        };
      }
    };
  }

  /**
   * Builds the wrapped store with {@code inner} and wraps it; logging settings go to {@code inner}.
   */
  private static final class Builder<V> implements StoreBuilder<WriteBehindStore<V>> {
    private final StoreBuilder<KeyValueStore<String, V>> inner;
    private final int maxObjects;

    Builder(StoreBuilder<KeyValueStore<String, V>> inner, int maxObjects) {
      this.inner = inner;
      this.maxObjects = maxObjects;
    }

    /** The objects take the record cache's place; it stays off. */
    @Override
    public StoreBuilder<WriteBehindStore<V>> withCachingEnabled() {
      return this;
    }

    @Override
    public StoreBuilder<WriteBehindStore<V>> withCachingDisabled() {
      return this;
    }

    @Override
    public StoreBuilder<WriteBehindStore<V>> withLoggingEnabled(Map<String, String> config) {
      inner.withLoggingEnabled(config);
      return this;
    }

    @Override
    public StoreBuilder<WriteBehindStore<V>> withLoggingDisabled() {
      inner.withLoggingDisabled();
      return this;
    }

    @Override
    public WriteBehindStore<V> build() {
      return new WriteBehindStore<>(inner.build(), maxObjects);
    }

    @Override
    public Map<String, String> logConfig() {
      return inner.logConfig();
    }

    @Override
    public boolean loggingEnabled() {
      return inner.loggingEnabled();
    }

    @Override
    public String name() {
      return inner.name();
    }
  }
}

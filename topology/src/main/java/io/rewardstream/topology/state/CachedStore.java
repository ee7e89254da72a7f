package io.rewardstream.topology.state;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A task's state store with the objects it last read or wrote kept in memory, so that the chunks of
 * a live sequence do not deserialise its state again and again. Writes go through to the store at
 * once (its record cache, changelog and exactly-once commits are untouched); only reads are saved.
 * At most {@code maxObjects} objects are kept, the least recently used dropped first: the store
 * still has them.
 *
 * <p>An object handed out may be changed by its caller and written back with {@link #put}. When a
 * call fails half-way, the objects it changed without writing them back would differ from the
 * store, so the caller {@linkplain #clear() clears} the cache then: the next read comes from the
 * store again.
 */
public final class CachedStore<V> {
  private final KeyValueStore<String, V> store;
  private final Map<String, V> objects;

  public CachedStore(KeyValueStore<String, V> store, int maxObjects) {
    this.store = store;
    this.objects =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
            return size() > maxObjects;
          }
        };
  }

  public V get(String key) {
    V value = objects.get(key);
    if (value == null) {
      value = store.get(key);
      if (value != null) {
        objects.put(key, value);
      }
    }
    return value;
  }

  public void put(String key, V value) {
    store.put(key, value);
    objects.put(key, value);
  }

  public void delete(String key) {
    store.delete(key);
    objects.remove(key);
  }

  /** Every entry of the store, read from the store (fresh objects, not the cached ones). */
  public KeyValueIterator<String, V> all() {
    return store.all();
  }

  /** Forgets every kept object; the next read of each comes from the store. */
  public void clear() {
    objects.clear();
  }

  /** How many objects are kept. */
  public int size() {
    return objects.size();
  }
}

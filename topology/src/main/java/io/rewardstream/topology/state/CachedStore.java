package io.rewardstream.topology.state;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A task's state objects in front of its store: reads keep the object they deserialised, and writes
 * keep the object until the task commits, when {@link #writeBack()} serialises each changed key
 * once into the store (and so its changelog). A live sequence's state changes with every chunk and
 * a statistics window with every token count; written through, each change would be serialised and
 * put in Kafka Streams' record cache, whose sorted map costs more than the change itself when the
 * next chunk is for another sequence. {@link WriteBehindStore} calls {@code writeBack()} when Kafka
 * Streams flushes its caches, before the changelog is flushed and the transaction commits, so what
 * a commit covers is in the store.
 *
 * <p>Beyond {@code maxObjects} objects the least recently used are dropped (the store still has
 * them); changed ones are kept all the same until they are written back, which happens early, in
 * the middle of a commit interval, once more than {@code maxObjects} keys have changed: memory
 * stays bounded with long commit intervals (at-least-once commits every 30 s by default), and the
 * early writes are part of the same transaction. With {@code maxObjects} 0 every change is written
 * at once.
 *
 * <p>An object handed out may be changed by its caller and is {@linkplain #put put} back; what is
 * written back is the object as it is then. So a caller that fails half-way must not leave an
 * object changed without putting it: refuse bad input before changing anything.
 */
public final class CachedStore<V> {
  private final KeyValueStore<String, V> store;
  private final int maxObjects;
  private final Map<String, V> objects;
  private final Map<String, V> changed = new HashMap<>();
  private final Set<String> deleted = new HashSet<>();

  public CachedStore(KeyValueStore<String, V> store, int maxObjects) {
    this.store = store;
    this.maxObjects = maxObjects;
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
    if (value != null) {
      return value;
    }
    value = changed.get(key);
    if (value == null) {
      if (!deleted.isEmpty() && deleted.contains(key)) {
        return null;
      }
      value = store.get(key);
    }
    if (value != null) {
      objects.put(key, value);
    }
    return value;
  }

  public void put(String key, V value) {
    objects.put(key, value);
    changed.put(key, value);
    if (!deleted.isEmpty()) {
      deleted.remove(key);
    }
    if (changed.size() > maxObjects) {
      writeBack();
    }
  }

  public void delete(String key) {
    objects.remove(key);
    changed.remove(key);
    deleted.add(key);
  }

  /**
   * Every entry of the store, after writing back what changed (fresh objects, not the kept ones).
   */
  public KeyValueIterator<String, V> all() {
    writeBack();
    return store.all();
  }

  /** Writes every changed object and every deletion to the store, once per key. */
  public void writeBack() {
    for (String key : deleted) {
      store.delete(key);
    }
    deleted.clear();
    for (Map.Entry<String, V> entry : changed.entrySet()) {
      store.put(entry.getKey(), entry.getValue());
    }
    changed.clear();
  }

  /**
   * Forgets the unchanged objects; the next read of each comes from the store. Changed ones stay:
   * they were put, and are written back.
   */
  public void clear() {
    objects.clear();
  }

  /**
   * Forgets everything, changes included: for a store that closes, or that Kafka Streams rewrote
   * behind the objects' back (a recycled task's, after it was flushed).
   */
  public void discard() {
    objects.clear();
    changed.clear();
    deleted.clear();
  }

  /** How many unchanged or changed objects are kept in memory. */
  public int size() {
    int size = objects.size();
    for (String key : changed.keySet()) {
      size += objects.containsKey(key) ? 0 : 1;
    }
    return size;
  }

  /** How many keys are changed or deleted and not yet written back. */
  public int pending() {
    return changed.size() + deleted.size();
  }
}

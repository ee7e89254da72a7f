package io.rewardstream.topology;

import io.rewardstream.topology.state.CachedStore;
import io.rewardstream.topology.state.GroupState;
import io.rewardstream.topology.state.SequenceState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * A task's store with an in-memory index of when each entry next needs the timer (a TTL running
 * out, an overdue confirmation, a marker that may be forgotten). The timer then reads only the
 * entries that are due, instead of deserialising the whole store every second (ended markers make
 * up most of a store: a group lives seconds, its marker minutes); the index is built from one scan
 * of the store when the task first needs it, which also covers state restored after a restart.
 */
final class TimedStore<V> {
  private final CachedStore<V> store;
  private final Function<V, String> keyOf;
  private final ToLongFunction<V> deadline;
  private final Map<String, Long> deadlines = new HashMap<>();
  private boolean indexed;

  /**
   * {@code keyOf} gives an entry's key, {@code deadline} the wall-clock time at which it is next
   * due.
   */
  TimedStore(CachedStore<V> store, Function<V, String> keyOf, ToLongFunction<V> deadline) {
    this.store = store;
    this.keyOf = keyOf;
    this.deadline = deadline;
  }

  /**
   * Sequences: an active one is due when its TTL runs out, a rejected one when its generator's
   * confirmation is overdue, an ended marker when it may be forgotten.
   */
  static TimedStore<SequenceState> sequences(
      CachedStore<SequenceState> store, long ttlMs, long ackTimeoutMs) {
    return new TimedStore<>(
        store,
        SequenceState::key,
        s ->
            switch (s.phase()) {
              case ACTIVE -> s.lastSeenWallMs() + ttlMs;
              case REJECTED -> s.phaseSinceWallMs() + ackTimeoutMs;
              case ENDED -> s.phaseSinceWallMs() + ttlMs;
            });
  }

  /**
   * Groups: a live one is due when its TTL runs out, the marker of an ended one a TTL after its
   * GroupReward, when it may be forgotten.
   */
  static TimedStore<GroupState> groups(CachedStore<GroupState> store, long ttlMs) {
    return new TimedStore<>(
        store, GroupState::groupId, g -> (g.ended() ? g.endedWallMs() : g.createdWallMs()) + ttlMs);
  }

  V get(String key) {
    return store.get(key);
  }

  void put(V value) {
    String key = keyOf.apply(value);
    store.put(key, value);
    if (indexed) {
      deadlines.put(key, deadline.applyAsLong(value));
    }
  }

  void delete(String key) {
    store.delete(key);
    deadlines.remove(key);
  }

  /** Every entry in the store, in key order. */
  KeyValueIterator<String, V> all() {
    return store.all();
  }

  /** Whether {@code value}'s deadline is at or before {@code nowMs}. */
  boolean isDue(V value, long nowMs) {
    return deadline.applyAsLong(value) <= nowMs;
  }

  /** The entries whose deadline is at or before {@code nowMs}. */
  List<V> due(long nowMs) {
    if (!indexed) {
      try (KeyValueIterator<String, V> all = store.all()) {
        while (all.hasNext()) {
          KeyValue<String, V> entry = all.next();
          deadlines.put(entry.key, deadline.applyAsLong(entry.value));
        }
      }
      indexed = true;
    }
    List<String> keys = new ArrayList<>();
    for (Map.Entry<String, Long> entry : deadlines.entrySet()) {
      if (entry.getValue() <= nowMs) {
        keys.add(entry.getKey());
      }
    }
    List<V> due = new ArrayList<>();
    for (String key : keys) {
      V value = store.get(key);
      if (value == null) {
        deadlines.remove(key);
        continue;
      }
      long next = deadline.applyAsLong(value);
      if (next <= nowMs) {
        due.add(value);
      } else {
        deadlines.put(key, next);
      }
    }
    return due;
  }
}

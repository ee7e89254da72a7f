package io.rewardstream.topology;

import io.rewardstream.topology.state.CachedStore;
import io.rewardstream.topology.state.SequenceState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * A task's sequence store with an in-memory index of when each sequence next needs the timer: an
 * active one when its TTL runs out, a rejected one when its generator's confirmation is overdue, an
 * ended marker when it may be forgotten. The timer then reads only the sequences that are due,
 * instead of deserialising the whole store every second; the index is built from one scan of the
 * store when the task first needs it, which also covers state restored after a restart.
 */
final class SequenceStore {
  private final CachedStore<SequenceState> store;
  private final long ttlMs;
  private final long ackTimeoutMs;
  private final Map<String, Long> deadlines = new HashMap<>();
  private boolean indexed;

  SequenceStore(CachedStore<SequenceState> store, long ttlMs, long ackTimeoutMs) {
    this.store = store;
    this.ttlMs = ttlMs;
    this.ackTimeoutMs = ackTimeoutMs;
  }

  SequenceState get(String key) {
    return store.get(key);
  }

  void put(SequenceState state) {
    store.put(state.key(), state);
    if (indexed) {
      deadlines.put(state.key(), deadline(state));
    }
  }

  void delete(String key) {
    store.delete(key);
    deadlines.remove(key);
  }

  /** Every sequence in the store, in key order. */
  KeyValueIterator<String, SequenceState> all() {
    return store.all();
  }

  /** The sequences whose deadline is at or before {@code nowMs}. */
  List<SequenceState> due(long nowMs) {
    if (!indexed) {
      try (KeyValueIterator<String, SequenceState> all = store.all()) {
        while (all.hasNext()) {
          KeyValue<String, SequenceState> entry = all.next();
          deadlines.put(entry.key, deadline(entry.value));
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
    List<SequenceState> due = new ArrayList<>();
    for (String key : keys) {
      SequenceState state = store.get(key);
      if (state == null) {
        deadlines.remove(key);
        continue;
      }
      long deadline = deadline(state);
      if (deadline <= nowMs) {
        due.add(state);
      } else {
        deadlines.put(key, deadline);
      }
    }
    return due;
  }

  private long deadline(SequenceState s) {
    return switch (s.phase()) {
      case ACTIVE -> s.lastSeenWallMs() + ttlMs;
      case REJECTED -> s.phaseSinceWallMs() + ackTimeoutMs;
      case ENDED -> s.phaseSinceWallMs() + ttlMs;
    };
  }
}

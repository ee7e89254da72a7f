package io.rewardstream.topology.stats;

import io.rewardstream.topology.state.CachedStore;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * Adds figures to this task's open tumbling window of their policy version and closes windows whose
 * end has passed. Windows are placed by wall-clock time of processing: they describe what the
 * service did, when it did it.
 */
public final class StatsRecorder {
  private final CachedStore<StatsWindow> store;
  private final long windowMs;

  public StatsRecorder(CachedStore<StatsWindow> store, long windowMs) {
    this.store = store;
    this.windowMs = windowMs;
  }

  /** A change to the open window: which counters to add to. */
  public interface Update {
    void apply(StatsWindow window);
  }

  public void record(String policyVersion, long nowMs, Update update) {
    long start = nowMs - Math.floorMod(nowMs, windowMs);
    String key = StatsWindow.key(policyVersion, start);
    StatsWindow window = store.get(key);
    if (window == null) {
      window = new StatsWindow(policyVersion, start);
    }
    update.apply(window);
    store.put(key, window);
  }

  public void started(String policyVersion, long nowMs) {
    record(policyVersion, nowMs, w -> w.started++);
  }

  public void finished(String policyVersion, long nowMs) {
    record(policyVersion, nowMs, w -> w.finished++);
  }

  public void rejected(String policyVersion, long nowMs, double latencyMs) {
    record(
        policyVersion,
        nowMs,
        w -> {
          w.rejected++;
          w.latency.record(latencyMs);
        });
  }

  public void tokens(String policyVersion, long nowMs, long tokens) {
    record(policyVersion, nowMs, w -> w.tokens += tokens);
  }

  public void saved(String policyVersion, long nowMs, long tokens) {
    record(policyVersion, nowMs, w -> w.saved += tokens);
  }

  /**
   * Removes and returns the windows that ended at or before {@code nowMs}: this task's shares, to
   * be merged with the other tasks' ({@link StatsMerger}).
   */
  public List<StatsWindow> close(long nowMs) {
    List<String> keys = new ArrayList<>();
    List<StatsWindow> closed = new ArrayList<>();
    try (KeyValueIterator<String, StatsWindow> all = store.all()) {
      while (all.hasNext()) {
        KeyValue<String, StatsWindow> entry = all.next();
        if (entry.value.windowStart + windowMs <= nowMs) {
          keys.add(entry.key);
          closed.add(entry.value);
        }
      }
    }
    keys.forEach(store::delete);
    return closed;
  }
}

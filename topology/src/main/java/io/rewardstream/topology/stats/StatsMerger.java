package io.rewardstream.topology.stats;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Merges the tasks' shares of each statistics window into one RejectionStats record per policy
 * version and window.
 *
 * <p>A group's chunks, and so its figures, stay in the task of its partition: each task closes its
 * own share of a window. The shares travel through the partials topic keyed by policy version, so
 * that one task here sees every share of a policy's windows (latency histograms add up, unlike
 * percentiles). The record goes out {@code metrics.grace-ms} after the window's end, when the
 * shares have had time to arrive; a share that comes later (from a task that was moving between
 * instances) is added and the window goes out again, corrected. Consumers keep the latest record
 * per policy version and window. Merged windows are forgotten {@link #RETAINED_WINDOWS} windows
 * after their grace; a share for a window that old is dropped with a warning, as its window's other
 * shares are no longer known and a record of that share alone would replace the complete one.
 */
public final class StatsMerger implements Processor<String, StatsWindow, String, Object> {
  /** How many window lengths a merged window is kept after its end, for late shares. */
  public static final int RETAINED_WINDOWS = 10;

  private static final Logger LOG = LoggerFactory.getLogger(StatsMerger.class);

  private final String storeName;
  private final String sinkName;
  private final long windowMs;
  private final long graceMs;
  private final long intervalMs;
  private ProcessorContext<String, Object> context;
  private KeyValueStore<String, StatsWindow> merged;

  /**
   * Reads and writes store {@code storeName}, forwards to {@code sinkName}, and looks for windows
   * to emit every {@code intervalMs} of wall-clock time.
   */
  public StatsMerger(
      String storeName, String sinkName, long windowMs, long graceMs, long intervalMs) {
    this.storeName = storeName;
    this.sinkName = sinkName;
    this.windowMs = windowMs;
    this.graceMs = graceMs;
    this.intervalMs = intervalMs;
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    this.context = context;
    this.merged = context.getStateStore(storeName);
    context.schedule(Duration.ofMillis(intervalMs), PunctuationType.WALL_CLOCK_TIME, this::emitDue);
  }

  @Override
  public void process(Record<String, StatsWindow> record) {
    StatsWindow share = record.value();
    if (share == null) {
      return;
    }
    String key = StatsWindow.key(share.policyVersion, share.windowStart);
    StatsWindow window = merged.get(key);
    long now = context.currentSystemTimeMs();
    if (window == null) {
      if (forgotten(share, now)) {
        LOG.warn(
            "Dropping a statistics share of policy {} for the window starting {}: it came more than"
                + " {} windows after that window's grace, when the window's merged record is"
                + " forgotten (share: {} started, {} finished, {} rejected)",
            share.policyVersion,
            Instant.ofEpochMilli(share.windowStart),
            RETAINED_WINDOWS,
            share.started,
            share.finished,
            share.rejected);
        return;
      }
      window = new StatsWindow(share.policyVersion, share.windowStart);
    }
    window.merge(share);
    if (window.emittedWallMs >= 0 || now >= end(window) + graceMs) {
      emit(window, now);
    }
    merged.put(key, window);
  }

  private void emitDue(long now) {
    List<KeyValue<String, StatsWindow>> due = new ArrayList<>();
    List<String> forgotten = new ArrayList<>();
    try (KeyValueIterator<String, StatsWindow> all = merged.all()) {
      while (all.hasNext()) {
        KeyValue<String, StatsWindow> entry = all.next();
        StatsWindow window = entry.value;
        if (window.emittedWallMs < 0 && now >= end(window) + graceMs) {
          due.add(entry);
        } else if (forgotten(window, now)) {
          forgotten.add(entry.key);
        }
      }
    }
    for (KeyValue<String, StatsWindow> entry : due) {
      emit(entry.value, now);
      merged.put(entry.key, entry.value);
    }
    forgotten.forEach(merged::delete);
  }

  private void emit(StatsWindow window, long now) {
    window.emittedWallMs = now;
    String key = window.policyVersion == null ? "" : window.policyVersion;
    context.forward(new Record<>(key, window.toEvent(windowMs), now), sinkName);
  }

  /** Whether {@code window}'s merged record is (or would already be) forgotten at {@code now}. */
  private boolean forgotten(StatsWindow window, long now) {
    return now >= end(window) + graceMs + RETAINED_WINDOWS * windowMs;
  }

  private long end(StatsWindow window) {
    return window.windowStart + windowMs;
  }
}

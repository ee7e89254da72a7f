package io.rewardstream.topology.stats;

import io.rewardstream.avro.RejectionStats;
import java.time.Instant;

/**
 * Running figures of one tumbling window for one policy version: one task's share, kept in the
 * {@code stats} store until the window closes and the share goes to the partials topic; or the
 * shares of every task merged ({@link StatsMerger}), kept in the {@code stats-merged} store, from
 * which the window's RejectionStats record is emitted.
 */
public final class StatsWindow {
  final String policyVersion;
  final long windowStart;
  long started;
  long finished;
  long rejected;
  long tokens;
  long saved;
  final LatencyHistogram latency;

  /** Merged windows: how many task shares were added up. */
  int shares;

  /** Merged windows: when the RejectionStats record last went out, or -1. */
  long emittedWallMs = -1;

  public StatsWindow(String policyVersion, long windowStart) {
    this(policyVersion, windowStart, new LatencyHistogram());
  }

  StatsWindow(String policyVersion, long windowStart, LatencyHistogram latency) {
    this.policyVersion = policyVersion;
    this.windowStart = windowStart;
    this.latency = latency;
  }

  /** Adds another share of the same policy version and window. */
  void merge(StatsWindow share) {
    started += share.started;
    finished += share.finished;
    rejected += share.rejected;
    tokens += share.tokens;
    saved += share.saved;
    latency.merge(share.latency);
    shares++;
  }

  /** The window's record, for a window {@code windowMs} long. */
  RejectionStats toEvent(long windowMs) {
    long ended = finished + rejected;
    return RejectionStats.newBuilder()
        .setWindowStart(Instant.ofEpochMilli(windowStart))
        .setWindowEnd(Instant.ofEpochMilli(windowStart + windowMs))
        .setPolicyVersion(policyVersion)
        .setSequencesStarted(started)
        .setSequencesFinished(finished)
        .setSequencesRejected(rejected)
        .setRejectionRate(ended == 0 ? 0.0 : (double) rejected / ended)
        .setTokensGenerated(tokens)
        .setTokensSaved(saved)
        .setDecisions(latency.count())
        .setDecisionLatencyP50Ms(latency.quantile(0.50))
        .setDecisionLatencyP99Ms(latency.quantile(0.99))
        .build();
  }

  /** Store key: policy version and window start, so one scan finds closed windows. */
  public static String key(String policyVersion, long windowStart) {
    return (policyVersion == null ? "" : policyVersion) + '@' + windowStart;
  }

  public String policyVersion() {
    return policyVersion;
  }

  public long windowStart() {
    return windowStart;
  }

  public long started() {
    return started;
  }

  public long finished() {
    return finished;
  }

  public long rejected() {
    return rejected;
  }

  public long tokens() {
    return tokens;
  }

  public long saved() {
    return saved;
  }

  public LatencyHistogram latency() {
    return latency;
  }
}

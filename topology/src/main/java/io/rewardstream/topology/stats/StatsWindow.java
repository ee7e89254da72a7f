package io.rewardstream.topology.stats;

/**
 * Running figures of one tumbling window for one policy version, kept in the {@code stats} store
 * until the window closes and a RejectionStats record is emitted.
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

  public StatsWindow(String policyVersion, long windowStart) {
    this(policyVersion, windowStart, new LatencyHistogram());
  }

  StatsWindow(String policyVersion, long windowStart, LatencyHistogram latency) {
    this.policyVersion = policyVersion;
    this.windowStart = windowStart;
    this.latency = latency;
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

package io.rewardstream.scorer.text;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pins DJL's tokenizer native library to its bundled CPU build and to offline mode before the
 * library loads. Left alone, DJL picks a CUDA flavour on a machine with CUDA and downloads it,
 * which fails (or fetches code at run time) where the network is closed; offline, or with {@code
 * RUST_FLAVOR=cpu}, it copies the CPU build out of the jar. Environment variables win over system
 * properties in DJL, so a conflicting {@code DJL_OFFLINE} or {@code RUST_FLAVOR} is logged.
 */
final class DjlNativeSettings {

  private static final Logger log = LoggerFactory.getLogger(DjlNativeSettings.class);
  private static boolean applied;

  private DjlNativeSettings() {}

  static synchronized void apply() {
    if (applied) {
      return;
    }
    System.setProperty("ai.djl.offline", "true");
    System.setProperty("RUST_FLAVOR", "cpu");
    String offline = System.getenv("DJL_OFFLINE");
    if (offline != null && !Boolean.parseBoolean(offline)) {
      log.warn("DJL_OFFLINE={} in the environment overrides the scorer's offline mode", offline);
    }
    String flavor = System.getenv("RUST_FLAVOR");
    if (flavor != null && !flavor.equals("cpu")) {
      log.warn("RUST_FLAVOR={} in the environment overrides the scorer's CPU tokenizer", flavor);
    }
    applied = true;
  }
}

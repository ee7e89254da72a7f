package io.rewardstream.app.demo;

import io.rewardstream.app.chain.ChainDomain;
import io.rewardstream.avro.GenerationChunk;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two prompts at full group size sent through the whole pipeline before the measured run, so that
 * class loading, JIT compilation and Kafka's first transactions do not land on the first measured
 * decisions. Its group ids start with {@link #PREFIX}; it is not counted.
 */
final class WarmUp implements AutoCloseable {
  static final String PREFIX = "demo-warmup";
  private static final Logger LOG = LoggerFactory.getLogger(WarmUp.class);
  private static final int SECONDS = 30;
  private static final int PROMPTS = 2;

  private final Scoreboard board = new Scoreboard();
  private final SyntheticPolicy policy;

  WarmUp(
      Producer<String, GenerationChunk> producer,
      String topic,
      DemoConfig demo,
      ChainDomain domain) {
    Map<String, Object> values = new HashMap<>(demo.originals());
    values.put(DemoConfig.GROUPS_IN_FLIGHT_CONFIG, PROMPTS);
    values.put(DemoConfig.TOKENS_PER_SECOND_CONFIG, 3 * demo.tokensPerSecond());
    values.put(DemoConfig.SECONDS_CONFIG, SECONDS);
    values.put(DemoConfig.ADMIT_INTERVAL_MS_CONFIG, 0);
    this.policy =
        new SyntheticPolicy(
            DemoPlanner.plan(
                PREFIX, demo.seed() + 1, domain, PROMPTS, demo.candidates(), 0.2, 6, 6),
            producer,
            topic,
            new DemoConfig(values),
            board);
  }

  /** Whether a rejection or a group reward belongs to the warm-up. */
  static boolean owns(String groupId) {
    return groupId.startsWith(PREFIX);
  }

  SyntheticPolicy policy() {
    return policy;
  }

  Scoreboard board() {
    return board;
  }

  /** Streams the warm-up prompts and waits (at most 30 s) for their GroupRewards. */
  void run(PrintStream progress) throws InterruptedException {
    progress.println("Warming up with " + PROMPTS + " prompts (not counted)...");
    policy.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
    while (board.groupsRewarded() < PROMPTS && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    policy.close();
    if (board.groupsRewarded() < PROMPTS) {
      LOG.warn("The warm-up prompts got no GroupReward within {} s", SECONDS);
    }
  }

  @Override
  public void close() {
    policy.close();
  }
}

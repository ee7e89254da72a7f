package io.rewardstream.topology.bench;

import io.rewardstream.scorer.ModelMetadata;
import io.rewardstream.scorer.RewardModel;
import io.rewardstream.scorer.ScoreRequest;
import io.rewardstream.scorer.Scores;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * A stand-in for a model served off this machine's cores (an accelerator, or a model server of its
 * own): it answers each call with cheap deterministic scores and then waits, without using a core,
 * for {@code callMicros} plus {@code tokenNanos} per new token (beyond what the same cache key sent
 * before), the call time such a device would take. With both at zero it is a free model, which
 * leaves what the rest of the path (broker, stream thread, state, the benchmark's own stand-ins)
 * costs the decision latency on two cores.
 *
 * <p>How many candidates group-rank rejects does not depend on the scores' values (the lower half
 * of the siblings at each checkpoint goes), so the topology does as much work as with the real
 * model.
 */
final class OffloadedModel implements RewardModel {
  private final ModelMetadata metadata;
  private final long callNanos;
  private final long tokenNanos;
  private final Map<String, Integer> seen = new ConcurrentHashMap<>();

  OffloadedModel(ModelMetadata metadata, long callMicros, long tokenNanos) {
    this.metadata = metadata;
    this.callNanos = callMicros * 1_000;
    this.tokenNanos = tokenNanos;
  }

  @Override
  public ModelMetadata metadata() {
    return metadata;
  }

  @Override
  public List<Scores> score(List<ScoreRequest> requests) {
    long start = System.nanoTime();
    long newTokens = 0;
    List<Scores> out = new ArrayList<>(requests.size());
    for (ScoreRequest request : requests) {
      int[] tokens = request.tokenIds();
      int[] positions = request.positions();
      double[] rewards = new double[positions.length];
      for (int i = 0; i < positions.length; i++) {
        rewards[i] = scoreAt(tokens, positions[i]);
      }
      Integer before =
          request.cacheKey() == null ? null : seen.put(request.cacheKey(), tokens.length);
      newTokens += tokens.length - (before == null || before > tokens.length ? 0 : before);
      out.add(Scores.of(rewards));
    }
    long due = start + callNanos + tokenNanos * newTokens;
    for (long left = due - System.nanoTime(); left > 0; left = due - System.nanoTime()) {
      LockSupport.parkNanos(left);
    }
    return out;
  }

  /** A score in [0, 1) from the last tokens of the prefix of length {@code position}. */
  private static double scoreAt(int[] tokens, int position) {
    int hash = position * 0x9E3779B9;
    for (int i = Math.max(0, position - 8); i < position && i < tokens.length; i++) {
      hash = (hash ^ tokens[i]) * 0x85EBCA6B;
    }
    return ((hash >>> 8) & 0xFFFF) / 65536.0;
  }

  @Override
  public void forget(String cacheKey) {
    seen.remove(cacheKey);
  }

  @Override
  public void close() {}
}

package io.rewardstream.topology.bench;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The groups of a continuous latency run, round after round, for a {@link PacedGenerator}: round
 * n's groups carry ids starting with {@link #label(int) label(n)}, and the next round follows the
 * last group of the previous one without a gap, so the load stays steady across round boundaries
 * (no round starts from an empty system with every slot filled at once). The next round's
 * candidates are built ahead, off the generator's thread (their chunks only when sent, see {@link
 * Candidate}). It ends once {@link #stop() stopped}.
 */
final class RoundFeed implements Iterator<List<Candidate>> {
  private final TopologyBenchmark.Workload workload;
  private final Deque<List<Candidate>> current = new ArrayDeque<>();
  private CompletableFuture<List<List<Candidate>>> next;
  private int rounds;
  private volatile boolean stopped;

  RoundFeed(TopologyBenchmark.Workload workload) {
    this.workload = workload;
    this.next = build(1);
  }

  /** The prefix of the group ids of round {@code round} (1-based). */
  static String label(int round) {
    return "round-" + round;
  }

  /** The round whose groups carry {@code groupId}. */
  static String labelOf(String groupId) {
    return groupId.substring(0, groupId.lastIndexOf('-'));
  }

  /** No group is handed out after this; the generator finishes the ones it has. */
  void stop() {
    stopped = true;
  }

  @Override
  public boolean hasNext() {
    return !stopped;
  }

  @Override
  public List<Candidate> next() {
    if (current.isEmpty()) {
      rounds++;
      current.addAll(next.join());
      next = build(rounds + 1);
    }
    return current.poll();
  }

  private CompletableFuture<List<List<Candidate>>> build(int round) {
    return CompletableFuture.supplyAsync(() -> groups(workload.candidates(label(round))));
  }

  /** {@code candidates} (group-major, TopologyBenchmark.CANDIDATES each) as groups. */
  private static List<List<Candidate>> groups(List<Candidate> candidates) {
    List<List<Candidate>> groups = new ArrayList<>();
    for (int i = 0; i < candidates.size(); i += TopologyBenchmark.CANDIDATES) {
      groups.add(candidates.subList(i, i + TopologyBenchmark.CANDIDATES));
    }
    return groups;
  }
}

package io.rewardstream.topology.bench;

import io.rewardstream.avro.GenerationChunk;
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
 * (no round starts from an empty system with every slot filled at once). The next round's chunks
 * are built ahead, off the generator's thread. It ends once {@link #stop() stopped}.
 */
final class RoundFeed implements Iterator<List<List<GenerationChunk>>> {
  private final TopologyBenchmark.Workload workload;
  private final Deque<List<List<GenerationChunk>>> current = new ArrayDeque<>();
  private CompletableFuture<List<List<List<GenerationChunk>>>> next;
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
  public List<List<GenerationChunk>> next() {
    if (current.isEmpty()) {
      rounds++;
      current.addAll(next.join());
      next = build(rounds + 1);
    }
    return current.poll();
  }

  private CompletableFuture<List<List<List<GenerationChunk>>>> build(int round) {
    return CompletableFuture.supplyAsync(() -> groups(workload.sequences(label(round))));
  }

  /** {@code sequences} (group-major, TopologyBenchmark.CANDIDATES each) as groups. */
  private static List<List<List<GenerationChunk>>> groups(List<List<GenerationChunk>> sequences) {
    List<List<List<GenerationChunk>>> groups = new ArrayList<>();
    for (int i = 0; i < sequences.size(); i += TopologyBenchmark.CANDIDATES) {
      groups.add(sequences.subList(i, i + TopologyBenchmark.CANDIDATES));
    }
    return groups;
  }
}

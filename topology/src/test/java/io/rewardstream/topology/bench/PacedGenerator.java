package io.rewardstream.topology.bench;

import io.rewardstream.avro.GenerationChunk;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * A generation server as the latency benchmark sees it: a fixed number of decoding slots, each
 * sequence emitting one chunk every {@code 1 / sequenceRate} seconds (with 10% jitter), a new group
 * of candidates admitted as soon as enough slots are free. The offered load is therefore steady at
 * {@code slots x sequenceRate} chunks/s, and step ends are spread over time as they are when many
 * prompts are in flight, instead of arriving for every sequence in the same instant.
 *
 * <p>A sequence whose rejection has been seen (its key is in {@code rejected}) gets one empty
 * ABORTED chunk and frees its slot, as a generator that honours rejections would do.
 */
final class PacedGenerator {
  private final int slots;
  private final double chunkIntervalNanos;
  private final Random random = new Random(11);

  /** Offers {@code chunksPerSecond} in total, each sequence at {@code sequenceRate} chunks/s. */
  PacedGenerator(double chunksPerSecond, double sequenceRate, int groupSize) {
    this.slots = Math.max(groupSize, (int) Math.round(chunksPerSecond / sequenceRate));
    this.chunkIntervalNanos = 1e9 / sequenceRate;
  }

  int slots() {
    return slots;
  }

  /**
   * Sends every chunk of the groups {@code groups} hands out (each a list of its candidates), built
   * as it is sent, through {@code send}, stopping rejected candidates, and returns once {@code
   * groups} has no more and every candidate has ended.
   */
  void run(Iterator<List<Candidate>> groups, Set<String> rejected, Consumer<GenerationChunk> send) {
    List<Candidate> waiting = groups.hasNext() ? groups.next() : null;
    PriorityQueue<Live> due = new PriorityQueue<>();
    int free = slots;
    while (waiting != null || !due.isEmpty()) {
      while (waiting != null && waiting.size() <= free) {
        long now = System.nanoTime();
        for (Candidate candidate : waiting) {
          due.add(new Live(candidate, now + (long) (random.nextDouble() * chunkIntervalNanos)));
          free--;
        }
        waiting = groups.hasNext() ? groups.next() : null;
      }
      Live next = due.poll();
      long wait = next.dueNanos - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      int index = next.index++;
      boolean ends = next.index == next.candidate.chunks();
      GenerationChunk chunk;
      if (rejected.contains(next.key)) {
        chunk = next.candidate.aborted(index);
        ends = true;
      } else {
        chunk = next.candidate.chunk(index);
      }
      send.accept(chunk);
      if (ends) {
        free++;
      } else {
        next.dueNanos += (long) (chunkIntervalNanos * (0.9 + 0.2 * random.nextDouble()));
        due.add(next);
      }
    }
  }

  /** A candidate being decoded: the next chunk to send and when. */
  private static final class Live implements Comparable<Live> {
    final Candidate candidate;
    final String key;
    long dueNanos;
    int index;

    Live(Candidate candidate, long dueNanos) {
      this.candidate = candidate;
      this.key = candidate.key();
      this.dueNanos = dueNanos;
    }

    @Override
    public int compareTo(Live other) {
      return Long.compare(dueNanos, other.dueNanos);
    }
  }
}

package io.rewardstream.scorer.onnx;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Spare blocks of keys and values for the {@link PastCache}: the blocks of a sequence that ended
 * are handed to the next sequence instead of being left to the garbage collector.
 *
 * <p>Why: a sequence's blocks live for the seconds it is generated, long enough to survive a young
 * collection or two, so without a pool every young pause copied every live sequence's keys and
 * values (tens to hundreds of megabytes, 30-100 ms pauses on two cores). Pooled blocks are promoted
 * once and then stay put.
 *
 * <p>A block given back may still be read by a batch that looked its entry up before it was
 * removed, so it becomes spare only once every batch that was running when it came back has ended
 * (epochs: each batch notes the epoch it began in; a block retired in epoch e is reused once no
 * batch that began at or before e is still running). Thread-safe.
 */
final class BlockPool {
  private final ArrayDeque<float[]> spare = new ArrayDeque<>();
  private final ArrayDeque<Retired> retired = new ArrayDeque<>();
  private final List<Long> running = new ArrayList<>();
  private int blockFloats = -1;
  private int retiredBlocks;
  private long epoch;

  private record Retired(long epoch, float[][] blocks) {}

  /** Notes a batch that may read blocks from now on; returns the ticket for {@link #end}. */
  synchronized long begin() {
    epoch++;
    running.add(epoch);
    return epoch;
  }

  /** The batch of {@code ticket} reads no block any more. */
  synchronized void end(long ticket) {
    running.remove(Long.valueOf(ticket));
  }

  /** A block of {@code floats} floats: a spare one when there is one, else a new one. */
  float[] take(int floats) {
    synchronized (this) {
      if (floats == blockFloats) {
        reclaim();
        float[] block = spare.poll();
        if (block != null) {
          return block;
        }
      }
    }
    return new float[floats];
  }

  /**
   * Gives back blocks no cache entry holds any more, keeping at most {@code maxSpareBytes} of spare
   * and retired blocks in all (the rest are left to the garbage collector).
   */
  synchronized void retire(float[][] blocks, long maxSpareBytes) {
    if (blocks.length == 0) {
      return;
    }
    if (blockFloats < 0) {
      blockFloats = blocks[0].length;
    }
    if (blocks[0].length != blockFloats) {
      return;
    }
    long blockBytes = (long) blockFloats * Float.BYTES;
    long room = maxSpareBytes / blockBytes - spare.size() - retiredBlocks;
    int kept = (int) Math.max(0, Math.min(blocks.length, room));
    if (kept == 0) {
      return;
    }
    float[][] held = kept == blocks.length ? blocks : Arrays.copyOf(blocks, kept);
    retired.add(new Retired(epoch, held));
    retiredBlocks += kept;
  }

  /** How many blocks are spare or waiting for running batches to end. */
  synchronized int size() {
    return spare.size() + retiredBlocks;
  }

  /** The heap those blocks take. */
  synchronized long bytes() {
    return blockFloats < 0 ? 0 : (long) size() * blockFloats * Float.BYTES;
  }

  /** Moves the retired blocks no running batch can read into the spares. */
  private void reclaim() {
    long oldestRunning = Long.MAX_VALUE;
    for (long started : running) {
      oldestRunning = Math.min(oldestRunning, started);
    }
    while (!retired.isEmpty() && retired.peek().epoch() < oldestRunning) {
      float[][] blocks = retired.poll().blocks();
      retiredBlocks -= blocks.length;
      for (float[] block : blocks) {
        spare.push(block);
      }
    }
  }
}

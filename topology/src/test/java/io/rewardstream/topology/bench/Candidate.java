package io.rewardstream.topology.bench;

import io.rewardstream.avro.FinishReason;
import io.rewardstream.avro.GenerationChunk;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One candidate of the benchmark workload, kept as its token ids only: its chunks are built when
 * they are sent. Why: the latency run's generator shares the JVM with the topology, and a round
 * built ahead as {@code GenerationChunk}s (55,296 objects with their lists, strings and instants)
 * lived for seconds, so every young collection copied it; the benchmark then charged its own
 * garbage to the topology's pauses. A generation worker runs in a process of its own.
 *
 * @param groupId the group the candidate belongs to
 * @param sequenceId the candidate within its group
 * @param tokens every token the candidate will generate
 * @param groupSize candidates in the group (declared on the first chunk)
 * @param chunkTokens tokens per chunk
 */
record Candidate(String groupId, String sequenceId, int[] tokens, int groupSize, int chunkTokens) {

  /** The key a rejection is looked up by: {@code groupId/sequenceId}. */
  String key() {
    return key(groupId, sequenceId);
  }

  /** The key of candidate {@code sequenceId} of group {@code groupId}. */
  static String key(String groupId, String sequenceId) {
    return groupId + "/" + sequenceId;
  }

  int chunks() {
    return (tokens.length + chunkTokens - 1) / chunkTokens;
  }

  /** Chunk {@code index}, produced now: the group size on the first, STOP on the last. */
  GenerationChunk chunk(int index) {
    int start = index * chunkTokens;
    int end = Math.min(tokens.length, start + chunkTokens);
    List<Integer> ids = new ArrayList<>(end - start);
    for (int i = start; i < end; i++) {
      ids.add(tokens[i]);
    }
    return GenerationChunk.newBuilder()
        .setGroupId(groupId)
        .setSequenceId(sequenceId)
        .setChunkIndex(index)
        .setGroupSize(index == 0 ? groupSize : null)
        .setTokenIds(ids)
        .setFinishReason(end == tokens.length ? FinishReason.STOP : null)
        .setProducedAt(Instant.now())
        .build();
  }

  /** Chunk {@code index} as the empty ABORTED chunk a generator sends for a rejected candidate. */
  GenerationChunk aborted(int index) {
    return GenerationChunk.newBuilder()
        .setGroupId(groupId)
        .setSequenceId(sequenceId)
        .setChunkIndex(index)
        .setGroupSize(null)
        .setTokenIds(List.of())
        .setFinishReason(FinishReason.ABORTED)
        .setProducedAt(Instant.now())
        .build();
  }
}

package io.rewardstream.topology;

import io.rewardstream.avro.FinishReason;
import io.rewardstream.avro.GenerationChunk;
import io.rewardstream.topology.state.PendingChunk;

/** Conversions from the wire record to the compact form the state keeps. */
final class Chunks {
  private Chunks() {}

  static PendingChunk pending(GenerationChunk chunk) {
    int[] tokens = new int[chunk.getTokenIds().size()];
    for (int i = 0; i < tokens.length; i++) {
      tokens[i] = chunk.getTokenIds().get(i);
    }
    FinishReason finish = chunk.getFinishReason();
    return new PendingChunk(
        chunk.getChunkIndex(),
        tokens,
        chunk.getText(),
        finish == null ? -1 : finish.ordinal(),
        chunk.getProducedAt().toEpochMilli());
  }
}

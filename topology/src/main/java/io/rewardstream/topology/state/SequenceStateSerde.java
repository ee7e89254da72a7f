package io.rewardstream.topology.state;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Binary serde of {@link SequenceState} for the {@code sequences} store and its changelog. Layout 2
 * added the range of response tokens dropped past the model's context, layout 3 the text tail a
 * text step separator may continue from, layout 4 writes every int and long as a varint (token ids,
 * positions, counts and timestamps take 1-6 bytes instead of 4-8: the state is written to the
 * changelog at every commit of every live sequence, several times the bytes of the chunks
 * themselves), layout 5 writes strings as UTF-8 after their length (the modified UTF-8 of the
 * earlier layouts stops at 65,535 bytes, less than a long chunk's text held behind a gap); layouts
 * 1 to 4 still read.
 */
public final class SequenceStateSerde implements Serde<SequenceState> {
  private static final int VERSION = 5;

  @Override
  public Serializer<SequenceState> serializer() {
    return (topic, state) ->
        state == null ? null : StateCodec.encode(VERSION, out -> write(out, state));
  }

  @Override
  public Deserializer<SequenceState> deserializer() {
    return (topic, data) ->
        StateCodec.decode(data, 1, VERSION, "sequence", SequenceStateSerde::read);
  }

  private static void write(DataOutputStream out, SequenceState s) throws IOException {
    StateCodec.writeText(out, s.groupId);
    StateCodec.writeText(out, s.sequenceId);
    out.writeByte(s.phase.ordinal());
    StateCodec.writeText(out, s.policyVersion);
    StateCodec.writeVarInts(out, s.promptTokens, s.promptTokens.length);
    StateCodec.writeVarInt(out, s.tokens.gapStart());
    StateCodec.writeVarInt(out, s.tokens.gapLength());
    int[] tokens = s.tokens.toArray();
    StateCodec.writeVarInts(out, tokens, tokens.length);
    StateCodec.writeVarInt(out, s.steps.size());
    for (Step step : s.steps) {
      StateCodec.writeVarInt(out, step.start);
      StateCodec.writeVarInt(out, step.end);
      out.writeBoolean(step.complete);
      out.writeDouble(step.reward);
      StateCodec.writeVarInt(out, step.scoredEnd);
      StateCodec.writeVarInt(out, step.partialCheckpoints);
      StateCodec.writeVarLong(out, step.reachedAt);
      StateCodec.writeVarLong(out, step.scoredReachedAt);
    }
    StateCodec.writeVarInt(out, s.pending.size());
    for (PendingChunk chunk : s.pending) {
      StateCodec.writeVarLong(out, chunk.chunkIndex());
      StateCodec.writeVarInts(out, chunk.tokenIds(), chunk.tokenIds().length);
      StateCodec.writeText(out, chunk.text());
      StateCodec.writeVarInt(out, chunk.finishReason());
      StateCodec.writeVarLong(out, chunk.producedAt());
    }
    StateCodec.writeVarLong(out, s.nextChunkIndex);
    StateCodec.writeVarLong(out, s.startedAt);
    StateCodec.writeVarLong(out, s.lastProducedAt);
    StateCodec.writeVarLong(out, s.lastSeenWallMs);
    StateCodec.writeVarInt(out, s.finishReason);
    StateCodec.writeVarInt(out, s.endStatus);
    StateCodec.writeVarLong(out, s.phaseSinceWallMs);
    StateCodec.writeVarLong(out, s.ignoredTokens);
    StateCodec.writeVarLong(out, s.rejectedProducedAt);
    StateCodec.writeText(out, s.textTail);
  }

  private static SequenceState read(int version, DataInputStream in) throws IOException {
    StateCodec.Fields f = new StateCodec.Fields(in, version >= 4, version >= 5);
    SequenceState s = new SequenceState(f.text(), f.text());
    s.phase = SequenceState.Phase.values()[in.readUnsignedByte()];
    s.policyVersion = f.optionalText();
    s.promptTokens = f.ints();
    int gapStart = version >= 2 ? f.integer() : 0;
    int gapLength = version >= 2 ? f.integer() : 0;
    s.tokens = IntBuffer.of(f.ints(), gapStart, gapLength);
    int steps = f.integer();
    for (int i = 0; i < steps; i++) {
      Step step = new Step(f.integer());
      step.end = f.integer();
      step.complete = in.readBoolean();
      step.reward = in.readDouble();
      step.scoredEnd = f.integer();
      step.partialCheckpoints = f.integer();
      step.reachedAt = version >= 5 ? f.longInteger() : -1;
      step.scoredReachedAt = version >= 5 ? f.longInteger() : -1;
      s.steps.add(step);
    }
    int pending = f.integer();
    for (int i = 0; i < pending; i++) {
      s.pending.add(
          new PendingChunk(
              f.longInteger(), f.ints(), f.optionalText(), f.integer(), f.longInteger()));
    }
    s.nextChunkIndex = f.longInteger();
    s.startedAt = f.longInteger();
    s.lastProducedAt = f.longInteger();
    s.lastSeenWallMs = f.longInteger();
    s.finishReason = f.integer();
    s.endStatus = f.integer();
    s.phaseSinceWallMs = f.longInteger();
    s.ignoredTokens = f.longInteger();
    s.rejectedProducedAt = f.longInteger();
    s.textTail = version >= 3 ? f.text() : "";
    return s;
  }
}

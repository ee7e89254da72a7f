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
 * text step separator may continue from; layouts 1 and 2 still read.
 */
public final class SequenceStateSerde implements Serde<SequenceState> {
  private static final int VERSION = 3;

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
    out.writeUTF(s.groupId);
    out.writeUTF(s.sequenceId);
    out.writeByte(s.phase.ordinal());
    StateCodec.writeString(out, s.policyVersion);
    StateCodec.writeInts(out, s.promptTokens, s.promptTokens.length);
    out.writeInt(s.tokens.gapStart());
    out.writeInt(s.tokens.gapLength());
    int[] tokens = s.tokens.toArray();
    StateCodec.writeInts(out, tokens, tokens.length);
    out.writeInt(s.steps.size());
    for (Step step : s.steps) {
      out.writeInt(step.start);
      out.writeInt(step.end);
      out.writeBoolean(step.complete);
      out.writeDouble(step.reward);
      out.writeInt(step.scoredEnd);
      out.writeInt(step.partialCheckpoints);
    }
    out.writeInt(s.pending.size());
    for (PendingChunk chunk : s.pending) {
      out.writeLong(chunk.chunkIndex());
      StateCodec.writeInts(out, chunk.tokenIds(), chunk.tokenIds().length);
      StateCodec.writeString(out, chunk.text());
      out.writeInt(chunk.finishReason());
      out.writeLong(chunk.producedAt());
    }
    out.writeLong(s.nextChunkIndex);
    out.writeLong(s.startedAt);
    out.writeLong(s.lastProducedAt);
    out.writeLong(s.lastSeenWallMs);
    out.writeInt(s.finishReason);
    out.writeInt(s.endStatus);
    out.writeLong(s.phaseSinceWallMs);
    out.writeLong(s.ignoredTokens);
    out.writeLong(s.rejectedProducedAt);
    out.writeUTF(s.textTail);
  }

  private static SequenceState read(int version, DataInputStream in) throws IOException {
    SequenceState s = new SequenceState(in.readUTF(), in.readUTF());
    s.phase = SequenceState.Phase.values()[in.readUnsignedByte()];
    s.policyVersion = StateCodec.readString(in);
    s.promptTokens = StateCodec.readInts(in);
    int gapStart = version >= 2 ? in.readInt() : 0;
    int gapLength = version >= 2 ? in.readInt() : 0;
    s.tokens = IntBuffer.of(StateCodec.readInts(in), gapStart, gapLength);
    int steps = in.readInt();
    for (int i = 0; i < steps; i++) {
      Step step = new Step(in.readInt());
      step.end = in.readInt();
      step.complete = in.readBoolean();
      step.reward = in.readDouble();
      step.scoredEnd = in.readInt();
      step.partialCheckpoints = in.readInt();
      s.steps.add(step);
    }
    int pending = in.readInt();
    for (int i = 0; i < pending; i++) {
      s.pending.add(
          new PendingChunk(
              in.readLong(),
              StateCodec.readInts(in),
              StateCodec.readString(in),
              in.readInt(),
              in.readLong()));
    }
    s.nextChunkIndex = in.readLong();
    s.startedAt = in.readLong();
    s.lastProducedAt = in.readLong();
    s.lastSeenWallMs = in.readLong();
    s.finishReason = in.readInt();
    s.endStatus = in.readInt();
    s.phaseSinceWallMs = in.readLong();
    s.ignoredTokens = in.readLong();
    s.rejectedProducedAt = in.readLong();
    s.textTail = version >= 3 ? in.readUTF() : "";
    return s;
  }
}

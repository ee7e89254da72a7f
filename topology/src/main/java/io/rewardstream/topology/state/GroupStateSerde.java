package io.rewardstream.topology.state;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Binary serde of {@link GroupState} for the {@code groups} store and its changelog. Layout 2
 * writes every int and long as a varint, as the sequence state's layout 4 does (a group is written
 * each time one of its members is scored); layout 3 adds when the group ended (the marker kept
 * after its GroupReward); layout 4 writes strings as the sequence state's layout 5 does, without
 * modified UTF-8's limit of 65,535 bytes, and each member's tokens ignored after its rejection.
 * Layouts 1 to 3 still read.
 */
public final class GroupStateSerde implements Serde<GroupState> {
  private static final int VERSION = 4;

  @Override
  public Serializer<GroupState> serializer() {
    return (topic, state) ->
        state == null ? null : StateCodec.encode(VERSION, out -> write(out, state));
  }

  @Override
  public Deserializer<GroupState> deserializer() {
    return (topic, data) -> StateCodec.decode(data, 1, VERSION, "group", GroupStateSerde::read);
  }

  private static void write(DataOutputStream out, GroupState g) throws IOException {
    StateCodec.writeText(out, g.groupId);
    StateCodec.writeVarInt(out, g.groupSize);
    StateCodec.writeText(out, g.policyVersion);
    StateCodec.writeVarLong(out, g.createdWallMs);
    StateCodec.writeVarLong(out, g.lastDecision);
    StateCodec.writeVarLong(out, g.waitingSinceWallMs);
    StateCodec.writeVarInt(out, g.members.size());
    for (Member m : g.members.values()) {
      StateCodec.writeText(out, m.sequenceId);
      out.writeByte(m.status.ordinal());
      StateCodec.writeVarLong(out, m.checkpoint);
      out.writeDouble(m.score);
      StateCodec.writeVarLong(out, m.tokens);
      StateCodec.writeVarInt(out, m.endStatus);
      out.writeDouble(m.finalReward);
      StateCodec.writeVarLong(out, m.reachedWallMs);
      StateCodec.writeVarLong(out, m.ignoredTokens);
    }
    StateCodec.writeVarLong(out, g.endedWallMs);
  }

  private static GroupState read(int version, DataInputStream in) throws IOException {
    StateCodec.Fields f = new StateCodec.Fields(in, version >= 2, version >= 4);
    String groupId = f.text();
    GroupState g = new GroupState(groupId, f.integer(), 0);
    g.policyVersion = f.optionalText();
    g.createdWallMs = f.longInteger();
    g.lastDecision = f.longInteger();
    g.waitingSinceWallMs = f.longInteger();
    int members = f.integer();
    for (int i = 0; i < members; i++) {
      Member m = new Member(f.text());
      m.status = Member.Status.values()[in.readUnsignedByte()];
      m.checkpoint = f.longInteger();
      m.score = in.readDouble();
      m.tokens = f.longInteger();
      m.endStatus = f.integer();
      m.finalReward = in.readDouble();
      m.reachedWallMs = f.longInteger();
      m.ignoredTokens = version >= 4 ? f.longInteger() : 0;
      g.members.put(m.sequenceId, m);
    }
    if (version >= 3) {
      g.endedWallMs = f.longInteger();
    }
    return g;
  }
}

package io.rewardstream.topology.state;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Binary serde of {@link GroupState} for the {@code groups} store and its changelog. */
public final class GroupStateSerde implements Serde<GroupState> {
  private static final int VERSION = 1;

  @Override
  public Serializer<GroupState> serializer() {
    return (topic, state) ->
        state == null ? null : StateCodec.encode(VERSION, out -> write(out, state));
  }

  @Override
  public Deserializer<GroupState> deserializer() {
    return (topic, data) -> StateCodec.decode(data, VERSION, "group", GroupStateSerde::read);
  }

  private static void write(DataOutputStream out, GroupState g) throws IOException {
    out.writeUTF(g.groupId);
    out.writeInt(g.groupSize);
    StateCodec.writeString(out, g.policyVersion);
    out.writeLong(g.createdWallMs);
    out.writeLong(g.lastDecision);
    out.writeLong(g.waitingSinceWallMs);
    out.writeInt(g.members.size());
    for (Member m : g.members.values()) {
      out.writeUTF(m.sequenceId);
      out.writeByte(m.status.ordinal());
      out.writeLong(m.checkpoint);
      out.writeDouble(m.score);
      out.writeLong(m.tokens);
      out.writeInt(m.endStatus);
      out.writeDouble(m.finalReward);
      out.writeLong(m.reachedWallMs);
    }
  }

  private static GroupState read(DataInputStream in) throws IOException {
    GroupState g = new GroupState(in.readUTF(), in.readInt(), 0);
    g.policyVersion = StateCodec.readString(in);
    g.createdWallMs = in.readLong();
    g.lastDecision = in.readLong();
    g.waitingSinceWallMs = in.readLong();
    int members = in.readInt();
    for (int i = 0; i < members; i++) {
      Member m = new Member(in.readUTF());
      m.status = Member.Status.values()[in.readUnsignedByte()];
      m.checkpoint = in.readLong();
      m.score = in.readDouble();
      m.tokens = in.readLong();
      m.endStatus = in.readInt();
      m.finalReward = in.readDouble();
      m.reachedWallMs = in.readLong();
      g.members.put(m.sequenceId, m);
    }
    return g;
  }
}

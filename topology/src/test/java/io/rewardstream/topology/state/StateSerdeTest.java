package io.rewardstream.topology.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class StateSerdeTest {
  private final SequenceStateSerde sequences = new SequenceStateSerde();
  private final GroupStateSerde groups = new GroupStateSerde();

  @Test
  void shouldEncodeTheBytesAPlainDataOutputStreamWrites() throws IOException {
    // State written before the reused encoder must still read, and the other way round.
    StateCodec.Writer writer =
        out -> {
          out.writeByte(1);
          out.writeUTF("grüße \0 \uD83D\uDE00 " + "x".repeat(3000));
          out.writeInt(-7);
          out.writeLong(Long.MIN_VALUE);
          out.writeDouble(0.25);
          out.writeBoolean(true);
          out.writeShort(65535);
        };
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(plain)) {
      writer.write(out);
    }

    assertThat(StateCodec.encode(writer)).isEqualTo(plain.toByteArray());
  }

  @Test
  void shouldRoundTripASequenceWithStepsAndHeldChunks() {
    SequenceState state = sequence("g-1", "s-é", 40);
    state.pending().add(new PendingChunk(9, new int[] {5, 6}, "held", 0, 1234L));
    state.steps().get(0).reward = 0.75;

    byte[] bytes = sequences.serializer().serialize("t", state);
    SequenceState read = sequences.deserializer().deserialize("t", bytes);

    assertThat(read.key()).isEqualTo("g-1/s-é");
    assertThat(read.tokens().toArray()).isEqualTo(state.tokens().toArray());
    assertThat(read.steps()).hasSize(state.steps().size());
    assertThat(read.steps().get(0).reward).isEqualTo(0.75);
    assertThat(read.pending()).hasSize(1);
    assertThat(read.pending().get(0).text()).isEqualTo("held");
    assertThat(sequences.serializer().serialize("t", read)).isEqualTo(bytes);
  }

  @Test
  void shouldRoundTripASequenceWhoseMiddleTokensWereDropped() {
    SequenceState state = sequence("g", "long", 300);
    state.tokens().drop(10, 200);

    SequenceState read =
        sequences.deserializer().deserialize("t", sequences.serializer().serialize("t", state));

    assertThat(read.tokenCount()).isEqualTo(300);
    assertThat(read.tokens().gapStart()).isEqualTo(10);
    assertThat(read.tokens().gapLength()).isEqualTo(190);
    assertThat(read.tokens().get(299)).isEqualTo(state.tokens().get(299));
    assertThat(read.tokens().get(9)).isEqualTo(state.tokens().get(9));
  }

  @Test
  void shouldReadSequenceStateOfTheFixedWidthLayouts() throws IOException {
    SequenceState state = sequence("g", "s", 40);
    state.tokens().drop(5, 20);
    state.pending().add(new PendingChunk(9, new int[] {5, 6}, "held", -1, 1234L));
    byte[] current = sequences.serializer().serialize("t", state);

    for (int layout = 1; layout <= 3; layout++) {
      SequenceState read = sequences.deserializer().deserialize("t", fixedWidth(layout, state));

      assertThat(read.pending()).hasSize(1);
      if (layout >= 2) {
        // Layout 1 had no dropped range: its state reads as if nothing was dropped.
        assertThat(sequences.serializer().serialize("t", read)).isEqualTo(current);
      }
    }
    assertThat(current[0]).isEqualTo((byte) 4);
  }

  @Test
  void shouldWriteVarintsThatRoundTripEveryValueAndTakeLessRoom() throws IOException {
    SequenceState state = sequence("g", "s", 72);
    state.appendToken(151_642, false);
    state.appendToken(Integer.MAX_VALUE, false);
    state.appendToken(-3, false);
    state.startedAt(1_795_000_000_000L);
    state.steps().get(0).reward = -0.125;

    byte[] bytes = sequences.serializer().serialize("t", state);
    SequenceState read = sequences.deserializer().deserialize("t", bytes);

    assertThat(read.tokens().toArray()).isEqualTo(state.tokens().toArray());
    assertThat(read.steps().get(0).reward).isEqualTo(-0.125);
    assertThat(sequences.serializer().serialize("t", read)).isEqualTo(bytes);
    assertThat(bytes.length).isLessThan(fixedWidth(3, state).length / 2);
  }

  @Test
  void shouldKeepTheTextTailASeparatorMayContinueFrom() {
    SequenceState state = sequence("g", "s", 3);
    assertThat(state.endsStepInText("x\n", "\n\n")).isFalse();

    SequenceState read =
        sequences.deserializer().deserialize("t", sequences.serializer().serialize("t", state));

    assertThat(read.endsStepInText("\ny", "\n\n")).isTrue();
  }

  @Test
  void shouldNotCarryALongerEarlierStateIntoAShorterLaterOne() {
    byte[] longer = sequences.serializer().serialize("t", sequence("g", "long", 2000));
    byte[] shorter = sequences.serializer().serialize("t", sequence("g", "short", 3));

    SequenceState read = sequences.deserializer().deserialize("t", shorter);

    assertThat(shorter.length).isLessThan(longer.length);
    assertThat(read.sequenceId()).isEqualTo("short");
    assertThat(read.tokenCount()).isEqualTo(3);
  }

  @Test
  void shouldRoundTripAGroupWithItsMembers() {
    GroupState group = new GroupState("g-2", 3, 100L);
    group.policyVersion("v7");
    group.addMember("a").scored(64, 0.5, 200L);
    group.addMember("b").reject();

    byte[] bytes = groups.serializer().serialize("t", group);
    GroupState read = groups.deserializer().deserialize("t", bytes);

    assertThat(read.groupSize()).isEqualTo(3);
    assertThat(read.policyVersion()).isEqualTo("v7");
    assertThat(read.member("a").score()).isEqualTo(0.5);
    assertThat(read.member("b").live()).isFalse();
    assertThat(groups.serializer().serialize("t", read)).isEqualTo(bytes);
  }

  @Test
  void shouldReadGroupStateOfLayoutOneAndWriteItShorter() throws IOException {
    GroupState group = new GroupState("g-3", 8, 1_795_000_000_000L);
    group.policyVersion("v2");
    for (int i = 0; i < 8; i++) {
      group.addMember("candidate-" + i).scored(64, 0.25 * i, 1_795_000_000_100L + i);
    }
    group.member("candidate-0").reject();
    byte[] current = groups.serializer().serialize("t", group);
    byte[] one = groupLayoutOne(group);

    GroupState read = groups.deserializer().deserialize("t", one);

    assertThat(groups.serializer().serialize("t", read)).isEqualTo(current);
    assertThat(read.member("candidate-7").score()).isEqualTo(1.75);
    assertThat(current[0]).isEqualTo((byte) 3);
    assertThat(current.length).isLessThan(one.length * 3 / 4);
  }

  @Test
  void shouldRoundTripAnEndedGroupAndReadLayoutTwoAsNotEnded() throws IOException {
    GroupState group = new GroupState("g-4", 2, 100L);
    group.addMember("a").scored(64, 0.5, 200L);
    byte[] live = groups.serializer().serialize("t", group);
    // Layout 2 was layout 3 without the end time, which comes last.
    ByteArrayOutputStream notEnded = new ByteArrayOutputStream();
    StateCodec.writeVarLong(new DataOutputStream(notEnded), -1);
    byte[] two = Arrays.copyOf(live, live.length - notEnded.size());
    two[0] = 2;

    assertThat(groups.deserializer().deserialize("t", two).ended()).isFalse();
    assertThat(groups.serializer().serialize("t", groups.deserializer().deserialize("t", two)))
        .isEqualTo(live);

    group.end(300L);
    GroupState marker =
        groups.deserializer().deserialize("t", groups.serializer().serialize("t", group));
    assertThat(marker.ended()).isTrue();
    assertThat(marker.endedWallMs()).isEqualTo(300L);
    assertThat(marker.members()).isEmpty();
    assertThat(marker.groupSize()).isEqualTo(2);
  }

  /** The group as layout 1 wrote it: every int and long at fixed width. */
  private static byte[] groupLayoutOne(GroupState g) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeByte(1);
    out.writeUTF(g.groupId());
    out.writeInt(g.groupSize());
    out.writeBoolean(true);
    out.writeUTF(g.policyVersion());
    out.writeLong(g.createdWallMs);
    out.writeLong(g.lastDecision);
    out.writeLong(g.waitingSinceWallMs);
    out.writeInt(g.members().size());
    for (Member m : g.members()) {
      out.writeUTF(m.sequenceId);
      out.writeByte(m.status.ordinal());
      out.writeLong(m.checkpoint);
      out.writeDouble(m.score);
      out.writeLong(m.tokens);
      out.writeInt(m.endStatus);
      out.writeDouble(m.finalReward);
      out.writeLong(m.reachedWallMs);
    }
    return bytes.toByteArray();
  }

  /** The state as layouts 1 to 3 wrote it: every int and long at fixed width. */
  private static byte[] fixedWidth(int layout, SequenceState s) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeByte(layout);
    out.writeUTF(s.groupId());
    out.writeUTF(s.sequenceId());
    out.writeByte(s.phase().ordinal());
    out.writeBoolean(true);
    out.writeUTF(s.policyVersion());
    StateCodec.writeInts(out, s.promptTokens(), s.promptTokens().length);
    int[] tokens = s.tokens().toArray();
    if (layout >= 2) {
      out.writeInt(s.tokens().gapStart());
      out.writeInt(s.tokens().gapLength());
    } else {
      tokens = new int[s.tokenCount()];
      for (int i = 0; i < tokens.length; i++) {
        boolean dropped =
            i >= s.tokens().gapStart() && i < s.tokens().gapStart() + s.tokens().gapLength();
        tokens[i] = dropped ? 0 : s.tokens().get(i);
      }
    }
    StateCodec.writeInts(out, tokens, tokens.length);
    out.writeInt(s.steps().size());
    for (Step step : s.steps()) {
      out.writeInt(step.start);
      out.writeInt(step.end);
      out.writeBoolean(step.complete);
      out.writeDouble(step.reward);
      out.writeInt(step.scoredEnd);
      out.writeInt(step.partialCheckpoints);
    }
    out.writeInt(s.pending().size());
    for (PendingChunk chunk : s.pending()) {
      out.writeLong(chunk.chunkIndex());
      StateCodec.writeInts(out, chunk.tokenIds(), chunk.tokenIds().length);
      out.writeBoolean(true);
      out.writeUTF(chunk.text());
      out.writeInt(chunk.finishReason());
      out.writeLong(chunk.producedAt());
    }
    out.writeLong(s.nextChunkIndex());
    out.writeLong(s.startedAt());
    out.writeLong(s.lastProducedAt());
    out.writeLong(s.lastSeenWallMs());
    out.writeInt(s.finishReason());
    out.writeInt(s.endStatus());
    out.writeLong(s.phaseSinceWallMs());
    out.writeLong(s.ignoredTokens());
    out.writeLong(s.rejectedProducedAt());
    if (layout >= 3) {
      out.writeUTF(s.textTail);
    }
    return bytes.toByteArray();
  }

  private static SequenceState sequence(String group, String id, int tokens) {
    SequenceState state = new SequenceState(group, id);
    state.policyVersion("v1");
    for (int i = 0; i < tokens; i++) {
      state.appendToken(i % 30, i % 12 == 11);
    }
    return state;
  }
}

package io.rewardstream.topology.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
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
    state.steps().get(1).reachedAt(1_795_000_000_123L);

    byte[] bytes = sequences.serializer().serialize("t", state);
    SequenceState read = sequences.deserializer().deserialize("t", bytes);

    assertThat(read.steps().get(1).reachedAt()).isEqualTo(1_795_000_000_123L);
    assertThat(read.steps().get(0).reachedAt()).isEqualTo(-1);
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
  void shouldReadSequenceStateOfEveryEarlierLayout() throws IOException {
    SequenceState state = sequence("g", "s", 40);
    state.tokens().drop(5, 20);
    state.pending().add(new PendingChunk(9, new int[] {5, 6}, "held", -1, 1234L));
    byte[] current = sequences.serializer().serialize("t", state);

    for (int layout = 1; layout <= 4; layout++) {
      SequenceState read = sequences.deserializer().deserialize("t", sequenceLayout(layout, state));

      assertThat(read.pending()).hasSize(1);
      if (layout >= 2) {
        // Layout 1 had no dropped range: its state reads as if nothing was dropped.
        assertThat(sequences.serializer().serialize("t", read)).isEqualTo(current);
      }
    }
    assertThat(current[0]).isEqualTo((byte) 5);
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
    assertThat(bytes.length).isLessThan(sequenceLayout(3, state).length / 2);
  }

  @Test
  void shouldRoundTripStringsPastModifiedUtf8sLimit() {
    String id = "s-" + "\u00e9".repeat(40_000); // 80,002 bytes of UTF-8
    SequenceState state = sequence("g-" + "\uD83D\uDE00".repeat(20_000), id, 12);
    state.pending().add(new PendingChunk(3, new int[] {5}, "\u4e2d".repeat(30_000), 0, 1L));
    state.pending().add(new PendingChunk(4, new int[] {6}, null, 0, 2L));
    GroupState group = new GroupState(state.groupId(), 2, 100L);
    group.policyVersion(null);
    group.addMember(id).scored(12, 0.5, 200L);

    SequenceState read =
        sequences.deserializer().deserialize("t", sequences.serializer().serialize("t", state));
    GroupState readGroup =
        groups.deserializer().deserialize("t", groups.serializer().serialize("t", group));

    assertThat(read.key()).isEqualTo(state.key());
    assertThat(read.pending().get(0).text()).isEqualTo(state.pending().get(0).text());
    assertThat(read.pending().get(1).text()).isNull();
    assertThat(readGroup.groupId()).isEqualTo(state.groupId());
    assertThat(readGroup.policyVersion()).isNull();
    assertThat(readGroup.member(id).score()).isEqualTo(0.5);
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
    group.member("b").ignoredTokens(17);

    byte[] bytes = groups.serializer().serialize("t", group);
    GroupState read = groups.deserializer().deserialize("t", bytes);

    assertThat(read.member("b").ignoredTokens()).isEqualTo(17);
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
    byte[] one = groupLayout(1, group);

    GroupState read = groups.deserializer().deserialize("t", one);

    assertThat(groups.serializer().serialize("t", read)).isEqualTo(current);
    assertThat(read.member("candidate-7").score()).isEqualTo(1.75);
    assertThat(current[0]).isEqualTo((byte) 4);
    assertThat(current.length).isLessThan(one.length * 3 / 4);
    assertThat(groups.deserializer().deserialize("t", groupLayout(3, group)).member("candidate-7"))
        .isNotNull();
    assertThat(
            groups
                .serializer()
                .serialize("t", groups.deserializer().deserialize("t", groupLayout(3, group))))
        .isEqualTo(current);
  }

  @Test
  void shouldRoundTripAnEndedGroupAndReadLayoutTwoAsNotEnded() throws IOException {
    GroupState group = new GroupState("g-4", 2, 100L);
    group.addMember("a").scored(64, 0.5, 200L);
    byte[] live = groups.serializer().serialize("t", group);
    byte[] two = groupLayout(2, group);

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

  /**
   * The group as layouts 1 to 3 wrote it: strings in modified UTF-8, ints and longs at fixed width
   * (layout 1) or as varints (2 and 3), the end time last (3).
   */
  private static byte[] groupLayout(int layout, GroupState g) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    Numbers n = new Numbers(out, layout >= 2);
    out.writeByte(layout);
    out.writeUTF(g.groupId());
    n.integer(g.groupSize());
    out.writeBoolean(g.policyVersion() != null);
    if (g.policyVersion() != null) {
      out.writeUTF(g.policyVersion());
    }
    n.longInteger(g.createdWallMs);
    n.longInteger(g.lastDecision);
    n.longInteger(g.waitingSinceWallMs);
    n.integer(g.members().size());
    for (Member m : g.members()) {
      out.writeUTF(m.sequenceId);
      out.writeByte(m.status.ordinal());
      n.longInteger(m.checkpoint);
      out.writeDouble(m.score);
      n.longInteger(m.tokens);
      n.integer(m.endStatus);
      out.writeDouble(m.finalReward);
      n.longInteger(m.reachedWallMs);
    }
    if (layout >= 3) {
      n.longInteger(g.endedWallMs());
    }
    return bytes.toByteArray();
  }

  /**
   * The state as layouts 1 to 4 wrote it: strings in modified UTF-8, ints and longs at fixed width
   * (1 to 3) or as varints (4).
   */
  private static byte[] sequenceLayout(int layout, SequenceState s) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    Numbers n = new Numbers(out, layout >= 4);
    out.writeByte(layout);
    out.writeUTF(s.groupId());
    out.writeUTF(s.sequenceId());
    out.writeByte(s.phase().ordinal());
    out.writeBoolean(true);
    out.writeUTF(s.policyVersion());
    n.ints(s.promptTokens());
    int[] tokens = s.tokens().toArray();
    if (layout >= 2) {
      n.integer(s.tokens().gapStart());
      n.integer(s.tokens().gapLength());
    } else {
      tokens = new int[s.tokenCount()];
      for (int i = 0; i < tokens.length; i++) {
        boolean dropped =
            i >= s.tokens().gapStart() && i < s.tokens().gapStart() + s.tokens().gapLength();
        tokens[i] = dropped ? 0 : s.tokens().get(i);
      }
    }
    n.ints(tokens);
    n.integer(s.steps().size());
    for (Step step : s.steps()) {
      n.integer(step.start);
      n.integer(step.end);
      out.writeBoolean(step.complete);
      out.writeDouble(step.reward);
      n.integer(step.scoredEnd);
      n.integer(step.partialCheckpoints);
    }
    n.integer(s.pending().size());
    for (PendingChunk chunk : s.pending()) {
      n.longInteger(chunk.chunkIndex());
      n.ints(chunk.tokenIds());
      out.writeBoolean(true);
      out.writeUTF(chunk.text());
      n.integer(chunk.finishReason());
      n.longInteger(chunk.producedAt());
    }
    n.longInteger(s.nextChunkIndex());
    n.longInteger(s.startedAt());
    n.longInteger(s.lastProducedAt());
    n.longInteger(s.lastSeenWallMs());
    n.integer(s.finishReason());
    n.integer(s.endStatus());
    n.longInteger(s.phaseSinceWallMs());
    n.longInteger(s.ignoredTokens());
    n.longInteger(s.rejectedProducedAt());
    if (layout >= 3) {
      out.writeUTF(s.textTail);
    }
    return bytes.toByteArray();
  }

  /** Ints and longs at fixed width or as varints, as an old layout wrote them. */
  private record Numbers(DataOutputStream out, boolean varints) {
    void integer(int value) throws IOException {
      if (varints) {
        StateCodec.writeVarInt(out, value);
      } else {
        out.writeInt(value);
      }
    }

    void longInteger(long value) throws IOException {
      if (varints) {
        StateCodec.writeVarLong(out, value);
      } else {
        out.writeLong(value);
      }
    }

    void ints(int[] values) throws IOException {
      if (varints) {
        StateCodec.writeVarInts(out, values, values.length);
      } else {
        StateCodec.writeInts(out, values, values.length);
      }
    }
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

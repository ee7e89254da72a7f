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
  void shouldReadSequenceStateOfLayoutOne() throws IOException {
    // Layout 1, as written before tokens could be dropped: no gap fields before the tokens and no
    // text tail at the end (an empty one takes two bytes in layout 3).
    SequenceState state = sequence("g", "s", 5);
    byte[] three = sequences.serializer().serialize("t", state);
    int gapAt = 1 + (2 + 1) + (2 + 1) + 1 + (1 + 2 + 2) + 4;
    ByteArrayOutputStream one = new ByteArrayOutputStream();
    one.write(1);
    one.write(three, 1, gapAt - 1);
    one.write(three, gapAt + 8, three.length - gapAt - 8 - 2);

    SequenceState read = sequences.deserializer().deserialize("t", one.toByteArray());

    assertThat(three[0]).isEqualTo((byte) 3);
    assertThat(read.tokens().toArray()).isEqualTo(state.tokens().toArray());
    assertThat(sequences.serializer().serialize("t", read)).isEqualTo(three);
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

  private static SequenceState sequence(String group, String id, int tokens) {
    SequenceState state = new SequenceState(group, id);
    state.policyVersion("v1");
    for (int i = 0; i < tokens; i++) {
      state.appendToken(i % 30, i % 12 == 11);
    }
    return state;
  }
}

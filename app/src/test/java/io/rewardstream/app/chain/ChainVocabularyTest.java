package io.rewardstream.app.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChainVocabularyTest {

  /** VOCAB as printed by models/demo-prm/chainarith.py: the ids are the model's contract. */
  private static final List<String> PYTHON_VOCAB =
      List.of(
          "<pad>", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "\n", " ", "+", "-", "=", ".",
          ",", ":", "S", "T", "a", "b", "c", "d", "e", "h", "i", "n", "r", "s", "t", "u", "w",
          "<unk>");

  @Test
  void shouldMatchThePythonVocabularyIdForId() {
    assertThat(ChainVocabulary.tokensById()).containsExactlyElementsOf(PYTHON_VOCAB);
    assertThat(ChainVocabulary.SIZE).isEqualTo(35);
    assertThat(ChainVocabulary.SEPARATOR_ID).isEqualTo(11);
    assertThat(ChainVocabulary.PAD_ID).isZero();
    assertThat(ChainVocabulary.UNK_ID).isEqualTo(34);
  }

  @Test
  void shouldEncodeARenderedChainAsPythonDoes() {
    // chainarith.encode(render(...)) of this chain, printed by Python.
    String text = "Start with 75. Then: subtract 9, add 5.\n75 - 9 = 66\n66 + 5 = 71\n";
    int[] expected = {
      19, 31, 21, 29, 31, 12, 33, 27, 31, 26, 12, 8, 6, 16, 12, 20, 26, 25, 28, 18, 12, 30, 32, 22,
      31, 29, 21, 23, 31, 12, 10, 17, 12, 21, 24, 24, 12, 6, 16, 11, 8, 6, 12, 14, 12, 10, 12, 15,
      12, 7, 7, 11, 7, 7, 12, 13, 12, 6, 12, 15, 12, 8, 2, 11
    };

    assertThat(ChainVocabulary.encode(text)).containsExactly(expected);
  }

  @Test
  void shouldRoundTripTextThroughTokenIds() {
    String text = "Start with 3. Then: add 9, subtract 1.\n3 + 9 = 12\n12 - 1 = 11\n";

    assertThat(ChainVocabulary.decode(ChainVocabulary.encode(text))).isEqualTo(text);
  }

  @Test
  void shouldMapUnknownCharactersToUnkAndDropThemOnDecode() {
    int[] ids = ChainVocabulary.encode("1?2");

    assertThat(ids).containsExactly(2, ChainVocabulary.UNK_ID, 3);
    assertThat(ChainVocabulary.decode(ids)).isEqualTo("12");
  }
}

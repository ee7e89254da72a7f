package io.rewardstream.topology.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IntBufferTest {

  private static IntBuffer counting(int n) {
    IntBuffer buffer = new IntBuffer(2);
    for (int i = 0; i < n; i++) {
      buffer.add(i);
    }
    return buffer;
  }

  @Test
  void shouldKeepPositionsAfterADroppedRangeWhereTheyWere() {
    IntBuffer buffer = counting(100);

    buffer.drop(4, 60);
    buffer.add(100);

    assertThat(buffer.size()).isEqualTo(101);
    assertThat(buffer.kept()).isEqualTo(45);
    assertThat(buffer.get(3)).isEqualTo(3);
    assertThat(buffer.get(60)).isEqualTo(60);
    assertThat(buffer.get(100)).isEqualTo(100);
    int[] window = new int[10];
    buffer.copyTo(0, 4, window, 0);
    buffer.copyTo(95, 101, window, 4);
    assertThat(window).containsExactly(0, 1, 2, 3, 95, 96, 97, 98, 99, 100);
  }

  @Test
  void shouldGrowTheDroppedRangeFromItsEnd() {
    IntBuffer buffer = counting(100);
    buffer.drop(4, 30);

    buffer.drop(4, 80);

    assertThat(buffer.gapStart()).isEqualTo(4);
    assertThat(buffer.gapLength()).isEqualTo(76);
    assertThat(buffer.get(80)).isEqualTo(80);
    assertThat(buffer.toArray()).startsWith(0, 1, 2, 3, 80, 81).hasSize(24);
    assertThat(IntBuffer.of(buffer.toArray(), 4, 76).get(99)).isEqualTo(99);
  }

  @Test
  void shouldRefuseToReadOrDropAcrossTheDroppedRange() {
    IntBuffer buffer = counting(100);
    buffer.drop(4, 60);

    assertThatThrownBy(() -> buffer.get(10)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> buffer.copyTo(2, 62, new int[60], 0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("were dropped");
    assertThatThrownBy(() -> buffer.drop(10, 70)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> buffer.drop(4, 50)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldRefuseARangeOutsideThePositions() {
    IntBuffer buffer = counting(10);

    assertThatThrownBy(() -> buffer.drop(-1, 3)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> buffer.drop(3, 11)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> buffer.drop(5, 4)).isInstanceOf(IllegalArgumentException.class);
    assertThat(buffer.toArray()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
  }
}

package io.rewardstream.topology.state;

import java.util.Arrays;

/** A growable primitive int list, so token ids are never boxed. */
public final class IntBuffer {
  private int[] values;
  private int size;

  public IntBuffer() {
    this(16);
  }

  public IntBuffer(int capacity) {
    values = new int[Math.max(4, capacity)];
  }

  public static IntBuffer of(int[] source) {
    IntBuffer buffer = new IntBuffer(source.length);
    System.arraycopy(source, 0, buffer.values, 0, source.length);
    buffer.size = source.length;
    return buffer;
  }

  public void add(int value) {
    if (size == values.length) {
      values = Arrays.copyOf(values, values.length * 2);
    }
    values[size++] = value;
  }

  public int get(int index) {
    if (index >= size) {
      throw new IndexOutOfBoundsException(index + " >= " + size);
    }
    return values[index];
  }

  public int size() {
    return size;
  }

  /** Copies {@code [from, to)} into {@code target} at {@code offset}. */
  public void copyTo(int from, int to, int[] target, int offset) {
    System.arraycopy(values, from, target, offset, to - from);
  }

  public int[] toArray() {
    return Arrays.copyOf(values, size);
  }
}

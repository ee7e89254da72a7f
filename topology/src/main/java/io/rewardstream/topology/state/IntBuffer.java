package io.rewardstream.topology.state;

import java.util.Arrays;

/**
 * A growable primitive int list, so token ids are never boxed.
 *
 * <p>It can drop a range of positions it no longer needs ({@link #drop}): the positions after it
 * keep their numbers, {@link #size()} still counts the dropped ones, and reading a dropped position
 * is an error. One range at a time, grown from its end: a sequence's token list keeps its head and
 * its recent tokens, and drops the middle that no truncated request reads any more.
 */
public final class IntBuffer {
  private int[] values;
  private int size;
  private int gapStart;
  private int gapLength;

  public IntBuffer() {
    this(16);
  }

  public IntBuffer(int capacity) {
    values = new int[Math.max(4, capacity)];
  }

  public static IntBuffer of(int[] source) {
    return of(source, 0, 0);
  }

  /**
   * The buffer whose kept values are {@code kept}, with {@code [gapStart, gapStart + gapLength)}
   * dropped.
   */
  public static IntBuffer of(int[] kept, int gapStart, int gapLength) {
    IntBuffer buffer = new IntBuffer(kept.length);
    System.arraycopy(kept, 0, buffer.values, 0, kept.length);
    buffer.size = kept.length + gapLength;
    buffer.gapStart = gapLength == 0 ? 0 : gapStart;
    buffer.gapLength = gapLength;
    return buffer;
  }

  public void add(int value) {
    int at = size - gapLength;
    if (at == values.length) {
      values = Arrays.copyOf(values, values.length * 2);
    }
    values[at] = value;
    size++;
  }

  public int get(int index) {
    if (index >= size) {
      throw new IndexOutOfBoundsException(index + " >= " + size);
    }
    return values[physical(index, index + 1)];
  }

  /** Positions so far, dropped ones included. */
  public int size() {
    return size;
  }

  /** Values actually held: {@link #size()} less the dropped ones. */
  public int kept() {
    return size - gapLength;
  }

  /** The first dropped position (0 when none is dropped). */
  public int gapStart() {
    return gapStart;
  }

  /** How many positions are dropped. */
  public int gapLength() {
    return gapLength;
  }

  /** Copies {@code [from, to)} into {@code target} at {@code offset}. */
  public void copyTo(int from, int to, int[] target, int offset) {
    if (to > from) {
      System.arraycopy(values, physical(from, to), target, offset, to - from);
    }
  }

  /**
   * Drops positions {@code [from, to)}. With a range already dropped, {@code from} must be where it
   * starts and {@code to} at or past where it ends: the range grows.
   */
  public void drop(int from, int to) {
    int gapEnd = gapStart + gapLength;
    if (gapLength > 0 && (from != gapStart || to < gapEnd) || from < 0 || from > to || to > size) {
      throw new IllegalArgumentException(
          "cannot drop ["
              + from
              + ", "
              + to
              + ") of "
              + size
              + " positions with ["
              + gapStart
              + ", "
              + gapEnd
              + ") dropped");
    }
    if (to == from) {
      return;
    }
    System.arraycopy(values, to - gapLength, values, from, size - to);
    gapStart = from;
    gapLength = to - from;
  }

  /** The values held, dropped positions left out. */
  public int[] toArray() {
    return Arrays.copyOf(values, size - gapLength);
  }

  /** Where {@code [from, to)} is held; refuses a range that touches the dropped positions. */
  private int physical(int from, int to) {
    if (gapLength == 0 || to <= gapStart) {
      return from;
    }
    if (from >= gapStart + gapLength) {
      return from - gapLength;
    }
    throw new IllegalStateException(
        "positions ["
            + from
            + ", "
            + to
            + ") were dropped (["
            + gapStart
            + ", "
            + (gapStart + gapLength)
            + ") no longer held)");
  }
}

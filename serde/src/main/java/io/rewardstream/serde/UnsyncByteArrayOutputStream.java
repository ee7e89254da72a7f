package io.rewardstream.serde;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * A growable byte buffer like {@link java.io.ByteArrayOutputStream} without its per-call locking;
 * each instance belongs to one thread.
 */
final class UnsyncByteArrayOutputStream extends OutputStream {

  private byte[] buf;
  private int count;

  UnsyncByteArrayOutputStream(int initialCapacity) {
    buf = new byte[initialCapacity];
  }

  @Override
  public void write(int b) {
    ensureCapacity(count + 1);
    buf[count++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    ensureCapacity(count + len);
    System.arraycopy(b, off, buf, count, len);
    count += len;
  }

  void reset() {
    count = 0;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(buf, count);
  }

  private void ensureCapacity(int needed) {
    if (needed > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(needed, buf.length * 2));
    }
  }
}

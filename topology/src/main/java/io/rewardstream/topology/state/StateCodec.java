package io.rewardstream.topology.state;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Small helpers for the compact binary encoding of the topology's private state. State is internal
 * to the application (its changelog is never read by anyone else), so it uses a versioned
 * hand-written layout rather than a registry-backed schema: it is written on every chunk and must
 * stay cheap.
 *
 * <p>Hence each thread encodes into a buffer of its own that it keeps: a fresh {@link
 * ByteArrayOutputStream} grew by copying several times per state and locked on every byte the
 * {@link DataOutputStream} wrote (a third of the stream thread's time went to writing state).
 */
public final class StateCodec {
  private static final ThreadLocal<Encoder> ENCODER = ThreadLocal.withInitial(Encoder::new);

  private StateCodec() {}

  /** Writes one state object. */
  public interface Writer {
    void write(DataOutputStream out) throws IOException;
  }

  interface Reader<T> {
    T read(DataInputStream in) throws IOException;
  }

  static byte[] encode(int version, Writer writer) {
    return encode(
        out -> {
          out.writeByte(version);
          writer.write(out);
        });
  }

  /** The bytes {@code writer} writes, with no version byte in front. */
  public static byte[] encode(Writer writer) {
    Encoder encoder = ENCODER.get();
    encoder.bytes.reset();
    try {
      writer.write(encoder.out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return encoder.bytes.toByteArray();
  }

  /** Reads one state object of a given layout version. */
  interface VersionedReader<T> {
    T read(int version, DataInputStream in) throws IOException;
  }

  static <T> T decode(byte[] data, int version, String what, Reader<T> reader) {
    return decode(data, version, version, what, (found, in) -> reader.read(in));
  }

  /** Decodes state written in any layout version from {@code oldest} to {@code newest}. */
  static <T> T decode(byte[] data, int oldest, int newest, String what, VersionedReader<T> reader) {
    if (data == null) {
      return null;
    }
    try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(data))) {
      int found = in.readUnsignedByte();
      if (found < oldest || found > newest) {
        throw new IllegalStateException(
            what
                + " state has layout version "
                + found
                + ", this build reads "
                + (oldest == newest ? String.valueOf(newest) : oldest + " to " + newest));
      }
      return reader.read(found, in);
    } catch (IOException e) {
      throw new UncheckedIOException("corrupt " + what + " state", e);
    }
  }

  /**
   * Writes {@code value} (null too) as its UTF-8 length, a {@linkplain #writeVarInt varint} (-1 for
   * null), and its bytes. The first layouts used {@link DataOutputStream#writeUTF}, which cannot
   * write more than 65,535 bytes: a chunk text held behind a gap could fail the commit, and with it
   * the stream thread, on every retry.
   */
  static void writeText(DataOutputStream out, String value) throws IOException {
    if (value == null) {
      writeVarInt(out, -1);
      return;
    }
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    writeVarInt(out, bytes.length);
    out.write(bytes);
  }

  static String readText(DataInputStream in) throws IOException {
    int length = readVarInt(in);
    if (length == -1) {
      return null;
    }
    if (length < 0 || length > in.available()) {
      throw new IOException("a text of " + length + " bytes in " + in.available() + " bytes");
    }
    byte[] bytes = new byte[length];
    in.readFully(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** A nullable string as the first layouts wrote it: a presence flag, then modified UTF-8. */
  static String readString(DataInputStream in) throws IOException {
    return in.readBoolean() ? in.readUTF() : null;
  }

  /** The fixed-width arrays of the first layouts ({@link #readInts} reads them back). */
  static void writeInts(DataOutputStream out, int[] values, int length) throws IOException {
    out.writeInt(length);
    for (int i = 0; i < length; i++) {
      out.writeInt(values[i]);
    }
  }

  static int[] readInts(DataInputStream in) throws IOException {
    int[] values = new int[in.readInt()];
    for (int i = 0; i < values.length; i++) {
      values[i] = in.readInt();
    }
    return values;
  }

  /**
   * Writes {@code value} in 1-5 bytes, 7 bits per byte, after zigzag (so small negatives such as -1
   * stay short too): token ids and positions are small, and state is written on every chunk.
   */
  static void writeVarInt(DataOutputStream out, int value) throws IOException {
    int v = (value << 1) ^ (value >> 31);
    while ((v & ~0x7F) != 0) {
      out.writeByte((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    out.writeByte(v);
  }

  static int readVarInt(DataInputStream in) throws IOException {
    int v = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      int b = in.readUnsignedByte();
      v |= (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return (v >>> 1) ^ -(v & 1);
      }
    }
    throw new IOException("a variable-length int runs past 5 bytes");
  }

  /** {@link #writeVarInt} for longs: 1-10 bytes (a timestamp in milliseconds takes 6). */
  static void writeVarLong(DataOutputStream out, long value) throws IOException {
    long v = (value << 1) ^ (value >> 63);
    while ((v & ~0x7FL) != 0) {
      out.writeByte((int) (v & 0x7F) | 0x80);
      v >>>= 7;
    }
    out.writeByte((int) v);
  }

  static long readVarLong(DataInputStream in) throws IOException {
    long v = 0;
    for (int shift = 0; shift < 70; shift += 7) {
      int b = in.readUnsignedByte();
      v |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return (v >>> 1) ^ -(v & 1);
      }
    }
    throw new IOException("a variable-length long runs past 10 bytes");
  }

  /** The first {@code length} values, each a {@linkplain #writeVarInt varint}, after the count. */
  static void writeVarInts(DataOutputStream out, int[] values, int length) throws IOException {
    writeVarInt(out, length);
    for (int i = 0; i < length; i++) {
      writeVarInt(out, values[i]);
    }
  }

  static int[] readVarInts(DataInputStream in) throws IOException {
    int length = readVarInt(in);
    if (length < 0 || length > in.available()) {
      throw new IOException(
          "an int array of " + length + " values in " + in.available() + " bytes");
    }
    int[] values = new int[length];
    for (int i = 0; i < values.length; i++) {
      values[i] = readVarInt(in);
    }
    return values;
  }

  /**
   * Reads fields as a layout wrote them: ints and longs at fixed width (the first layouts) or as
   * {@linkplain #writeVarInt varints}; strings in modified UTF-8 (the first layouts) or as
   * {@linkplain #writeText texts}.
   */
  record Fields(DataInputStream in, boolean varints, boolean texts) {
    int integer() throws IOException {
      return varints ? readVarInt(in) : in.readInt();
    }

    long longInteger() throws IOException {
      return varints ? readVarLong(in) : in.readLong();
    }

    int[] ints() throws IOException {
      return varints ? readVarInts(in) : readInts(in);
    }

    /** A string that is never null. */
    String text() throws IOException {
      return texts ? readText(in) : in.readUTF();
    }

    /** A string that may be null. */
    String optionalText() throws IOException {
      return texts ? readText(in) : readString(in);
    }
  }

  /** A thread's reused buffer and the data stream writing into it. */
  private static final class Encoder {
    final Bytes bytes = new Bytes();
    final DataOutputStream out = new DataOutputStream(bytes);
  }

  /**
   * A growable byte array without {@link ByteArrayOutputStream}'s locking, reset and reused for
   * every state its thread encodes.
   */
  private static final class Bytes extends OutputStream {
    private byte[] buffer = new byte[1024];
    private int count;

    void reset() {
      count = 0;
    }

    byte[] toByteArray() {
      return Arrays.copyOf(buffer, count);
    }

    @Override
    public void write(int b) {
      if (count == buffer.length) {
        buffer = Arrays.copyOf(buffer, buffer.length * 2);
      }
      buffer[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      if (count + len > buffer.length) {
        buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, count + len));
      }
      System.arraycopy(b, off, buffer, count, len);
      count += len;
    }
  }
}

package io.rewardstream.topology.state;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Small helpers for the compact binary encoding of the topology's private state. State is internal
 * to the application (its changelog is never read by anyone else), so it uses a versioned
 * hand-written layout rather than a registry-backed schema: it is written on every chunk and must
 * stay cheap.
 */
final class StateCodec {
  private StateCodec() {}

  interface Writer {
    void write(DataOutputStream out) throws IOException;
  }

  interface Reader<T> {
    T read(DataInputStream in) throws IOException;
  }

  static byte[] encode(int version, Writer writer) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(version);
      writer.write(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static <T> T decode(byte[] data, int version, String what, Reader<T> reader) {
    if (data == null) {
      return null;
    }
    try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(data))) {
      int found = in.readUnsignedByte();
      if (found != version) {
        throw new IllegalStateException(
            what + " state has layout version " + found + ", this build reads " + version);
      }
      return reader.read(in);
    } catch (IOException e) {
      throw new UncheckedIOException("corrupt " + what + " state", e);
    }
  }

  static void writeString(DataOutputStream out, String value) throws IOException {
    out.writeBoolean(value != null);
    if (value != null) {
      out.writeUTF(value);
    }
  }

  static String readString(DataInputStream in) throws IOException {
    return in.readBoolean() ? in.readUTF() : null;
  }

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
}

package io.rewardstream.topology.stats;

import io.rewardstream.topology.state.StateCodec;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Binary serde of {@link StatsWindow}, for the stores and the partials topic; the histogram is
 * written sparsely, and its bytes are kept with it until it changes. A merged window's shares and
 * emission time come last; bytes without them (a task's share, or a window written before they
 * existed) read as 0 shares, never emitted.
 */
public final class StatsWindowSerde implements Serde<StatsWindow> {

  @Override
  public Serializer<StatsWindow> serializer() {
    return (topic, w) -> w == null ? null : write(w);
  }

  @Override
  public Deserializer<StatsWindow> deserializer() {
    return (topic, data) -> data == null ? null : read(data);
  }

  private static byte[] write(StatsWindow w) {
    return StateCodec.encode(
        out -> {
          out.writeBoolean(w.policyVersion != null);
          if (w.policyVersion != null) {
            out.writeUTF(w.policyVersion);
          }
          out.writeLong(w.windowStart);
          out.writeLong(w.started);
          out.writeLong(w.finished);
          out.writeLong(w.rejected);
          out.writeLong(w.tokens);
          out.writeLong(w.saved);
          if (w.latency.encoded == null) {
            w.latency.encoded = histogram(w.latency.counts);
          }
          out.write(w.latency.encoded);
          out.writeInt(w.shares);
          out.writeLong(w.emittedWallMs);
        });
  }

  /** The used buckets: their count, then each one's index and count. */
  private static byte[] histogram(long[] counts) {
    int used = 0;
    for (long c : counts) {
      used += c == 0 ? 0 : 1;
    }
    ByteBuffer buffer = ByteBuffer.allocate(Short.BYTES + used * (Short.BYTES + Long.BYTES));
    buffer.putShort((short) used);
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] != 0) {
        buffer.putShort((short) i);
        buffer.putLong(counts[i]);
      }
    }
    return buffer.array();
  }

  private static StatsWindow read(byte[] data) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
      String version = in.readBoolean() ? in.readUTF() : null;
      long start = in.readLong();
      long[] counts = new long[LatencyHistogram.BUCKETS];
      StatsWindow w = new StatsWindow(version, start, new LatencyHistogram(counts));
      w.started = in.readLong();
      w.finished = in.readLong();
      w.rejected = in.readLong();
      w.tokens = in.readLong();
      w.saved = in.readLong();
      int used = in.readUnsignedShort();
      for (int i = 0; i < used; i++) {
        counts[in.readUnsignedShort()] = in.readLong();
      }
      if (in.available() >= Integer.BYTES + Long.BYTES) {
        w.shares = in.readInt();
        w.emittedWallMs = in.readLong();
      }
      return w;
    } catch (IOException e) {
      throw new UncheckedIOException("corrupt stats window", e);
    }
  }
}

package io.rewardstream.serde;

import io.rewardstream.avro.GenerationChunk;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Throughput of the Confluent wire-format serdes on a {@link GenerationChunk} with 64 token ids,
 * with a warm id cache: the cost per record on the topology's hot path. The registry is the
 * in-process mock behind the same {@link CachedSchemaRegistryClient} a real registry gets, so no
 * network call happens after set-up.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AvroSerdeBenchmark {

  private static final String TOPIC = "rewardstream.generations";

  private SpecificAvroSerializer<GenerationChunk> serializer;
  private SpecificAvroDeserializer<GenerationChunk> deserializer;
  private GenerationChunk chunk;
  private byte[] frame;

  @Setup
  public void setUp() {
    SchemaRegistryClient client =
        SchemaRegistryClients.create(
            new AvroSerdeConfig(
                Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, "mock://serde-benchmark")));
    serializer = new SpecificAvroSerializer<>(client);
    deserializer = new SpecificAvroDeserializer<>(GenerationChunk.class, client);
    chunk = Records.generationChunk(64);
    frame = serializer.serialize(TOPIC, chunk);
    if (!chunk.equals(deserializer.deserialize(TOPIC, frame))) {
      throw new IllegalStateException("round trip changed the record");
    }
  }

  /**
   * Encode and decode one record: the figure the 200,000 records/s target is about. The {@link
   * ThreadCpu} counter reports how much CPU the benchmark thread actually got, so that the
   * throughput per CPU-second can be told apart from a busy machine's time slicing.
   */
  @Benchmark
  public GenerationChunk encodeDecode(ThreadCpu cpu) {
    return deserializer.deserialize(TOPIC, serializer.serialize(TOPIC, chunk));
  }

  /**
   * CPU time of the benchmark thread in milliseconds per iteration; JMH reports it per second of
   * wall time ({@code encodeDecode:cpuMillis}), where 1000 means the thread had a whole core.
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class ThreadCpu {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private long startNanos;
    public double cpuMillis;

    @Setup(Level.Iteration)
    public void start() {
      cpuMillis = 0;
      startNanos = THREADS.getCurrentThreadCpuTime();
    }

    @TearDown(Level.Iteration)
    public void stop() {
      cpuMillis = (THREADS.getCurrentThreadCpuTime() - startNanos) / 1e6;
    }
  }

  @Benchmark
  public byte[] encode(ThreadCpu cpu) {
    return serializer.serialize(TOPIC, chunk);
  }

  @Benchmark
  public GenerationChunk decode(ThreadCpu cpu) {
    return deserializer.deserialize(TOPIC, frame);
  }
}

package io.rewardstream.topology;

import io.rewardstream.avro.GenerationChunk;
import io.rewardstream.embedded.KafkaBroker;
import io.rewardstream.scorer.RewardModel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.streams.KafkaStreams;

/** The {@link StreamsHarness}, opened to the benchmark package. */
public final class StreamsHarnessAccess {
  private final StreamsHarness harness;

  public StreamsHarnessAccess(KafkaBroker broker, Path stateDir, Map<String, Object> settings) {
    harness = new StreamsHarness(broker, stateDir, settings);
    harness.createTopics(4);
  }

  public Topics topics() {
    return harness.topics;
  }

  public KafkaStreams start(RewardModel model) {
    return harness.start(model);
  }

  /** Waits until the application has its tasks assigned and is processing. */
  public void awaitRunning(KafkaStreams streams) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (streams.state() != KafkaStreams.State.RUNNING && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
  }

  public KafkaProducer<String, GenerationChunk> producer() {
    return harness.producer();
  }

  public KafkaProducer<String, GenerationChunk> producer(Map<String, Object> overrides) {
    return harness.producer(overrides);
  }

  public void send(KafkaProducer<String, GenerationChunk> producer, GenerationChunk chunk) {
    harness.send(producer, chunk);
  }

  public <T extends SpecificRecord> KafkaConsumer<String, T> consumer(String topic, Class<T> type) {
    return harness.consumer(topic, type);
  }

  public <T extends SpecificRecord> KafkaConsumer<String, T> consumer(
      String topic, Class<T> type, String isolation) {
    return harness.consumer(topic, type, isolation);
  }
}

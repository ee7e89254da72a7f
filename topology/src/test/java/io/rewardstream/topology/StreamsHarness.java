package io.rewardstream.topology;

import io.rewardstream.avro.GenerationChunk;
import io.rewardstream.embedded.KafkaBroker;
import io.rewardstream.scorer.RewardModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;

/**
 * A RewardStream application on a real embedded broker: starts and restarts KafkaStreams on the one
 * topology builder, produces chunks, and reads output topics committed-only, as a trainer would.
 */
final class StreamsHarness {
  final KafkaBroker broker;
  final Topics topics;
  final String applicationId = "rewardstream-it-" + UUID.randomUUID();
  final Path stateDir;
  final Map<String, Object> settings = new HashMap<>();

  StreamsHarness(KafkaBroker broker, Path stateDir, Map<String, Object> overrides) {
    this.broker = broker;
    this.stateDir = stateDir;
    settings.put("schema.registry.url", "mock://" + applicationId);
    settings.put(RewardStreamConfig.SCORE_THREADS_CONFIG, 1);
    settings.putAll(overrides);
    // Topics of their own per harness, so that tests sharing a broker do not see each other.
    String prefix = applicationId + ".";
    for (String key : RewardStreamConfig.CONFIG_DEF.names()) {
      if (key.startsWith("topics.")) {
        settings.put(key, prefix + RewardStreamConfig.CONFIG_DEF.defaultValues().get(key));
      }
    }
    topics = new RewardStreamConfig(settings).topics();
  }

  void createTopics(int partitions) {
    broker.createTopics(partitions, topics.all().toArray(String[]::new));
  }

  KafkaStreams start(RewardModel model) {
    return start(model, null);
  }

  /** Starts an instance whose failed stream threads {@code onFailure} answers (if not null). */
  KafkaStreams start(RewardModel model, StreamsUncaughtExceptionHandler onFailure) {
    return start(model, onFailure, stateDir);
  }

  /**
   * Starts another instance of the same application, as on another machine: its own state directory
   * under this harness's.
   */
  KafkaStreams startInstance(RewardModel model, String instance) throws IOException {
    return start(model, null, Files.createDirectories(stateDir.resolve(instance)));
  }

  private KafkaStreams start(
      RewardModel model, StreamsUncaughtExceptionHandler onFailure, Path stateDir) {
    RewardStreamConfig config = new RewardStreamConfig(settings);
    Properties props = new Properties();
    props.putAll(RewardTopology.streamsDefaults(topics));
    props.putAll(settings);
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.putIfAbsent(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 2);
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    KafkaStreams streams = new KafkaStreams(RewardTopology.build(config, topics, model), props);
    if (onFailure != null) {
      streams.setUncaughtExceptionHandler(onFailure);
    }
    streams.start();
    return streams;
  }

  KafkaProducer<String, GenerationChunk> producer() {
    return producer(Map.of());
  }

  /** A chunk producer with {@code overrides} of its producer settings. */
  KafkaProducer<String, GenerationChunk> producer(Map<String, Object> overrides) {
    Map<String, Object> props = new HashMap<>(settings);
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    props.putAll(overrides);
    return new KafkaProducer<>(props, new StringSerializer(), TestSerdes.serializer(settings));
  }

  KafkaProducer<String, byte[]> rawProducer() {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    return new KafkaProducer<>(
        props,
        new StringSerializer(),
        new org.apache.kafka.common.serialization.ByteArraySerializer());
  }

  void send(KafkaProducer<String, GenerationChunk> producer, GenerationChunk chunk) {
    producer.send(new ProducerRecord<>(topics.generations(), chunk.getGroupId(), chunk));
  }

  /** A committed-only consumer of {@code topic} from the beginning. */
  <T extends SpecificRecord> KafkaConsumer<String, T> consumer(String topic, Class<T> type) {
    return consumer(topic, type, "read_committed");
  }

  /** A consumer of {@code topic} from the beginning, at {@code isolation} (Kafka's level names). */
  <T extends SpecificRecord> KafkaConsumer<String, T> consumer(
      String topic, Class<T> type, String isolation) {
    Map<String, Object> props = new HashMap<>(settings);
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
    KafkaConsumer<String, T> consumer =
        new KafkaConsumer<>(
            props, new StringDeserializer(), TestSerdes.deserializer(type, settings));
    consumer.subscribe(List.of(topic));
    return consumer;
  }

  KafkaConsumer<byte[], byte[]> rawConsumer(String topic) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "raw-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    consumer.subscribe(List.of(topic));
    return consumer;
  }

  static <K, V> List<V> poll(KafkaConsumer<K, V> consumer, List<V> into) {
    for (ConsumerRecord<K, V> record : consumer.poll(Duration.ofMillis(200))) {
      into.add(record.value());
    }
    return into;
  }

  static <K, V> List<V> values() {
    return new ArrayList<>();
  }
}

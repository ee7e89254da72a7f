package io.rewardstream.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EmbeddedKafkaBrokerIT {

  private static final Path TARGET = Paths.get("target", "embedded-kafka-it");

  @Test
  void shouldDeliverCommittedTransactionsToReadCommittedConsumers() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(freshDir()).start()) {
      broker.createTopics(2, "tx-topic");

      try (KafkaProducer<String, String> producer =
          new KafkaProducer<>(
              Map.of(
                  ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                  broker.bootstrapServers(),
                  ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                  "it-tx"),
              new StringSerializer(),
              new StringSerializer())) {
        producer.initTransactions();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>("tx-topic", "k1", "v1"));
        producer.send(new ProducerRecord<>("tx-topic", "k2", "v2"));
        producer.commitTransaction();
      }

      assertThat(readValues(broker, "tx-topic", 2)).containsExactlyInAnyOrder("v1", "v2");
    }
  }

  @Test
  void shouldKeepTopicsWhenRestartedOnTheSameDataDirectory() throws Exception {
    Path dataDir = freshDir();
    try (EmbeddedKafkaBroker broker =
        EmbeddedKafkaBroker.builder().dataDir(dataDir).deleteDataOnClose(false).start()) {
      broker.createTopics(1, "survivor");
    }
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(dataDir).start();
        Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
      assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("survivor");
    }
    assertThat(dataDir.resolve("kraft-logs")).doesNotExist();
  }

  @Test
  void shouldFailFastAndLeaveNoThreadsRunningWhenTheBrokerPortIsTaken() throws Exception {
    Set<Thread> before = liveNonDaemonThreads();
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();

      assertThatThrownBy(
              () -> EmbeddedKafkaBroker.builder().dataDir(freshDir()).brokerPort(port).start())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("failed to start on 127.0.0.1:" + port);
    }

    await()
        .pollInSameThread()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(namesOf(liveNonDaemonThreads(), before))
                    .as("non-daemon threads left behind by the failed start")
                    .isEmpty());
  }

  private static List<String> readValues(EmbeddedKafkaBroker broker, String topic, int expected) {
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"),
            new StringDeserializer(),
            new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                for (ConsumerRecord<String, String> record :
                    consumer.poll(Duration.ofMillis(200))) {
                  values.add(record.value());
                }
                return values.size() >= expected;
              });
    }
    return values;
  }

  private static Set<Thread> liveNonDaemonThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && !t.isDaemon())
        .collect(Collectors.toSet());
  }

  private static List<String> namesOf(Set<Thread> now, Set<Thread> before) {
    return now.stream().filter(t -> !before.contains(t)).map(Thread::getName).toList();
  }

  private static Path freshDir() throws Exception {
    return Files.createDirectories(TARGET.resolve(UUID.randomUUID().toString()));
  }
}

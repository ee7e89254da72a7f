package io.rewardstream.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
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
import org.junit.jupiter.api.extension.ExtendWith;

/** Every event type through the real broker and the real registry with the Java serdes. */
@ExtendWith(SharedInfrastructure.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class AvroRoundTripIT {

  private static final int COPIES = 3;

  @Test
  void shouldRoundTripEveryEventTypeCallingTheRegistryOncePerSchema() {
    Map<String, SpecificRecord> byTopic = topicPerType("it-roundtrip-");
    CountingSchemaRegistryClient writes = new CountingSchemaRegistryClient(restClient());
    CountingSchemaRegistryClient reads = new CountingSchemaRegistryClient(restClient());

    try (KafkaProducer<String, SpecificRecord> producer =
        new KafkaProducer<>(
            producerProps(),
            new StringSerializer(),
            new SpecificAvroSerializer<>(new CachedSchemaRegistryClient(writes)))) {
      byTopic.forEach(
          (topic, record) -> {
            for (int i = 0; i < COPIES; i++) {
              producer.send(new ProducerRecord<>(topic, "group-1", record));
            }
          });
    }
    List<ConsumerRecord<String, SpecificRecord>> received =
        consume(
            byTopic.keySet(),
            byTopic.size() * COPIES,
            new SpecificAvroDeserializer<>(null, new CachedSchemaRegistryClient(reads)));

    for (ConsumerRecord<String, SpecificRecord> record : received) {
      assertThat(record.value()).as(record.topic()).isEqualTo(byTopic.get(record.topic()));
    }
    for (String topic : byTopic.keySet()) {
      assertThat(writes.registrations(topic + "-value")).as(topic).isEqualTo(1);
    }
    assertThat(writes.total()).isEqualTo(byTopic.size());
    assertThat(reads.total())
        .as("one schema fetch per distinct writer schema")
        .isEqualTo(byTopic.size());
  }

  @Test
  void shouldRoundTripWithSerdesThatKafkaInstantiatesFromProperties() {
    Map<String, SpecificRecord> byTopic = topicPerType("it-configured-");
    Map<String, Object> producerProps = producerProps();
    producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, SpecificAvroSerializer.class);
    producerProps.put(
        AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, SharedInfrastructure.registry().confluentUrl());

    try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(producerProps)) {
      byTopic.forEach((topic, record) -> producer.send(new ProducerRecord<>(topic, "g", record)));
    }
    SpecificAvroDeserializer<SpecificRecord> deserializer = new SpecificAvroDeserializer<>();
    deserializer.configure(
        Map.of(
            AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG,
            SharedInfrastructure.registry().confluentUrl()),
        false);

    for (ConsumerRecord<String, SpecificRecord> record :
        consume(byTopic.keySet(), byTopic.size(), deserializer)) {
      assertThat(record.value()).as(record.topic()).isEqualTo(byTopic.get(record.topic()));
    }
  }

  private static Map<String, SpecificRecord> topicPerType(String prefix) {
    Map<String, SpecificRecord> byTopic = new LinkedHashMap<>();
    for (SpecificRecord record : Records.everyType()) {
      byTopic.put(prefix + record.getSchema().getName().toLowerCase(), record);
    }
    SharedInfrastructure.broker().createTopics(1, byTopic.keySet().toArray(String[]::new));
    return byTopic;
  }

  static SchemaRegistryClient restClient() {
    return new RestSchemaRegistryClient(
        new AvroSerdeConfig(
            Map.of(
                AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG,
                SharedInfrastructure.registry().confluentUrl())));
  }

  static Map<String, Object> producerProps() {
    Map<String, Object> props = new HashMap<>();
    props.put(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.broker().bootstrapServers());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    return props;
  }

  static <V> List<ConsumerRecord<String, V>> consume(
      Iterable<String> topics,
      int expected,
      org.apache.kafka.common.serialization.Deserializer<V> values) {
    List<ConsumerRecord<String, V>> received = new ArrayList<>();
    try (KafkaConsumer<String, V> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedInfrastructure.broker().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new StringDeserializer(),
            values)) {
      List<String> subscription = new ArrayList<>();
      topics.forEach(subscription::add);
      consumer.subscribe(subscription);
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInSameThread()
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                return received.size() >= expected;
              });
    }
    assertThat(received).hasSize(expected);
    return received;
  }
}

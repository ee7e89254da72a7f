package io.rewardstream.serde;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rewardstream.avro.GenerationChunk;
import io.rewardstream.avro.SequenceReward;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Interop with Confluent's own Python client (python3-confluent-kafka's legacy Avro serializer on
 * python3-avro) through the real broker and registry: Python writes GenerationChunks that the Java
 * serde reads, and decodes SequenceRewards that the Java serde wrote.
 */
@ExtendWith(SharedInfrastructure.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PythonInteropIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(90);

  @Test
  void shouldReadGenerationChunksProducedByConfluentsPythonClient() throws Exception {
    String topic = "it-python-generations";
    SharedInfrastructure.broker().createTopics(1, topic);
    int count = 6;

    List<String> sent =
        PythonScript.run(
            SCRIPT_TIMEOUT,
            "produce",
            "--bootstrap",
            SharedInfrastructure.broker().bootstrapServers(),
            "--registry",
            SharedInfrastructure.registry().confluentUrl(),
            "--topic",
            topic,
            "--schema",
            "src/main/avro/GenerationChunk.avsc",
            "--count",
            Integer.toString(count));
    List<ConsumerRecord<String, GenerationChunk>> received =
        AvroRoundTripIT.consume(
            List.of(topic),
            count,
            new SpecificAvroDeserializer<>(GenerationChunk.class, AvroRoundTripIT.restClient()));

    assertThat(sent).hasSize(count);
    for (int i = 0; i < count; i++) {
      JsonNode expected = JSON.readTree(sent.get(i));
      ConsumerRecord<String, GenerationChunk> record = received.get(i);
      assertThat(record.key()).isEqualTo(expected.path("group_id").asText());
      assertThat(record.value()).isEqualTo(toChunk(expected));
    }
    assertThat(received.get(count - 1).value().getFinishReason()).hasToString("STOP");
    assertThat(received.get(0).value().getText()).isEqualTo("step 0 ünïcode\n");
  }

  @Test
  void shouldLetConfluentsPythonClientDecodeSequenceRewardsWrittenInJava() throws Exception {
    String topic = "it-python-rewards";
    SharedInfrastructure.broker().createTopics(1, topic);
    List<SequenceReward> rewards =
        List.of(
            Records.sequenceReward("seq-a"),
            Records.sequenceReward("seq-b"),
            Records.sequenceReward("seq-c"));
    try (KafkaProducer<String, SequenceReward> producer =
        new KafkaProducer<>(
            AvroRoundTripIT.producerProps(),
            new StringSerializer(),
            new SpecificAvroSerializer<>(AvroRoundTripIT.restClient()))) {
      for (SequenceReward reward : rewards) {
        producer.send(new ProducerRecord<>(topic, reward.getGroupId(), reward));
      }
    }

    List<String> decoded =
        PythonScript.run(
            SCRIPT_TIMEOUT,
            "consume",
            "--bootstrap",
            SharedInfrastructure.broker().bootstrapServers(),
            "--registry",
            SharedInfrastructure.registry().confluentUrl(),
            "--topic",
            topic,
            "--count",
            Integer.toString(rewards.size()),
            "--timeout",
            "60");

    assertThat(decoded).hasSize(rewards.size());
    for (int i = 0; i < rewards.size(); i++) {
      JsonNode line = JSON.readTree(decoded.get(i));
      SequenceReward expected = rewards.get(i);
      JsonNode value = line.path("value");
      assertThat(line.path("key").asText()).isEqualTo(expected.getGroupId());
      assertThat(value.path("sequence_id").asText()).isEqualTo(expected.getSequenceId());
      assertThat(value.path("status").asText()).isEqualTo("REJECTED");
      assertThat(value.path("aggregation").asText()).isEqualTo("MIN");
      assertThat(value.path("final_reward").asDouble()).isEqualTo(expected.getFinalReward());
      assertThat(value.path("tokens_generated").asLong()).isEqualTo(37L);
      assertThat(value.path("tokens_ignored_after_rejection").asLong()).isEqualTo(5L);
      assertThat(value.path("started_at").asLong()).isEqualTo(Records.T0.toEpochMilli());
      assertThat(value.path("ended_at").asLong()).isEqualTo(expected.getEndedAt().toEpochMilli());
      assertThat(value.path("steps")).hasSize(2);
      assertThat(value.path("steps").get(1).path("token_end").asInt()).isEqualTo(37);
      assertThat(value.path("steps").get(1).path("partial").asBoolean()).isTrue();
      assertThat(value.path("lineage").path("model_sha256").asText()).isEqualTo("ab".repeat(32));
      assertThat(value.path("lineage").path("tokenizer_id").asText())
          .isEqualTo("rewardstream-demo-char");
    }
  }

  /** The GenerationChunk that the script says it sent. */
  private static GenerationChunk toChunk(JsonNode json) {
    GenerationChunk.Builder chunk =
        GenerationChunk.newBuilder()
            .setGroupId(json.path("group_id").asText())
            .setSequenceId(json.path("sequence_id").asText())
            .setChunkIndex(json.path("chunk_index").asLong())
            .setGroupSize(json.path("group_size").isNull() ? null : json.path("group_size").asInt())
            .setPolicyVersion(textOrNull(json.path("policy_version")))
            .setTokenIds(ints(json.path("token_ids")))
            .setText(textOrNull(json.path("text")))
            .setFinishReason(
                json.path("finish_reason").isNull()
                    ? null
                    : io.rewardstream.avro.FinishReason.valueOf(
                        json.path("finish_reason").asText()))
            .setProducedAt(Instant.ofEpochMilli(json.path("produced_at").asLong()));
    JsonNode prompt = json.path("prompt");
    if (!prompt.isNull()) {
      chunk.setPrompt(
          io.rewardstream.avro.Prompt.newBuilder()
              .setText(textOrNull(prompt.path("text")))
              .setTokenIds(ints(prompt.path("token_ids")))
              .build());
    }
    Map<String, String> attributes = new TreeMap<>();
    json.path("attributes")
        .properties()
        .forEach(e -> attributes.put(e.getKey(), e.getValue().asText()));
    return chunk.setAttributes(attributes).build();
  }

  private static String textOrNull(JsonNode node) {
    return node.isNull() ? null : node.asText();
  }

  private static List<Integer> ints(JsonNode array) {
    List<Integer> values = new ArrayList<>();
    array.forEach(n -> values.add(n.asInt()));
    return values;
  }
}

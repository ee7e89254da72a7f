package io.rewardstream.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.internals.ClientUtils.QuietStreamsConfig;
import org.junit.jupiter.api.Test;

/** The Kafka Streams settings the topology relies on, as Kafka Streams reads them. */
class StreamsDefaultsTest {

  private static StreamsConfig config() {
    Map<String, Object> props = new HashMap<>(RewardTopology.streamsDefaults(Topics.defaults()));
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "rewardstream-defaults-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    return new StreamsConfig(props);
  }

  @Test
  void shouldRunExactlyOnceWithTheDeadLetterTopicAndShortCommits() {
    StreamsConfig config = config();

    assertThat(config.getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))
        .isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
    assertThat(config.getString(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG))
        .isEqualTo(Topics.defaults().deadLetters());
    assertThat(config.getLong(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(100L);
  }

  @Test
  void shouldGiveThePartitionAssignorTheGlobalHandlerSettingSoThatItDoesNotWarn() {
    // The assignor builds a StreamsConfig of its own from the main consumer's settings; without
    // the setting there, Kafka Streams 4.3 warns about the global thread once per stream thread.
    Map<String, Object> consumer = config().getMainConsumerConfigs("group", "client", 0);

    assertThat(
            new QuietStreamsConfig(consumer)
                .getBoolean(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG))
        .isTrue();
  }
}

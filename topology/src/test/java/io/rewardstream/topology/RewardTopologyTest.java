package io.rewardstream.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rewardstream.avro.FinishReason;
import io.rewardstream.avro.SequenceStatus;
import io.rewardstream.scorer.ModelMetadata;
import io.rewardstream.scorer.RewardModel;
import io.rewardstream.scorer.ScoreRequest;
import io.rewardstream.scorer.Scores;
import io.rewardstream.topology.state.SequenceState;
import io.rewardstream.topology.state.SequenceStateSerde;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.processor.StateStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RewardTopologyTest {

  @ParameterizedTest
  @CsvSource({"rocksdb, true", "in-memory, false"})
  void shouldKeepStateInTheConfiguredKindOfStore(String kind, boolean persistent) {
    try (TopologyFixture f =
        new TopologyFixture(Map.of(RewardStreamConfig.STATE_STORE_CONFIG, kind))) {
      for (String name :
          List.of(
              RewardTopology.SEQUENCE_STORE,
              RewardTopology.GROUP_STORE,
              RewardTopology.STATS_STORE)) {
        StateStore store = f.store(name);
        assertThat(store.persistent()).as(name).isEqualTo(persistent);
      }
      f.send("g", "s", 1, 40, FakeRewardModel.SEPARATOR);
      f.drain();
      f.send("g", "s", 1, FinishReason.STOP, 60, FakeRewardModel.SEPARATOR);
      f.drain();
      assertThat(f.rewards.readValue().getStatus()).isEqualTo(SequenceStatus.COMPLETED);
      assertThat(f.rewards.isEmpty()).isTrue();
    }
  }

  /**
   * The test driver commits after every record: the sequence's state must be in its store and its
   * changelog then, once, though nothing wrote to the store while the record was processed.
   */
  @Test
  void shouldWriteChangedStateToStoreAndChangelogAtEachCommit() {
    try (TopologyFixture f = new TopologyFixture()) {
      TestOutputTopic<String, SequenceState> changelog =
          f.driver.createOutputTopic(
              "rewardstream-test-" + RewardTopology.SEQUENCE_STORE + "-changelog",
              Serdes.String().deserializer(),
              new SequenceStateSerde().deserializer());

      f.send("g", "s", 1, 40, 41);
      f.send("g", "s", 1, 42);

      List<KeyValue<String, SequenceState>> logged = changelog.readKeyValuesToList();
      assertThat(logged).extracting(kv -> kv.key).containsExactly("g/s", "g/s");
      assertThat(logged.get(1).value.tokenCount()).isEqualTo(3);
      SequenceState stored = f.<SequenceState>store(RewardTopology.SEQUENCE_STORE).read("g/s");
      assertThat(stored.tokenCount()).isEqualTo(3);
      assertThat(changelog.isEmpty()).isTrue();
    }
  }

  @Test
  void shouldRefuseAnUnknownKindOfStore() {
    Map<String, Object> settings = new HashMap<>(TestSerdes.CONFIG);
    settings.put(RewardStreamConfig.STATE_STORE_CONFIG, "redis");

    assertThatThrownBy(() -> new RewardStreamConfig(settings))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("state.store");
  }

  @Test
  void shouldRefuseAModelThatTokenizesTheTextItself() {
    RewardModel retokenizing =
        new RewardModel() {
          @Override
          public ModelMetadata metadata() {
            return new ModelMetadata(
                "other-prm",
                "1",
                "0".repeat(64),
                "other-tokenizer",
                100,
                64,
                1,
                "\n",
                List.of("r"));
          }

          @Override
          public List<Scores> score(List<ScoreRequest> requests) {
            throw new AssertionError("never called");
          }

          @Override
          public void close() {}
        };
    Map<String, Object> settings = new HashMap<>(TestSerdes.CONFIG);
    settings.put(RewardStreamConfig.SCORE_THREADS_CONFIG, 0);
    RewardStreamConfig config = new RewardStreamConfig(settings);

    assertThatThrownBy(() -> RewardTopology.build(config, config.topics(), retokenizing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("other-prm")
        .hasMessageContaining("other-tokenizer")
        .hasMessageContaining("pass-through");
  }
}

package io.rewardstream.topology;

import io.rewardstream.scorer.ModelMetadata;
import io.rewardstream.scorer.RewardModel;
import io.rewardstream.topology.scoring.SharedScoring;
import io.rewardstream.topology.state.GroupStateSerde;
import io.rewardstream.topology.state.SequenceStateSerde;
import io.rewardstream.topology.state.WriteBehindStore;
import io.rewardstream.topology.stats.StatsMerger;
import io.rewardstream.topology.stats.StatsWindowSerde;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds the RewardStream topology: generations in; step scores, early rejections, sequence
 * rewards, group rewards and rejection statistics out. Production, tests, the demo and the
 * benchmarks all build it here.
 *
 * <pre>
 * generations-source -> reward-processor -+-> step-scores-sink
 *        (sequences, groups, stats stores) +-> rejections-sink
 *                                          +-> rewards-sink
 *                                          +-> group-rewards-sink
 *                                          +-> stats-partials-sink
 *
 * stats-partials-source -> merge-stats -> metrics-sink
 *          (stats-merged store)
 * </pre>
 *
 * <p>Each task closes its own share of a statistics window; the shares meet, keyed by policy
 * version, in the second sub-topology, which emits one RejectionStats record per window.
 */
public final class RewardTopology {
  public static final String SOURCE = "generations-source";
  public static final String PROCESSOR = "reward-processor";
  public static final String SEQUENCE_STORE = "sequences";
  public static final String GROUP_STORE = "groups";
  public static final String STATS_STORE = "stats";
  public static final String STATS_PARTIALS_SOURCE = "stats-partials-source";
  public static final String STATS_MERGER = "merge-stats";
  public static final String STATS_MERGED_STORE = "stats-merged";
  static final String STATS_PARTIALS_SINK = "stats-partials-sink";
  static final String STEP_SCORES_SINK = "step-scores-sink";
  static final String REJECTIONS_SINK = "rejections-sink";
  static final String REWARDS_SINK = "rewards-sink";
  static final String GROUP_REWARDS_SINK = "group-rewards-sink";
  static final String METRICS_SINK = "metrics-sink";

  private RewardTopology() {}

  /**
   * The topology for {@code config}, scoring with {@code rewardModel}. Event serdes come from the
   * Schema Registry settings among the config's originals ({@code schema.registry.url}, ...).
   */
  public static Topology build(RewardStreamConfig config, Topics topics, RewardModel rewardModel) {
    return build(config, topics, rewardModel, EventSerdes.fromConfig(config.originals()));
  }

  /**
   * As {@link #build(RewardStreamConfig, Topics, RewardModel)}, with the given event serdes.
   *
   * @throws IllegalArgumentException when the model reads its own tokenization of the text ({@code
   *     tokens: retokenize}): the topology feeds it the policy's token ids
   */
  public static Topology build(
      RewardStreamConfig config, Topics topics, RewardModel rewardModel, EventSerdes serdes) {
    ModelMetadata model = rewardModel.metadata();
    if (model.tokenizerId() != null) {
      // Its ids would be read as the policy's: rewards would be wrong without any error.
      throw new IllegalArgumentException(
          "model "
              + model.id()
              + " tokenizes text itself (tokens: retokenize, tokenizer "
              + model.tokenizerId()
              + "), but the topology scores the policy's token ids: expected a pass-through model"
              + " that shares the policy's tokenizer (tokens: pass-through); a retokenize model"
              + " serves offline evaluation only");
    }
    SharedScoring scoring =
        new SharedScoring(
            rewardModel,
            config.getInt(RewardStreamConfig.SCORE_MAX_BATCH_SIZE_CONFIG),
            config.getLong(RewardStreamConfig.SCORE_MAX_DELAY_MS_CONFIG),
            config.getInt(RewardStreamConfig.SCORE_THREADS_CONFIG));
    TopologySettings settings =
        new TopologySettings(config, model, scoring, StepCutter.forModel(rewardModel));
    StringSerializer keys = new StringSerializer();
    Topology topology = new Topology();
    topology.addSource(
        SOURCE, Serdes.String().deserializer(), serdes.chunks(), topics.generations());
    topology.addProcessor(PROCESSOR, () -> new RewardProcessor(settings), SOURCE);
    // A sequence's state changes with every chunk, and the statistics window with every token
    // count: the stores keep the changed objects and write each once per commit (WriteBehindStore),
    // so a chunk costs no serialisation, store write or changelog record of its own.
    int objects = settings.cachedObjects();
    topology.addStateStore(
        WriteBehindStore.builder(store(config, SEQUENCE_STORE), new SequenceStateSerde(), objects),
        PROCESSOR);
    topology.addStateStore(
        WriteBehindStore.builder(store(config, GROUP_STORE), new GroupStateSerde(), objects),
        PROCESSOR);
    topology.addStateStore(
        WriteBehindStore.builder(store(config, STATS_STORE), new StatsWindowSerde(), objects),
        PROCESSOR);
    sink(topology, STEP_SCORES_SINK, topics.stepScores(), keys, serdes);
    sink(topology, REJECTIONS_SINK, topics.rejections(), keys, serdes);
    sink(topology, REWARDS_SINK, topics.rewards(), keys, serdes);
    sink(topology, GROUP_REWARDS_SINK, topics.groupRewards(), keys, serdes);
    StatsWindowSerde shares = new StatsWindowSerde();
    topology.addSink(
        STATS_PARTIALS_SINK, topics.metricsPartials(), keys, shares.serializer(), PROCESSOR);
    topology.addSource(
        STATS_PARTIALS_SOURCE,
        Serdes.String().deserializer(),
        shares.deserializer(),
        topics.metricsPartials());
    topology.addProcessor(
        STATS_MERGER,
        () ->
            new StatsMerger(
                STATS_MERGED_STORE,
                METRICS_SINK,
                settings.metricsWindowMs(),
                config.getLong(RewardStreamConfig.METRICS_GRACE_MS_CONFIG),
                settings.timersIntervalMs()),
        STATS_PARTIALS_SOURCE);
    topology.addStateStore(
        Stores.keyValueStoreBuilder(
            store(config, STATS_MERGED_STORE), Serdes.String(), new StatsWindowSerde()),
        STATS_MERGER);
    topology.<String, SpecificRecord>addSink(
        METRICS_SINK, topics.metrics(), keys, serdes.events(), STATS_MERGER);
    return topology;
  }

  private static KeyValueBytesStoreSupplier store(RewardStreamConfig config, String name) {
    return config.getString(RewardStreamConfig.STATE_STORE_CONFIG).equals("in-memory")
        ? Stores.inMemoryKeyValueStore(name)
        : Stores.persistentKeyValueStore(name);
  }

  private static void sink(
      Topology topology, String name, String topic, StringSerializer keys, EventSerdes serdes) {
    topology.<String, SpecificRecord>addSink(name, topic, keys, serdes.events(), PROCESSOR);
  }

  /** Kafka Streams settings RewardStream relies on, overridable by the user's own. */
  public static Map<String, Object> streamsDefaults(Topics topics) {
    return StreamsDefaults.of(topics);
  }
}

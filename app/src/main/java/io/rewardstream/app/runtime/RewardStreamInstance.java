package io.rewardstream.app.runtime;

import io.rewardstream.app.config.AppConfig;
import io.rewardstream.app.metrics.MeteredRewardModel;
import io.rewardstream.app.metrics.Observability;
import io.rewardstream.app.metrics.OutcomeMonitor;
import io.rewardstream.scorer.RewardModel;
import io.rewardstream.serde.SpecificAvroDeserializer;
import io.rewardstream.topology.RewardStreamConfig;
import io.rewardstream.topology.RewardTopology;
import io.rewardstream.topology.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;

/**
 * Starts one RewardStream instance the way {@code run} and {@code local} run it: the topology
 * scoring through a metered model, the chosen stream-thread failure policy, the HTTP endpoint, and
 * (with {@code monitor.outcomes}) the outcome monitor behind the decision-latency histogram.
 */
public final class RewardStreamInstance {
  private RewardStreamInstance() {}

  /**
   * Starts the instance; the caller closes the returned service (and, after it, the model).
   *
   * @param settings every setting (the serdes of the outcome monitor read theirs from it)
   * @param streamsProperties the Kafka Streams properties
   * @param httpHost the address the HTTP endpoint binds to
   */
  public static StreamsService start(
      Map<String, String> settings,
      RewardStreamConfig topology,
      AppConfig app,
      Properties streamsProperties,
      RewardModel model,
      String httpHost) {
    Topics topics = topology.topics();
    Observability observability = new Observability();
    StreamsService service;
    try {
      service =
          StreamsService.start(
              RewardTopology.build(
                  topology, topics, new MeteredRewardModel(model, observability.registry())),
              streamsProperties,
              new ThreadFailurePolicy(app.getInt(AppConfig.MAX_THREAD_REPLACEMENTS_CONFIG)),
              observability,
              httpHost,
              app.getInt(AppConfig.HTTP_PORT_CONFIG),
              Duration.ofMillis(app.getLong(AppConfig.SHUTDOWN_TIMEOUT_MS_CONFIG)));
    } catch (RuntimeException e) {
      observability.close();
      throw e;
    }
    if (app.getBoolean(AppConfig.MONITOR_OUTCOMES_CONFIG)) {
      SpecificAvroDeserializer<SpecificRecord> values = new SpecificAvroDeserializer<>();
      values.configure(new HashMap<>(settings), false);
      OutcomeMonitor monitor =
          new OutcomeMonitor(
              KafkaSettings.monitorConsumer(streamsProperties),
              values,
              topics,
              observability.registry());
      monitor.start();
      service.closeWith(monitor);
    }
    service.closeWith(observability);
    return service;
  }
}

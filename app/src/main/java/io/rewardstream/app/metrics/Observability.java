package io.rewardstream.app.metrics;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The Prometheus registry behind {@code /metrics}: JVM and process metrics, every Kafka Streams
 * metric (its own and RewardStream's sensors in scope {@code rewardstream}) through Micrometer's
 * Kafka Streams binder, and the meters the application adds (scoring batches, decision latency).
 */
public final class Observability implements AutoCloseable {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final List<AutoCloseable> binders = new ArrayList<>();

  /** How often new Kafka Streams metrics (tasks assigned after start) are looked for. */
  static final Duration STREAMS_METRICS_REFRESH = Duration.ofSeconds(10);

  private final ScheduledExecutorService refresher =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "rewardstream-metrics-refresh");
            t.setDaemon(true);
            return t;
          });

  public Observability() {
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    binders.add(gc);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /**
   * Exports {@code streams}' metrics, RewardStream's sensors included. Task-level metrics and the
   * topology's sensors appear when tasks are assigned, after binding; they are picked up at the
   * next refresh.
   */
  public void bind(KafkaStreams streams) {
    KafkaStreamsMetrics metrics =
        new KafkaStreamsMetrics(streams, List.of(), refresher, STREAMS_METRICS_REFRESH);
    metrics.bindTo(registry);
    binders.add(metrics);
  }

  /** The Prometheus text exposition of every meter. */
  public String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    for (AutoCloseable binder : binders) {
      try {
        binder.close();
      } catch (Exception e) {
        // Closing a binder only unregisters listeners; nothing to recover.
      }
    }
    refresher.shutdownNow();
    registry.close();
  }
}

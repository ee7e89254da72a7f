package io.rewardstream.app.runtime;

import io.rewardstream.app.ExitCodes;
import io.rewardstream.app.StartupException;
import io.rewardstream.app.http.GroupQuery;
import io.rewardstream.app.http.HttpEndpoint;
import io.rewardstream.app.metrics.Observability;
import io.rewardstream.scorer.RewardModel;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KafkaStreams.State;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running RewardStream instance: the Kafka Streams application with its failure policy, the
 * HTTP endpoint and the metrics, started and stopped together. The {@code run}, {@code local} and
 * {@code demo} commands all run the topology through it.
 */
public final class StreamsService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StreamsService.class);

  private final KafkaStreams streams;
  private final ThreadFailurePolicy failurePolicy;
  private final Duration shutdownTimeout;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final List<AutoCloseable> companions = new ArrayList<>();
  private HttpEndpoint http;
  private volatile boolean closing;
  private boolean closed;

  private StreamsService(
      KafkaStreams streams, ThreadFailurePolicy failurePolicy, Duration shutdownTimeout) {
    this.streams = streams;
    this.failurePolicy = failurePolicy;
    this.shutdownTimeout = shutdownTimeout;
  }

  /**
   * Creates the Kafka Streams application for {@code topology}, exports its metrics to {@code
   * observability}, starts the HTTP endpoint (unless {@code httpPort} is -1) and the application.
   */
  public static StreamsService start(
      Topology topology,
      Properties streamsSettings,
      ThreadFailurePolicy failurePolicy,
      Observability observability,
      String httpHost,
      int httpPort,
      Duration shutdownTimeout) {
    KafkaStreams streams = new KafkaStreams(topology, streamsSettings);
    StreamsService service = new StreamsService(streams, failurePolicy, shutdownTimeout);
    streams.setUncaughtExceptionHandler(failurePolicy);
    streams.setStateListener(
        (now, before) -> {
          LOG.info("Kafka Streams state {} -> {}", before, now);
          if (now == State.ERROR || (now == State.NOT_RUNNING && !service.closing)) {
            service.stopped.countDown();
          }
        });
    observability.bind(streams);
    try {
      if (httpPort >= 0) {
        service.http =
            HttpEndpoint.start(
                httpHost,
                httpPort,
                () -> streams.state().name(),
                () -> streams.state() == State.RUNNING,
                observability::scrape,
                GroupQuery.of(streams));
      }
      streams.start();
    } catch (IOException e) {
      streams.close(Duration.ZERO);
      throw new StartupException(
          "Cannot start the HTTP endpoint on "
              + httpHost
              + ":"
              + httpPort
              + ": "
              + (e instanceof java.net.BindException ? "address already in use" : e.toString())
              + "; set http.port to a free port, 0 for any free port, or -1 for no endpoint",
          e);
    } catch (RuntimeException e) {
      service.close();
      throw e;
    }
    return service;
  }

  public KafkaStreams streams() {
    return streams;
  }

  /** The HTTP port, or -1 when the endpoint is disabled. */
  public int httpPort() {
    return http == null ? -1 : http.port();
  }

  /** Closes {@code companion} (a monitor, a model) after the streams application. */
  public void closeWith(AutoCloseable companion) {
    companions.add(companion);
  }

  /** Waits until the application is RUNNING; false on timeout or failure. */
  public boolean awaitRunning(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      State state = streams.state();
      if (state == State.RUNNING) {
        return true;
      }
      if (state == State.ERROR || state == State.NOT_RUNNING || state == State.PENDING_ERROR) {
        return false;
      }
      Thread.sleep(50);
    }
    return false;
  }

  /**
   * Blocks until the application fails or {@link #close()} is called (by a shutdown hook); returns
   * the exit code.
   */
  public int awaitTermination() throws InterruptedException {
    stopped.await();
    return failed() ? ExitCodes.FAILED : ExitCodes.OK;
  }

  /** Whether the application stopped because of a failure. */
  public boolean failed() {
    return !closing || failurePolicy.fatalFailure() != null || streams.state() == State.ERROR;
  }

  /** Waits at most {@code timeout} for termination; true when terminated. */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Stops gracefully: Kafka Streams leaves its group and commits, then the rest is closed. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    closing = true;
    LOG.info("Shutting down (waiting up to {} ms for Kafka Streams)", shutdownTimeout.toMillis());
    boolean clean =
        streams.close(
            CloseOptions.timeout(shutdownTimeout)
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
    if (!clean) {
      LOG.warn("Kafka Streams did not close within {} ms", shutdownTimeout.toMillis());
    }
    if (http != null) {
      http.close();
    }
    for (AutoCloseable companion : companions) {
      if (!clean && companion instanceof RewardModel) {
        // Stream or scorer threads may still be in a model call: closing its native session
        // under them could crash the JVM. The process exit releases it.
        LOG.warn("Leaving the reward model open: Kafka Streams threads may still be using it");
        continue;
      }
      try {
        companion.close();
      } catch (Exception e) {
        LOG.warn("Error while closing {}", companion, e);
      }
    }
    stopped.countDown();
  }
}

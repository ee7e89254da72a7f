package io.rewardstream.topology.state;

import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext;

/** A state store context for a store tested on its own. */
public final class StoreContexts {
  private StoreContexts() {}

  /**
   * A mock context configured as the application's own (no global stores: the processing exception
   * handler covers the global thread too, as in production, so Kafka Streams does not warn about it
   * on every store).
   */
  public static StateStoreContext mock() {
    Properties config = new Properties();
    config.put(StreamsConfig.APPLICATION_ID_CONFIG, "rewardstream-store-test");
    config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    config.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
    return new MockProcessorContext<>(config).getStateStoreContext();
  }
}

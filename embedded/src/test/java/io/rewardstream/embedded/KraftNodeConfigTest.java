package io.rewardstream.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Paths;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class KraftNodeConfigTest {

  @Test
  void shouldRunBrokerAndControllerOnLoopbackPorts() {
    Properties props = KraftNodeConfig.build(9092, 9093, Paths.get("/data"), Map.of());

    assertThat(props)
        .containsEntry("process.roles", "broker,controller")
        .containsEntry("controller.quorum.voters", "1@127.0.0.1:9093")
        .containsEntry("listeners", "PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093")
        .containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.1:9092");
  }

  @Test
  void shouldAllowTransactionsOnASingleNode() {
    Properties props = KraftNodeConfig.build(1, 2, Paths.get("/data"), Map.of());

    assertThat(props)
        .containsEntry("transaction.state.log.replication.factor", "1")
        .containsEntry("transaction.state.log.min.isr", "1")
        .containsEntry("offsets.topic.replication.factor", "1")
        .containsEntry("group.initial.rebalance.delay.ms", "0");
  }

  @Test
  void shouldApplyOverridesLast() {
    Properties props =
        KraftNodeConfig.build(1, 2, Paths.get("/data"), Map.of("log.segment.bytes", "2097152"));

    assertThat(props).containsEntry("log.segment.bytes", "2097152");
  }
}

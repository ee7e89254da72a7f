package io.rewardstream.app.runtime;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rewardstream.app.StartupException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.internals.KafkaFutureImpl;
import org.junit.jupiter.api.Test;

class TopicProvisionerTest {

  private static KafkaFuture<Void> failed(RuntimeException cause) {
    KafkaFutureImpl<Void> future = new KafkaFutureImpl<>();
    future.completeExceptionally(cause);
    return future;
  }

  @Test
  void shouldCountATopicAnotherInstanceCreatedMeanwhileAsCreated() {
    Map<String, KafkaFuture<Void>> results =
        Map.of(
            "rewardstream.rewards", failed(new TopicExistsException("exists")),
            "rewardstream.dlq", KafkaFuture.completedFuture(null));

    assertThatCode(() -> TopicProvisioner.awaitCreated(results, Duration.ofSeconds(5)))
        .doesNotThrowAnyException();
  }

  @Test
  void shouldNameEveryTopicThatCouldNotBeCreatedEvenNextToOneThatExists() {
    Map<String, KafkaFuture<Void>> results = new LinkedHashMap<>();
    results.put("rewardstream.rewards", failed(new TopicExistsException("exists")));
    results.put("rewardstream.metrics", failed(new PolicyViolationException("no such name")));
    results.put("rewardstream.dlq", new KafkaFutureImpl<>());

    assertThatThrownBy(() -> TopicProvisioner.awaitCreated(results, Duration.ofMillis(200)))
        .isInstanceOf(StartupException.class)
        .hasMessageContaining("rewardstream.metrics=")
        .hasMessageContaining("no such name")
        .hasMessageContaining("rewardstream.dlq=no answer within 200 ms")
        .hasMessageNotContaining("rewardstream.rewards");
  }
}

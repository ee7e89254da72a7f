package io.rewardstream.app.runtime;

import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
import static org.assertj.core.api.Assertions.assertThat;

import io.rewardstream.serde.SchemaRegistryUnavailableException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;

class ThreadFailurePolicyTest {
  private final AtomicLong clock = new AtomicLong(1_000_000);

  @Test
  void shouldReplaceTheThreadOnATransientKafkaError() {
    ThreadFailurePolicy policy = new ThreadFailurePolicy(3, clock::get);

    assertThat(policy.handle(new StreamsException(new TimeoutException("fetch timed out"))))
        .isEqualTo(REPLACE_THREAD);
    assertThat(policy.fatalFailure()).isNull();
  }

  @Test
  void shouldReplaceTheThreadWhenTheSchemaRegistryDidNotAnswer() {
    ThreadFailurePolicy policy = new ThreadFailurePolicy(3, clock::get);
    Exception down =
        new SchemaRegistryUnavailableException("http://registry:8081", 4, "refused", -1, null);

    assertThat(policy.handle(new StreamsException(new StreamsException(down))))
        .isEqualTo(REPLACE_THREAD);
  }

  @Test
  void shouldShutTheInstanceDownOnAnyOtherFailure() {
    ThreadFailurePolicy policy = new ThreadFailurePolicy(3, clock::get);
    IllegalStateException modelFailure = new IllegalStateException("ONNX Runtime out of memory");

    assertThat(policy.handle(new StreamsException(modelFailure))).isEqualTo(SHUTDOWN_CLIENT);
    assertThat(policy.fatalFailure()).hasRootCause(modelFailure);
  }

  @Test
  void shouldShutDownOnceTheReplacementBudgetOfTheWindowIsSpent() {
    ThreadFailurePolicy policy = new ThreadFailurePolicy(2, clock::get);
    TimeoutException timeout = new TimeoutException("t");

    assertThat(policy.handle(timeout)).isEqualTo(REPLACE_THREAD);
    assertThat(policy.handle(timeout)).isEqualTo(REPLACE_THREAD);
    assertThat(policy.handle(timeout)).isEqualTo(SHUTDOWN_CLIENT);
  }

  @Test
  void shouldForgetReplacementsOlderThanTheWindow() {
    ThreadFailurePolicy policy = new ThreadFailurePolicy(1, clock::get);
    TimeoutException timeout = new TimeoutException("t");

    assertThat(policy.handle(timeout)).isEqualTo(REPLACE_THREAD);
    clock.addAndGet(ThreadFailurePolicy.WINDOW_MS);

    assertThat(policy.handle(timeout)).isEqualTo(REPLACE_THREAD);
  }
}

package io.rewardstream.serde;

import io.rewardstream.embedded.ApicurioRegistry;
import io.rewardstream.embedded.EmbeddedKafkaBroker;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts one embedded Kafka broker and one Apicurio registry for all integration test classes of
 * the run, in parallel, and stops them when the run ends (JUnit closes the root store's {@link
 * AutoCloseable} values). Test classes opt in with {@code @ExtendWith(SharedInfrastructure.class)}
 * and reach the components through {@link #broker()} and {@link #registry()}.
 */
final class SharedInfrastructure implements BeforeAllCallback {

  private static volatile Components components;

  /** The running components; holds both so the store closes them together. */
  private record Components(EmbeddedKafkaBroker broker, ApicurioRegistry registry)
      implements AutoCloseable {
    @Override
    public void close() {
      try {
        registry.close();
      } finally {
        broker.close();
      }
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    components =
        context
            .getRoot()
            .getStore(ExtensionContext.Namespace.GLOBAL)
            .getOrComputeIfAbsent(SharedInfrastructure.class, key -> start(), Components.class);
  }

  static EmbeddedKafkaBroker broker() {
    return components.broker();
  }

  static ApicurioRegistry registry() {
    return components.registry();
  }

  private static Components start() {
    // The registry takes longest to start; the broker comes up meanwhile on this thread.
    CompletableFuture<ApicurioRegistry> registry =
        CompletableFuture.supplyAsync(() -> ApicurioRegistry.builder().start());
    Path dataDir = Paths.get("target", "it-kafka", UUID.randomUUID().toString());
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(dataDir).start();
    try {
      return new Components(broker, registry.join());
    } catch (RuntimeException e) {
      broker.close();
      throw e;
    }
  }
}

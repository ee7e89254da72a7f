package io.rewardstream.embedded;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApicurioRegistryTest {

  @Test
  void shouldSayWhereTheAppIsExpectedWhenItWasNotUnpacked(@TempDir Path emptyHome) {
    assertThatThrownBy(() -> ApicurioRegistry.builder().home(emptyHome).start())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(emptyHome.resolve("quarkus-run.jar").toString())
        .hasMessageContaining("io.apicurio:apicurio-registry-app:tar.gz:all");
  }
}

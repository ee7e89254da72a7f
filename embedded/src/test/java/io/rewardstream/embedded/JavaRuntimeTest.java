package io.rewardstream.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Paths;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JavaRuntimeTest {

  private final String previous = System.getProperty(JavaRuntime.REGISTRY_JAVA_PROPERTY);

  @AfterEach
  void restoreProperty() {
    if (previous == null) {
      System.clearProperty(JavaRuntime.REGISTRY_JAVA_PROPERTY);
    } else {
      System.setProperty(JavaRuntime.REGISTRY_JAVA_PROPERTY, previous);
    }
  }

  @Test
  void shouldReadFeatureReleaseFromModernVersionOutput() {
    assertThat(JavaRuntime.parseFeature("openjdk version \"25.0.1\" 2025-10-21 LTS"))
        .isEqualTo(OptionalInt.of(25));
    assertThat(JavaRuntime.parseFeature("openjdk version \"21\" 2023-09-19"))
        .isEqualTo(OptionalInt.of(21));
  }

  @Test
  void shouldReadFeatureReleaseFromLegacyVersionOutput() {
    assertThat(JavaRuntime.parseFeature("java version \"1.8.0_402\"")).isEqualTo(OptionalInt.of(8));
  }

  @Test
  void shouldFindNoFeatureReleaseInUnrelatedOutput() {
    assertThat(JavaRuntime.parseFeature("bash: java: command not found")).isEmpty();
  }

  @Test
  void shouldProbeTheRunningJvm() {
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    assertThat(JavaRuntime.probe(Paths.get(java)))
        .isEqualTo(OptionalInt.of(Runtime.version().feature()));
  }

  @Test
  void shouldNameEveryCandidateAndItsVersionWhenNoneIsRecentEnough() {
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    System.setProperty(JavaRuntime.REGISTRY_JAVA_PROPERTY, java);
    int tooHigh = 999;

    assertThatThrownBy(() -> JavaRuntime.locate(tooHigh))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("No Java " + tooHigh + "+ found")
        .hasMessageContaining(java + " is Java " + Runtime.version().feature())
        .hasMessageContaining("-D" + JavaRuntime.REGISTRY_JAVA_PROPERTY);
  }

  @Test
  void shouldReportAMissingConfiguredJavaAsNotUsable() {
    System.setProperty(JavaRuntime.REGISTRY_JAVA_PROPERTY, "/nonexistent/bin/java");

    assertThatThrownBy(() -> JavaRuntime.locate(999))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("/nonexistent/bin/java is not usable");
  }

  @Test
  void shouldFallBackToAnotherJavaWhenTheConfiguredOneIsMissing() {
    System.setProperty(JavaRuntime.REGISTRY_JAVA_PROPERTY, "/nonexistent/bin/java");
    int running = Runtime.version().feature();

    JavaRuntime found = JavaRuntime.locate(running);

    assertThat(found.feature()).isGreaterThanOrEqualTo(running);
    assertThat(found.executable()).isNotEqualTo(Paths.get("/nonexistent/bin/java"));
  }
}

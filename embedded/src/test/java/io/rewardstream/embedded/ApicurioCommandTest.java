package io.rewardstream.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApicurioCommandTest {

  private static final JavaRuntime JAVA = new JavaRuntime(Paths.get("/opt/java/bin/java"), 25);
  private static final Path JAR = Paths.get("/opt/apicurio/quarkus-run.jar");

  @Test
  void shouldBindBothInterfacesToLoopbackOnTheGivenPorts() {
    List<String> command = ApicurioCommand.build(JAVA, JAR, 18081, 19001, Map.of());

    assertThat(command.get(0)).isEqualTo("/opt/java/bin/java");
    assertThat(command)
        .contains(
            "-Dquarkus.http.host=127.0.0.1",
            "-Dquarkus.http.port=18081",
            "-Dquarkus.management.host=127.0.0.1",
            "-Dquarkus.management.port=19001")
        .endsWith("-jar", JAR.toString());
  }

  @Test
  void shouldStoreInMemoryAndCheckBackwardCompatibilityLikeConfluent() {
    List<String> command = ApicurioCommand.build(JAVA, JAR, 1, 2, Map.of());

    assertThat(command)
        .contains(
            "-Dapicurio.storage.kind=sql",
            "-Dapicurio.storage.sql.kind=h2",
            "-Dapicurio.datasource.url=jdbc:h2:mem:registry",
            "-Dapicurio.rules.global.compatibility=BACKWARD");
  }

  @Test
  void shouldLetExtraPropertiesOverrideTheDefaults() {
    List<String> command =
        ApicurioCommand.build(
            JAVA, JAR, 1, 2, Map.of("apicurio.rules.global.compatibility", "FULL"));

    assertThat(command)
        .contains("-Dapicurio.rules.global.compatibility=FULL")
        .doesNotContain("-Dapicurio.rules.global.compatibility=BACKWARD");
  }
}

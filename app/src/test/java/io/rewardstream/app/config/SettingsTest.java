package io.rewardstream.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

  @Test
  void shouldLetEnvironmentOverrideTheFileAndTheCommandLineOverrideBoth(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("rewardstream.properties");
    Files.writeString(file, "scorer.device=cpu\nrejection.keep=1/2\nbootstrap.servers=file:9092\n");

    Settings settings =
        Settings.load(
            file,
            Map.of("REWARDSTREAM_SCORER_DEVICE", "cuda:0", "REWARDSTREAM_REJECTION_KEEP", "3"),
            Map.of("rejection.keep", "2"));

    assertThat(settings.values())
        .containsEntry("scorer.device", "cuda:0")
        .containsEntry("rejection.keep", "2")
        .containsEntry("bootstrap.servers", "file:9092");
    assertThat(settings.origin("scorer.device")).isEqualTo("env REWARDSTREAM_SCORER_DEVICE");
    assertThat(settings.origin("rejection.keep")).isEqualTo("command line");
    assertThat(settings.origin("bootstrap.servers")).isEqualTo(file.toString());
  }

  @Test
  void shouldFailNamingTheMissingFile(@TempDir Path dir) {
    Path missing = dir.resolve("nope.properties");

    assertThatThrownBy(() -> Settings.load(missing, Map.of(), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nope.properties")
        .hasMessageContaining("does not exist");
  }

  @Test
  void shouldMaskSecretsInTheSummaryButShowEverythingElse() {
    ConfigDef withPassword =
        new ConfigDef()
            .define(
                "basic.auth.user.info",
                ConfigDef.Type.PASSWORD,
                "",
                ConfigDef.Importance.LOW,
                "credentials");
    Settings settings =
        Settings.of(
            Map.of(
                "basic.auth.user.info", "alice:s3cret",
                "sasl.jaas.config", "org.apache.kafka...PlainLoginModule password=\"p\";",
                "ssl.truststore.password", "changeit",
                "bearer.auth.token", "tok",
                "schema.registry.url", "https://bob:pw@registry:8081",
                "score.every-tokens", "64",
                "basic.auth.credentials.source", "USER_INFO"),
            "test");

    String summary = ConfigSummary.render(settings, new Secrets(List.of(withPassword)));

    assertThat(summary)
        .doesNotContain("s3cret", "password=\"p\"", "changeit", "tok\n", "bob:pw")
        .contains("score.every-tokens")
        .contains("= 64")
        .contains("https://[hidden]@registry:8081")
        .contains("basic.auth.credentials.source = USER_INFO");
  }

  @Test
  void shouldNotTakeTokenCountsForSecrets() {
    Secrets secrets = new Secrets(List.of());

    assertThat(secrets.isSecret("score.every-tokens")).isFalse();
    assertThat(secrets.isSecret("chunk.max-tokens")).isFalse();
    assertThat(secrets.isSecret("bearer.auth.token")).isTrue();
    assertThat(secrets.isSecret("ssl.key.password")).isTrue();
  }
}

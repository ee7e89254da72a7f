package io.rewardstream.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rewardstream.avro.StepScore;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RegistryAuthenticationTest {

  private final FakeRegistryServer server = FakeRegistryServer.http().respond(200, "{\"id\":1}");

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void shouldSendBasicCredentialsFromUserInfo() {
    register(server.url(), Map.of(AvroSerdeConfig.BASIC_AUTH_USER_INFO_CONFIG, "alice:s3cret"));

    assertThat(server.requests().get(0).authorization())
        .isEqualTo("Basic " + base64("alice:s3cret"));
  }

  @Test
  void shouldSendBasicCredentialsFromTheUrlWithoutPuttingThemInThePath() {
    String url = server.url().replace("http://", "http://bob:pw@");

    register(url, Map.of(AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG, "URL"));

    assertThat(server.requests().get(0).authorization()).isEqualTo("Basic " + base64("bob:pw"));
    assertThat(server.requests().get(0).path()).isEqualTo("/subjects/scores-value/versions");
  }

  @Test
  void shouldSendTheBearerToken() {
    register(server.url(), Map.of(AvroSerdeConfig.BEARER_AUTH_TOKEN_CONFIG, "tok-123"));

    assertThat(server.requests().get(0).authorization()).isEqualTo("Bearer tok-123");
  }

  @Test
  void shouldSendNoCredentialsByDefault() {
    register(server.url(), Map.of());

    assertThat(server.requests().get(0).authorization()).isNull();
  }

  @Test
  void shouldRefuseBasicAndBearerCredentialsTogether() {
    Map<String, Object> both =
        Map.of(
            AvroSerdeConfig.BASIC_AUTH_USER_INFO_CONFIG, "alice:s3cret",
            AvroSerdeConfig.BEARER_AUTH_TOKEN_CONFIG, "tok-123");

    assertThatThrownBy(() -> register(server.url(), both))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("not both");
  }

  private void register(String url, Map<String, Object> overrides) {
    new RestSchemaRegistryClient(RestSchemaRegistryClientTest.config(url, overrides))
        .register("scores-value", StepScore.getClassSchema());
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}

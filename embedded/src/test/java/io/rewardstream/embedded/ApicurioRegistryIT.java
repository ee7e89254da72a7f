package io.rewardstream.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ApicurioRegistryIT {

  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final String V1 =
      "{\"schema\":\"{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"T\\\","
          + "\\\"fields\\\":[{\\\"name\\\":\\\"a\\\",\\\"type\\\":\\\"string\\\"}]}\"}";
  private static final String V2_WITHOUT_DEFAULT =
      "{\"schema\":\"{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"T\\\","
          + "\\\"fields\\\":[{\\\"name\\\":\\\"a\\\",\\\"type\\\":\\\"string\\\"},"
          + "{\\\"name\\\":\\\"b\\\",\\\"type\\\":\\\"int\\\"}]}\"}";

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void shouldServeTheConfluentApiWithBackwardCompatibilityAndStopOnClose() throws Exception {
    ApicurioRegistry registry = ApicurioRegistry.builder().start();
    String url = registry.confluentUrl();
    try {
      assertThat(url).matches("http://127\\.0\\.0\\.1:\\d+/apis/ccompat/v7");

      assertThat(get(url + "/config").body()).contains("BACKWARD");
      assertThat(post(url + "/subjects/t-value/versions", V1).statusCode()).isEqualTo(200);
      assertThat(post(url + "/subjects/t-value/versions", V2_WITHOUT_DEFAULT).statusCode())
          .as("a new required field breaks BACKWARD compatibility")
          .isEqualTo(409);
    } finally {
      registry.close();
    }
    assertThat(registry.isAlive()).isFalse();
    assertThatThrownBy(() -> get(url + "/subjects")).isInstanceOf(ConnectException.class);
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String url, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", CONTENT_TYPE)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}

package io.rewardstream.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.rewardstream.app.metrics.Observability;
import io.rewardstream.topology.state.Checkpoint;
import io.rewardstream.topology.state.GroupState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpEndpointTest {
  private final HttpClient client = HttpClient.newHttpClient();
  private final AtomicBoolean ready = new AtomicBoolean(false);
  private final Observability observability = new Observability();
  private HttpEndpoint endpoint;

  @BeforeEach
  void start() throws Exception {
    GroupState group = new GroupState("g-1", 2, 1_700_000_000_000L);
    group.addMember("c00").scored(Checkpoint.stepEnd(1), 0.93, 1L);
    group.addMember("c01").reject();
    GroupState ended = new GroupState("g-2", 2, 1_700_000_000_000L);
    ended.addMember("c00");
    ended.end(1_700_000_060_000L);
    Map<String, GroupState> store =
        Map.of("g-1", group, "g-2", ended, "a+b/c", new GroupState("a+b/c", 3, 0L));
    endpoint =
        HttpEndpoint.start(
            "127.0.0.1",
            0,
            () -> ready.get() ? "RUNNING" : "REBALANCING",
            ready::get,
            observability::scrape,
            new GroupQuery(
                id -> {
                  if (id.equals("moving")) {
                    throw new IllegalStateException("the groups store is migrating");
                  }
                  return store.get(id);
                }));
  }

  @AfterEach
  void stop() {
    endpoint.close();
    observability.close();
  }

  @Test
  void shouldAnswerHealthWhileServing() throws Exception {
    HttpResponse<String> response = get("/health");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"status\":\"UP\"}");
  }

  @Test
  void shouldBeReadyOnlyWhenTheStreamsAppIsRunning() throws Exception {
    assertThat(get("/ready").statusCode()).isEqualTo(503);
    assertThat(get("/ready").body()).contains("REBALANCING");

    ready.set(true);

    assertThat(get("/ready").statusCode()).isEqualTo(200);
    assertThat(get("/ready").body()).isEqualTo("{\"ready\":true,\"state\":\"RUNNING\"}");
  }

  @Test
  void shouldServePrometheusTextWithJvmAndApplicationMeters() throws Exception {
    Counter.builder("rewardstream.test.events").register(observability.registry()).increment(3);

    HttpResponse<String> response = get("/metrics");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .get()
        .asString()
        .startsWith("text/plain");
    assertThat(response.body())
        .contains("rewardstream_test_events_total 3.0")
        .contains("jvm_memory_used_bytes");
  }

  @Test
  void shouldServeALiveGroupAsJson() throws Exception {
    HttpResponse<String> response = get("/groups/g-1");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode json = new ObjectMapper().readTree(response.body());
    assertThat(json.get("group_id").asText()).isEqualTo("g-1");
    assertThat(json.get("group_size").asInt()).isEqualTo(2);
    assertThat(json.get("members_live").asInt()).isEqualTo(1);
    assertThat(json.get("members").get(0).get("sequence_id").asText()).isEqualTo("c00");
    assertThat(json.get("members").get(0).get("checkpoint").asText()).isEqualTo("step 1 end");
    assertThat(json.get("members").get(0).get("score").asDouble()).isEqualTo(0.93);
    assertThat(json.get("members").get(1).get("status").asText()).isEqualTo("rejected");
    assertThat(json.get("members").get(1).get("score").isNull()).isTrue();
    assertThat(json.get("ended_at").isNull()).isTrue();
  }

  @Test
  void shouldReadAPlusInTheGroupIdAsAPlusAndAnEncodedSlashAsASlash() throws Exception {
    HttpResponse<String> response = get("/groups/a+b%2Fc");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(new ObjectMapper().readTree(response.body()).get("group_id").asText())
        .isEqualTo("a+b/c");
  }

  @Test
  void shouldServeAnEndedGroupAsItsEndTimeWithoutMembers() throws Exception {
    HttpResponse<String> response = get("/groups/g-2");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode json = new ObjectMapper().readTree(response.body());
    assertThat(json.get("ended_at").asText()).isEqualTo("2023-11-14T22:14:20Z");
    assertThat(json.get("members")).isEmpty();
    assertThat(json.get("members_not_started").asInt()).isZero();
  }

  @Test
  void shouldAnswer404ForAnUnknownGroupAnd503WhileTheStoreIsNotQueryable() throws Exception {
    assertThat(get("/groups/nope").statusCode()).isEqualTo(404);
    assertThat(get("/groups/moving").statusCode()).isEqualTo(503);
    assertThat(get("/groups/moving").body()).contains("migrating");
    assertThat(get("/elsewhere").statusCode()).isEqualTo(404);
  }

  @Test
  void shouldRefuseEverythingButGetAndHead() throws Exception {
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(uri("/health"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD");
  }

  private HttpResponse<String> get(String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + endpoint.port() + path);
  }
}

package io.rewardstream.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rewardstream.avro.StepScore;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RestSchemaRegistryClientTest {

  private static final Schema SCHEMA = StepScore.getClassSchema();

  private final FakeRegistryServer server = FakeRegistryServer.http();

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void shouldRegisterWithTheRegistryContentTypeAndReturnTheId() throws Exception {
    server.respond(200, "{\"id\":42}");

    int id = client(Map.of()).register("scores-value", SCHEMA);

    assertThat(id).isEqualTo(42);
    FakeRegistryServer.Request request = server.requests().get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/subjects/scores-value/versions");
    assertThat(request.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
    assertThat(new Schema.Parser().parse(jsonField(request.body(), "schema"))).isEqualTo(SCHEMA);
  }

  @Test
  void shouldFetchASchemaById() {
    server.respond(200, "{\"schema\":" + quoted(SCHEMA.toString()) + "}");

    Schema schema = client(Map.of()).getSchemaById(7);

    assertThat(schema).isEqualTo(SCHEMA);
    assertThat(server.requests().get(0).path()).isEqualTo("/schemas/ids/7");
  }

  @Test
  void shouldLookUpASchemaUnderAnEncodedSubject() {
    server.respond(200, "{\"subject\":\"a b/c\",\"version\":1,\"id\":9,\"schema\":\"{}\"}");

    assertThat(client(Map.of()).getId("a b/c", SCHEMA)).isEqualTo(9);
    assertThat(server.requests().get(0).path()).isEqualTo("/subjects/a%20b%2Fc");
  }

  @Test
  void shouldCallTheRegistryOncePerSchemaThroughTheCache() {
    server.respond(200, "{\"id\":5}");
    SchemaRegistryClient cached = new CachedSchemaRegistryClient(client(Map.of()));

    cached.register("scores-value", SCHEMA);
    cached.register("scores-value", SCHEMA);
    cached.getId("scores-value", SCHEMA);

    assertThat(cached.getSchemaById(5)).isEqualTo(SCHEMA);
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void shouldRetryServerErrorsThenSucceed() {
    server.respond(503, "busy").respond(502, "bad gateway").respond(200, "{\"id\":3}");

    assertThat(client(Map.of()).register("scores-value", SCHEMA)).isEqualTo(3);
    assertThat(server.requests()).hasSize(3);
  }

  @Test
  void shouldNotRetryClientErrors() {
    server.respond(422, "{\"error_code\":42201,\"message\":\"Invalid schema\"}");

    assertThatThrownBy(() -> client(Map.of()).register("scores-value", SCHEMA))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("HTTP 422")
        .hasMessageContaining("Invalid schema (error_code 42201)");
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void shouldGiveUpAfterTheRetriesNamingTheUrlAndTheLastError() {
    server.respond(503, "a").respond(503, "b").respond(503, "c").respond(500, "still down");

    assertThatThrownBy(() -> client(Map.of()).getSchemaById(1))
        .isInstanceOf(SchemaRegistryUnavailableException.class)
        .hasMessageContaining("Schema registry at " + server.url())
        .hasMessageContaining("unreachable after 4 attempts")
        .hasMessageContaining("HTTP 500")
        .hasMessageContaining("still down");
    assertThat(server.requests()).hasSize(4);
  }

  @Test
  void shouldReportAnUnreachableRegistryWithTheConnectionError() throws Exception {
    String url = "http://127.0.0.1:" + closedPort();
    RestSchemaRegistryClient client =
        new RestSchemaRegistryClient(config(url, Map.of(AvroSerdeConfig.RETRIES_CONFIG, 2)));

    assertThatThrownBy(() -> client.getSchemaById(1))
        .isInstanceOf(SchemaRegistryUnavailableException.class)
        .hasMessageContaining("Schema registry at " + url)
        .hasMessageContaining("after 3 attempts")
        .hasMessageContaining("ConnectException");
  }

  @Test
  void shouldTimeOutAHangingRegistry() {
    server.hang();
    RestSchemaRegistryClient client =
        client(
            Map.of(
                AvroSerdeConfig.RETRIES_CONFIG, 0, AvroSerdeConfig.REQUEST_TIMEOUT_MS_CONFIG, 300));

    assertThatThrownBy(() -> client.getSchemaById(1))
        .isInstanceOf(SchemaRegistryUnavailableException.class)
        .hasMessageContaining("after 1 attempt;")
        .hasMessageContaining("HttpTimeoutException");
  }

  @Test
  void shouldMapAConflictToAnIncompatibleSchemaExceptionNamingTheSubject() {
    server.respond(
        409, "{\"error_code\":409,\"message\":\"Incompatible artifact: b at /fields/1\"}");

    assertThatThrownBy(() -> client(Map.of()).register("scores-value", SCHEMA))
        .isInstanceOf(IncompatibleSchemaException.class)
        .hasMessageContaining("subject 'scores-value'")
        .hasMessageContaining("Incompatible artifact: b at /fields/1");
  }

  @Test
  void shouldMapAMissingIdToUnknownSchemaIdNamingTheRegistry() {
    server.respond(404, "{\"error_code\":40403,\"message\":\"Schema 77 not found.\"}");

    assertThatThrownBy(() -> client(Map.of()).getSchemaById(77))
        .isInstanceOf(UnknownSchemaIdException.class)
        .hasMessage("Schema id 77 is not known to the schema registry at " + server.url());
  }

  @Test
  void shouldMapAFailedLookupToSchemaNotRegistered() {
    server.respond(404, "{\"error_code\":40401,\"message\":\"Subject 'x' not found.\"}");

    assertThatThrownBy(() -> client(Map.of()).getId("x", SCHEMA))
        .isInstanceOf(SchemaNotRegisteredException.class)
        .hasMessageContaining("subject 'x'")
        .hasMessageContaining("Subject 'x' not found.");
  }

  @Test
  void shouldReadTheCompatibilityVerdict() {
    server.respond(200, "{\"is_compatible\":false}").respond(404, "{\"error_code\":40401}");
    RestSchemaRegistryClient client = client(Map.of());

    assertThat(client.isCompatible("scores-value", SCHEMA)).isFalse();
    assertThat(client.isCompatible("new-subject", SCHEMA)).as("no versions yet").isTrue();
    assertThat(server.requests().get(0).path())
        .isEqualTo("/compatibility/subjects/scores-value/versions/latest");
  }

  @Test
  void shouldTellASchemaThatIsNotAvroFromARegistryFailure() {
    server
        .respond(200, "{\"schemaType\":\"PROTOBUF\",\"schema\":\"syntax = \\\"proto3\\\";\"}")
        .respond(200, "{\"schema\":\"not json at all\"}");
    RestSchemaRegistryClient client = client(Map.of());

    assertThatThrownBy(() -> client.getSchemaById(5))
        .isInstanceOf(NotAvroSchemaException.class)
        .hasMessageContaining("is a PROTOBUF schema, not Avro")
        .satisfies(e -> assertThat(SchemaRegistryException.isRegistryFailure(e)).isFalse());
    assertThatThrownBy(() -> client.getSchemaById(6))
        .isInstanceOf(NotAvroSchemaException.class)
        .hasMessageContaining("is not a valid Avro schema");
    assertThat(SchemaRegistryException.isRegistryFailure(new UnknownSchemaIdException(7, "r")))
        .isFalse();
    assertThat(
            SchemaRegistryException.isRegistryFailure(
                new RuntimeException(new SchemaRegistryException("HTTP 401", 401))))
        .isTrue();
  }

  @Test
  void shouldRefuseARedirectNamingItsTargetInsteadOfFollowingIt() {
    server.redirect(301, "https://registry.example/subjects/scores-value/versions");

    assertThatThrownBy(() -> client(Map.of()).register("scores-value", SCHEMA))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("HTTP 301")
        .hasMessageContaining("https://registry.example/subjects/scores-value/versions");
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void shouldRefuseAnAnswerWithoutASchemaId() {
    server.respond(200, "{\"version\":3}").respond(200, "[1,2]");
    RestSchemaRegistryClient client = client(Map.of());

    assertThatThrownBy(() -> client.register("scores-value", SCHEMA))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("without a schema id: {\"version\":3}");
    assertThatThrownBy(() -> client.getId("scores-value", SCHEMA))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("without a schema id: [1,2]");
  }

  @Test
  void shouldNotTakeANotFoundPageForTheRegistrysNotFound() {
    String page = "<html><body>Not Found</body></html>";
    server.respond(404, page).respond(404, page).respond(404, "{\"error_code\":40401}");
    RestSchemaRegistryClient client = client(Map.of());

    assertThatThrownBy(() -> client.isCompatible("scores-value", SCHEMA))
        .isInstanceOf(SchemaRegistryException.class)
        .isNotInstanceOf(SchemaNotRegisteredException.class)
        .hasMessageContaining("HTTP 404 without a Schema Registry error code")
        .hasMessageContaining("does the URL point at a Schema Registry API");
    assertThatThrownBy(() -> client.getId("scores-value", SCHEMA))
        .isNotInstanceOf(SchemaNotRegisteredException.class)
        .hasMessageContaining("HTTP 404 without a Schema Registry error code");
    assertThatThrownBy(() -> client.getSchemaById(3))
        .as("an unknown id is 40403, not a missing subject")
        .isNotInstanceOf(UnknownSchemaIdException.class)
        .hasMessageContaining("40401");
  }

  @Test
  void shouldMoveToTheNextUrlWithoutRetriesAndStartThereNextTime() throws Exception {
    String dead = "http://127.0.0.1:" + closedPort();
    server.respond(200, "{\"id\":4}").respond(200, "{\"id\":5}");
    RestSchemaRegistryClient client =
        new RestSchemaRegistryClient(
            config(dead + "," + server.url(), Map.of(AvroSerdeConfig.RETRIES_CONFIG, 0)));

    assertThat(client.register("a-value", SCHEMA)).isEqualTo(4);
    assertThat(client.register("b-value", SCHEMA)).isEqualTo(5);
    assertThat(server.requests()).hasSize(2);
  }

  @Test
  void shouldTryEveryUrlInEachRoundBeforeGivingUp() throws Exception {
    String dead = "http://127.0.0.1:" + closedPort();
    server.respond(503, "busy").respond(503, "still busy");
    RestSchemaRegistryClient client =
        new RestSchemaRegistryClient(
            config(server.url() + "," + dead, Map.of(AvroSerdeConfig.RETRIES_CONFIG, 1)));

    assertThatThrownBy(() -> client.getSchemaById(1))
        .isInstanceOf(SchemaRegistryUnavailableException.class)
        .hasMessageContaining("after 4 attempts");
    assertThat(server.requests()).hasSize(2);
  }

  @Test
  void shouldBackOffExponentiallyUpToTheCap() {
    RegistryHttp http =
        RegistryHttpFactory.create(
            config(
                server.url(),
                Map.of(
                    AvroSerdeConfig.RETRY_BACKOFF_MS_CONFIG, 100,
                    AvroSerdeConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 500)));

    assertThat(http.backoffBefore(1)).isEqualTo(Duration.ofMillis(100));
    assertThat(http.backoffBefore(2)).isEqualTo(Duration.ofMillis(200));
    assertThat(http.backoffBefore(3)).isEqualTo(Duration.ofMillis(400));
    assertThat(http.backoffBefore(4)).isEqualTo(Duration.ofMillis(500));
  }

  private static int closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private RestSchemaRegistryClient client(Map<String, Object> overrides) {
    return new RestSchemaRegistryClient(config(server.url(), overrides));
  }

  static AvroSerdeConfig config(String url, Map<String, Object> overrides) {
    Map<String, Object> props = new HashMap<>();
    props.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, url);
    props.put(AvroSerdeConfig.RETRY_BACKOFF_MS_CONFIG, 1);
    props.putAll(overrides);
    return new AvroSerdeConfig(props);
  }

  private static String quoted(String text) throws RuntimeException {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(text);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String jsonField(String json, String field) throws Exception {
    return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).path(field).asText();
  }
}

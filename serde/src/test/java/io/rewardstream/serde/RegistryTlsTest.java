package io.rewardstream.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rewardstream.avro.StepScore;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyStore;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An https registry with a self-signed certificate, trusted only through a configured store. The
 * stores in {@code src/test/resources/tls} were made once with keytool (EC P-256, CN=localhost, SAN
 * ip:127.0.0.1, valid 100 years, password "changeit"): {@code -genkeypair} into registry.p12,
 * {@code -exportcert}, then {@code -importcert} into trust.p12.
 */
class RegistryTlsTest {

  private static final String PASSWORD = "changeit";

  private FakeRegistryServer server;

  @BeforeEach
  void startServer() throws Exception {
    server = FakeRegistryServer.https(serverContext()).respond(200, "{\"id\":11}");
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void shouldRegisterOverTlsWithTheConfiguredTrustStore() throws Exception {
    RestSchemaRegistryClient client =
        new RestSchemaRegistryClient(
            RestSchemaRegistryClientTest.config(
                server.url(),
                Map.of(
                    AvroSerdeConfig.SSL_TRUSTSTORE_LOCATION_CONFIG,
                    resource("trust.p12").toString(),
                    AvroSerdeConfig.SSL_TRUSTSTORE_PASSWORD_CONFIG,
                    PASSWORD)));

    assertThat(client.register("scores-value", StepScore.getClassSchema())).isEqualTo(11);
  }

  @Test
  void shouldRefuseAnUntrustedCertificateWithoutRetrying() {
    RestSchemaRegistryClient client =
        new RestSchemaRegistryClient(RestSchemaRegistryClientTest.config(server.url(), Map.of()));

    assertThatThrownBy(() -> client.register("scores-value", StepScore.getClassSchema()))
        .isInstanceOf(SchemaRegistryException.class)
        .isNotInstanceOf(SchemaRegistryUnavailableException.class)
        .hasMessageContaining("TLS failure talking to the schema registry at " + server.url());
  }

  private static SSLContext serverContext() throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(resource("registry.p12"))) {
      store.load(in, PASSWORD.toCharArray());
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, PASSWORD.toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), null, null);
    return context;
  }

  private static Path resource(String name) throws Exception {
    return Paths.get(RegistryTlsTest.class.getResource("/tls/" + name).toURI());
  }
}

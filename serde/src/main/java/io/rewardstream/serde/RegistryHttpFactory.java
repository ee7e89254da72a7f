package io.rewardstream.serde;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.common.config.ConfigException;

/**
 * Builds the {@link RegistryHttp} transport from {@link AvroSerdeConfig}: base URLs, the {@code
 * Authorization} header (basic or bearer) and the TLS context (JDK default or a configured trust
 * store).
 */
final class RegistryHttpFactory {

  private RegistryHttpFactory() {}

  static RegistryHttp create(AvroSerdeConfig config) {
    List<URI> urls = parseUrls(config.registryUrls());
    Optional<String> authorization = authorization(config, urls);
    HttpClient client =
        HttpClient.newBuilder()
            .connectTimeout(config.requestTimeout())
            .sslContext(sslContext(config))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    return new RegistryHttp(
        urls.stream().map(RegistryHttpFactory::withoutUserInfo).toList(),
        client,
        authorization,
        config.requestTimeout(),
        config.retries(),
        config.retryBackoff(),
        config.retryBackoffMax());
  }

  private static List<URI> parseUrls(List<String> values) {
    if (values.isEmpty()) {
      throw new ConfigException(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG + " is required");
    }
    List<URI> urls = new ArrayList<>();
    for (String value : values) {
      try {
        URI uri = new URI(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
          throw new ConfigException(
              AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, value, "must be http(s):// or mock://");
        }
        urls.add(uri);
      } catch (URISyntaxException e) {
        throw new ConfigException(
            AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, value, "not a URL: " + e.getMessage());
      }
    }
    return urls;
  }

  private static Optional<String> authorization(AvroSerdeConfig config, List<URI> urls) {
    Optional<String> userInfo =
        switch (config.basicAuthCredentialsSource()) {
          case USER_INFO -> config.basicAuthUserInfo();
          case URL -> Optional.ofNullable(urls.get(0).getRawUserInfo());
        };
    Optional<String> bearer = config.bearerToken();
    if (userInfo.isPresent() && bearer.isPresent()) {
      throw new ConfigException(
          "Set either basic credentials or "
              + AvroSerdeConfig.BEARER_AUTH_TOKEN_CONFIG
              + " for the schema registry, not both");
    }
    if (bearer.isPresent()) {
      return Optional.of("Bearer " + bearer.get());
    }
    return userInfo.map(
        info ->
            "Basic " + Base64.getEncoder().encodeToString(info.getBytes(StandardCharsets.UTF_8)));
  }

  private static URI withoutUserInfo(URI uri) {
    try {
      return new URI(
          uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null);
    } catch (URISyntaxException e) {
      throw new ConfigException(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, uri, e.getMessage());
    }
  }

  private static SSLContext sslContext(AvroSerdeConfig config) {
    try {
      Optional<String> location = config.truststoreLocation();
      if (location.isEmpty()) {
        return SSLContext.getDefault();
      }
      KeyStore trustStore = KeyStore.getInstance(config.truststoreType());
      char[] password = config.truststorePassword().map(String::toCharArray).orElse(null);
      try (InputStream in = Files.newInputStream(Paths.get(location.get()))) {
        trustStore.load(in, password);
      }
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trustStore);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new ConfigException(
          "Cannot load the schema registry trust store "
              + config.truststoreLocation().orElse("(JDK default)")
              + ": "
              + e);
    }
  }
}

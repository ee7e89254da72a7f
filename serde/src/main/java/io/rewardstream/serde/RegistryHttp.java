package io.rewardstream.serde;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP transport of {@link RestSchemaRegistryClient}: sends one request with the registry's
 * content type and credentials, and retries connection errors, timeouts and 5xx answers with
 * exponential backoff, moving to the next base URL on each retry. Any other answer, 4xx included,
 * is returned to the caller at once. TLS failures are not retried: they do not heal by waiting.
 */
final class RegistryHttp {

  static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

  private static final Logger LOG = LoggerFactory.getLogger(RegistryHttp.class);

  /** An answer that was not a 5xx. */
  record Response(int status, String body) {}

  private final List<URI> baseUrls;
  private final HttpClient client;
  private final Optional<String> authorization;
  private final Duration timeout;
  private final int retries;
  private final Duration backoff;
  private final Duration backoffMax;

  RegistryHttp(
      List<URI> baseUrls,
      HttpClient client,
      Optional<String> authorization,
      Duration timeout,
      int retries,
      Duration backoff,
      Duration backoffMax) {
    this.baseUrls = List.copyOf(baseUrls);
    this.client = client;
    this.authorization = authorization;
    this.timeout = timeout;
    this.retries = retries;
    this.backoff = backoff;
    this.backoffMax = backoffMax;
  }

  /** The base URLs, comma-separated, for messages. */
  String location() {
    return String.join(",", baseUrls.stream().map(URI::toString).toList());
  }

  Response get(String path) {
    return send("GET", path, null);
  }

  Response post(String path, String json) {
    return send("POST", path, json);
  }

  private Response send(String method, String path, String json) {
    String lastError = "none";
    int lastStatus = -1;
    Exception lastCause = null;
    int attempts = retries + 1;
    for (int attempt = 1; attempt <= attempts; attempt++) {
      URI uri = URI.create(baseUrls.get((attempt - 1) % baseUrls.size()) + path);
      try {
        HttpResponse<String> response =
            client.send(request(method, uri, json), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() < 500) {
          return new Response(response.statusCode(), response.body());
        }
        lastStatus = response.statusCode();
        lastError = "HTTP " + response.statusCode() + " from " + uri + ": " + response.body();
        lastCause = null;
      } catch (SSLException e) {
        throw new SchemaRegistryException(
            "TLS failure talking to the schema registry at " + uri + ": " + Throwables.describe(e),
            -1,
            e);
      } catch (IOException e) {
        lastStatus = -1;
        lastError = Throwables.describe(e) + " (" + method + " " + uri + ")";
        lastCause = e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SchemaRegistryException("Interrupted while calling " + uri, -1, e);
      }
      if (attempt < attempts) {
        Duration wait = backoffBefore(attempt);
        LOG.debug(
            "Registry attempt {} of {} failed: {}; retrying in {}",
            attempt,
            attempts,
            lastError,
            wait);
        pause(wait);
      }
    }
    throw new SchemaRegistryUnavailableException(
        location(), attempts, lastError, lastStatus, lastCause);
  }

  private HttpRequest request(String method, URI uri, String json) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", CONTENT_TYPE);
    authorization.ifPresent(value -> builder.header("Authorization", value));
    if (json == null) {
      return builder.GET().build();
    }
    return builder
        .header("Content-Type", CONTENT_TYPE)
        .method(method, HttpRequest.BodyPublishers.ofString(json))
        .build();
  }

  /** Exponential backoff: {@code backoff * 2^(attempt-1)}, capped at {@code backoffMax}. */
  Duration backoffBefore(int attempt) {
    long millis = backoff.toMillis() << Math.min(attempt - 1, 20);
    return Duration.ofMillis(Math.min(millis, backoffMax.toMillis()));
  }

  private static void pause(Duration wait) {
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SchemaRegistryException("Interrupted while backing off", -1, e);
    }
  }
}

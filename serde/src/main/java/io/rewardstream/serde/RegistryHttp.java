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
 * content type and credentials. A connection error, a timeout or a 5xx answer moves on to the next
 * base URL at once; once every URL has failed, the round is retried ({@code retries} times) after
 * an exponential backoff. Each request starts at the URL that answered last. Any other answer, 4xx
 * included, is returned to the caller at once. TLS failures are not retried: they do not heal by
 * waiting. Redirects are refused with their target: following one would turn a POST into a GET and
 * send the credentials to another host.
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
  private volatile int preferred;

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
    int urls = baseUrls.size();
    int attempts = 0;
    for (int round = 0; round <= retries; round++) {
      if (round > 0) {
        Duration wait = backoffBefore(round);
        LOG.debug(
            "Registry round {} of {} failed: {}; retrying in {}",
            round,
            retries + 1,
            lastError,
            wait);
        pause(wait);
      }
      int first = preferred;
      for (int i = 0; i < urls; i++) {
        int index = (first + i) % urls;
        URI uri = URI.create(baseUrls.get(index) + path);
        attempts++;
        try {
          HttpResponse<String> response =
              client.send(request(method, uri, json), HttpResponse.BodyHandlers.ofString());
          int status = response.statusCode();
          if (status >= 300 && status < 400) {
            throw new SchemaRegistryException(
                "The schema registry at "
                    + uri
                    + " answered HTTP "
                    + status
                    + ", a redirect to "
                    + response.headers().firstValue("Location").orElse("(no Location)")
                    + "; set schema.registry.url to where it points (redirects are not followed)",
                status);
          }
          if (status < 500) {
            preferred = index;
            return new Response(status, response.body());
          }
          lastStatus = status;
          lastError = "HTTP " + status + " from " + uri + ": " + response.body();
          lastCause = null;
        } catch (SSLException e) {
          throw new SchemaRegistryException(
              "TLS failure talking to the schema registry at "
                  + uri
                  + ": "
                  + Throwables.describe(e),
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

  /**
   * Exponential backoff before retry round {@code round} (1 for the first retry): {@code backoff *
   * 2^(round-1)}, capped at {@code backoffMax}.
   */
  Duration backoffBefore(int round) {
    long millis = backoff.toMillis() << Math.min(round - 1, 20);
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

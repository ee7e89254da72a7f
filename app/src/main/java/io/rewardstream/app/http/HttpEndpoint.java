package io.rewardstream.app.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read-only HTTP endpoint of a running instance, on the JDK's built-in server:
 *
 * <ul>
 *   <li>{@code /health}: liveness, 200 while the process serves requests;
 *   <li>{@code /ready}: 200 when the Kafka Streams application is RUNNING, else 503;
 *   <li>{@code /metrics}: Prometheus text format;
 *   <li>{@code /groups/{group_id}}: a group's live state from the {@code groups} store, as JSON.
 * </ul>
 *
 * Only GET and HEAD are served; nothing here reveals configuration or secrets.
 */
public final class HttpEndpoint implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HttpEndpoint.class);
  private static final String JSON = "application/json; charset=utf-8";
  private static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";

  /** Looks a group up: its JSON, empty when unknown, or an exception when not queryable now. */
  public interface GroupLookup extends Function<String, Optional<String>> {}

  private final HttpServer server;
  private final ExecutorService executor;

  private HttpEndpoint(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Starts the endpoint.
   *
   * @param host address to bind
   * @param port port, 0 for a free one
   * @param state describes the streams state (for {@code /ready}'s body)
   * @param ready whether the instance is ready
   * @param metrics the Prometheus exposition
   * @param groups the group lookup
   */
  public static HttpEndpoint start(
      String host,
      int port,
      Supplier<String> state,
      BooleanSupplier ready,
      Supplier<String> metrics,
      GroupLookup groups)
      throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
    ExecutorService executor =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "rewardstream-http");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext(
        "/health", exchange -> serve(exchange, () -> Reply.json(200, "{\"status\":\"UP\"}")));
    server.createContext(
        "/ready",
        exchange ->
            serve(
                exchange,
                () ->
                    Reply.json(
                        ready.getAsBoolean() ? 200 : 503,
                        "{\"ready\":"
                            + ready.getAsBoolean()
                            + ",\"state\":\""
                            + Json.escape(state.get())
                            + "\"}")));
    server.createContext(
        "/metrics", exchange -> serve(exchange, () -> new Reply(200, PROMETHEUS, metrics.get())));
    server.createContext("/groups/", exchange -> serve(exchange, () -> group(exchange, groups)));
    server.createContext(
        "/", exchange -> serve(exchange, () -> Reply.json(404, error("not found"))));
    server.start();
    LOG.info("HTTP endpoint listening on {}:{}", host, server.getAddress().getPort());
    return new HttpEndpoint(server, executor);
  }

  /** The port the endpoint listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  private static Reply group(HttpExchange exchange, GroupLookup groups) {
    String path = exchange.getRequestURI().getRawPath();
    String raw = path.substring("/groups/".length());
    if (raw.isEmpty() || raw.contains("/")) {
      return Reply.json(404, error("expected /groups/{group_id}"));
    }
    // A path segment, not form data: '+' is a plus sign there (group ids may be base64).
    String groupId = URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    try {
      return groups
          .apply(groupId)
          .map(json -> Reply.json(200, json))
          .orElseGet(() -> Reply.json(404, error("no live state for group " + groupId)));
    } catch (IllegalStateException e) {
      return Reply.json(503, error(e.getMessage()));
    }
  }

  private static String error(String message) {
    return "{\"error\":\"" + Json.escape(message) + "\"}";
  }

  private static void serve(HttpExchange exchange, Supplier<Reply> handler) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      Reply reply;
      if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().add("Allow", "GET, HEAD");
        reply = Reply.json(405, error("method not allowed"));
      } else {
        try {
          reply = handler.get();
        } catch (RuntimeException e) {
          LOG.warn("HTTP {} failed", exchange.getRequestURI(), e);
          reply = Reply.json(500, error("internal error"));
        }
      }
      byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", reply.contentType());
      exchange.getResponseHeaders().add("Cache-Control", "no-store");
      boolean head = method.equals("HEAD");
      exchange.sendResponseHeaders(reply.status(), head ? -1 : body.length);
      if (!head) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    }
  }

  private record Reply(int status, String contentType, String body) {
    static Reply json(int status, String body) {
      return new Reply(status, JSON, body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}

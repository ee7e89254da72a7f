package io.rewardstream.serde;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * A scripted HTTP(S) server on loopback that stands in for a schema registry: it answers each
 * request with the next scripted response and records what it received.
 */
final class FakeRegistryServer implements AutoCloseable {

  /** One request as received. */
  record Request(
      String method, String path, String contentType, String authorization, String body) {}

  private record Response(int status, String body, boolean hang, String location) {
    Response(int status, String body, boolean hang) {
      this(status, body, hang, null);
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Deque<Response> script = new ArrayDeque<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final CountDownLatch released = new CountDownLatch(1);

  private FakeRegistryServer(HttpServer server) {
    this.server = server;
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  static FakeRegistryServer http() {
    try {
      return new FakeRegistryServer(HttpServer.create(loopback(), 0));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static FakeRegistryServer https(SSLContext context) {
    try {
      HttpsServer server = HttpsServer.create(loopback(), 0);
      server.setHttpsConfigurator(new HttpsConfigurator(context));
      return new FakeRegistryServer(server);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Queues a response for the next unanswered request. */
  synchronized FakeRegistryServer respond(int status, String body) {
    script.add(new Response(status, body, false));
    return this;
  }

  /** Queues a redirect to {@code location} for the next unanswered request. */
  synchronized FakeRegistryServer redirect(int status, String location) {
    script.add(new Response(status, "", false, location));
    return this;
  }

  /** Makes the next request wait, unanswered, until the server closes. */
  synchronized FakeRegistryServer hang() {
    script.add(new Response(0, "", true));
    return this;
  }

  String url() {
    String scheme = server instanceof HttpsServer ? "https" : "http";
    return scheme + "://127.0.0.1:" + server.getAddress().getPort();
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  @Override
  public void close() {
    released.countDown();
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    requests.add(
        new Request(
            exchange.getRequestMethod(),
            exchange.getRequestURI().getRawPath(),
            exchange.getRequestHeaders().getFirst("Content-Type"),
            exchange.getRequestHeaders().getFirst("Authorization"),
            body));
    Response response;
    synchronized (this) {
      response =
          script.isEmpty()
              ? new Response(500, "{\"message\":\"unscripted\"}", false)
              : script.poll();
    }
    if (response.hang()) {
      try {
        released.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.close();
      return;
    }
    byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", RegistryHttp.CONTENT_TYPE);
    if (response.location() != null) {
      exchange.getResponseHeaders().add("Location", response.location());
    }
    exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  private static InetSocketAddress loopback() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
  }
}

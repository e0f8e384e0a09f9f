package dev.weft.client;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Consumer;

/** A blocking HTTP client for tests (the JDK's), with a timeout on every request. */
final class HttpGet implements AutoCloseable {

  /** A response: status, content type and body. */
  record Response(int status, String contentType, String body) {
    JsonObject json() {
      return new JsonObject(body);
    }
  }

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

  Response get(String url) {
    return send("GET", url);
  }

  Response send(String method, String url) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
        .method(method, HttpRequest.BodyPublishers.noBody()).build();
    try {
      HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Opens {@code url} as a server-sent event stream; {@code onLine} gets each line as it arrives,
   * on a pool thread (never the caller's, even when the response is already there).
   */
  void stream(String url, Consumer<String> onLine) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).build();
    client.sendAsync(request, HttpResponse.BodyHandlers.ofLines())
        .thenAcceptAsync(r -> r.body().forEach(onLine));
  }

  @Override
  public void close() {}
}

package dev.weft.client.dashboard;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One Chrome DevTools Protocol session over a Vert.x WebSocket: numbered commands matched to their
 * replies, one-shot waits for events, and standing event listeners. Blocking methods are for test threads, never for an
 * event loop.
 */
final class DevToolsSession implements AutoCloseable {
  /** Screenshots arrive as one base64 message of several megabytes. */
  private static final int MAX_MESSAGE_BYTES = 256 * 1024 * 1024;

  private final WebSocketClient client;
  private final WebSocket socket;
  private final Duration timeout;
  private final AtomicLong nextId = new AtomicLong();
  /** Commands sent and not yet answered, by id. */
  private final Map<Long, CompletableFuture<JsonObject>> replies = new ConcurrentHashMap<>();
  /** Waiters for the next event of a method name; each completes once and is removed. */
  private final Map<String, CompletableFuture<JsonObject>> events = new ConcurrentHashMap<>();
  /** Listeners for every event of a method name, called on the event loop. */
  private final Map<String, Consumer<JsonObject>> listeners = new ConcurrentHashMap<>();

  private DevToolsSession(WebSocketClient client, WebSocket socket, Duration timeout) {
    this.client = client;
    this.socket = socket;
    this.timeout = timeout;
    socket.textMessageHandler(this::receive);
    socket.closeHandler(v -> failAll(new IllegalStateException("DevTools socket closed")));
    socket.exceptionHandler(this::failAll);
  }

  /** Connects to a {@code ws://127.0.0.1:PORT/devtools/...} URL within {@code timeout}. */
  static DevToolsSession connect(Vertx vertx, URI webSocketUrl, Duration timeout) {
    WebSocketClient client =
        vertx.createWebSocketClient(
            new WebSocketClientOptions()
                .setMaxFrameSize(MAX_MESSAGE_BYTES)
                .setMaxMessageSize(MAX_MESSAGE_BYTES));
    WebSocketConnectOptions options =
        new WebSocketConnectOptions()
            .setHost(webSocketUrl.getHost())
            .setPort(webSocketUrl.getPort())
            .setURI(webSocketUrl.getRawPath())
            // Chromium refuses DevTools sockets that carry an Origin it was not told to allow.
            .setAllowOriginHeader(false);
    WebSocket socket = await(client.connect(options), timeout, "connect to " + webSocketUrl);
    return new DevToolsSession(client, socket, timeout);
  }

  /** Sends a command and blocks for its result; throws if Chromium answers with an error. */
  JsonObject call(String method, JsonObject params) {
    long id = nextId.incrementAndGet();
    CompletableFuture<JsonObject> reply = new CompletableFuture<>();
    replies.put(id, reply);
    JsonObject command = new JsonObject().put("id", id).put("method", method).put("params", params);
    socket.writeTextMessage(command.encode());
    JsonObject answer = block(reply, method);
    JsonObject error = answer.getJsonObject("error");
    if (error != null) {
      throw new IllegalStateException(method + " failed: " + error.getString("message"));
    }
    return answer.getJsonObject("result", new JsonObject());
  }

  /** Arms a wait for the next event named {@code method}; register it before causing the event. */
  CompletableFuture<JsonObject> nextEvent(String method) {
    CompletableFuture<JsonObject> waiter = new CompletableFuture<>();
    events.put(method, waiter);
    return waiter;
  }

  /** Calls {@code listener} (on the event loop) with the params of every event named {@code method}. */
  void onEvent(String method, Consumer<JsonObject> listener) {
    listeners.put(method, listener);
  }

  /** Blocks on a future from {@link #nextEvent} or {@link #call} within this session's timeout. */
  JsonObject block(CompletableFuture<JsonObject> future, String what) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException("no answer within " + timeout.toMillis() + " ms: " + what, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(what + " failed: " + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + what, e);
    }
  }

  private void receive(String text) {
    JsonObject message = new JsonObject(text);
    Long id = message.getLong("id");
    if (id != null) {
      CompletableFuture<JsonObject> reply = replies.remove(id);
      if (reply != null) {
        reply.complete(message);
      }
      return;
    }
    String method = message.getString("method");
    if (method == null) {
      return;
    }
    JsonObject params = message.getJsonObject("params", new JsonObject());
    Consumer<JsonObject> listener = listeners.get(method);
    if (listener != null) {
      listener.accept(params);
    }
    CompletableFuture<JsonObject> waiter = events.remove(method);
    if (waiter != null) {
      waiter.complete(params);
    }
  }

  private void failAll(Throwable cause) {
    replies.values().forEach(f -> f.completeExceptionally(cause));
    events.values().forEach(f -> f.completeExceptionally(cause));
  }

  /** Closes the socket and its client, waiting at most the session timeout for each. */
  @Override
  public void close() {
    try {
      if (!socket.isClosed()) {
        await(socket.close(), timeout, "close the DevTools socket");
      }
    } finally {
      await(client.close(), timeout, "close the WebSocket client");
    }
  }

  private static <T> T await(Future<T> future, Duration timeout, String what) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException("could not " + what + " within " + timeout.toMillis() + " ms", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("could not " + what + ": " + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + what, e);
    }
  }
}

package dev.weft.client.dashboard;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A loopback HTTP server with the real dashboard files and canned answers for the dashboard's JSON
 * API and SSE stream: two workers (one and two threads), two prefixes, three tasks. Task records
 * and timestamps are computed from the clock at each request so the task stream always has recent
 * bars.
 */
final class FakeDashboardServer implements AutoCloseable {
  /** The dashboard's static files in the source tree (surefire runs in the module directory). */
  static final Path WEBROOT = Path.of("..", "webroot", "src", "main", "resources", "webroot");

  /** Interval between SSE updates. */
  private static final long UPDATE_MS = 200;

  private static final Map<String, String> PAGES =
      Map.of("/status", "status.html", "/workers", "workers.html", "/tasks", "tasks.html", "/info", "info.html");

  private static final Map<String, String> TYPES =
      Map.of(
          "html", "text/html; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "css", "text/css; charset=utf-8");

  private final long started = System.currentTimeMillis();
  private final Vertx vertx = Vertx.vertx();
  private final HttpServer server;

  FakeDashboardServer() throws Exception {
    server =
        vertx
            .createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
            .requestHandler(this::handle)
            .listen()
            .toCompletionStage()
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
  }

  /** {@code http://127.0.0.1:PORT} */
  String base() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  private void handle(HttpServerRequest req) {
    String path = req.path();
    if (path.equals("/api/v1/events")) {
      events(req);
    } else if (path.startsWith("/api/v1/")) {
      JsonObject body = api(path.substring("/api/v1/".length()));
      if (body == null) {
        req.response().setStatusCode(404).end();
      } else {
        req.response().putHeader("Content-Type", "application/json").end(body.encode());
      }
    } else {
      file(req, PAGES.getOrDefault(path, path.substring(1)));
    }
  }

  private void file(HttpServerRequest req, String name) {
    Path file = WEBROOT.resolve(name).normalize();
    if (name.contains("..") || !Files.isRegularFile(file)) {
      req.response().setStatusCode(404).end();
      return;
    }
    String type = TYPES.getOrDefault(name.substring(name.lastIndexOf('.') + 1), "application/octet-stream");
    req.response().putHeader("Content-Type", type).sendFile(file.toString());
  }

  private void events(HttpServerRequest req) {
    req.response().setChunked(true).putHeader("Content-Type", "text/event-stream").putHeader("Cache-Control", "no-cache");
    req.response().write(": hello\n\n");
    long timer = vertx.setPeriodic(1, UPDATE_MS, id -> req.response().write("event: update\ndata: " + update().encode() + "\n\n"));
    req.response().closeHandler(v -> vertx.cancelTimer(timer));
  }

  private JsonObject api(String what) {
    switch (what) {
      case "info":
        return info();
      case "workers":
        return new JsonObject().put("workers", workers());
      case "tasks":
        return tasks();
      case "graph":
        return graph();
      default:
        break;
    }
    if (what.startsWith("task-stream")) {
      return new JsonObject().put("now", System.currentTimeMillis()).put("records", records());
    }
    if (what.equals("story/inc-1")) {
      return new JsonObject()
          .put("key", "inc-1")
          .put(
              "transitions",
              new JsonArray()
                  .add(transition("released", "waiting", "update-graph", started))
                  .add(transition("waiting", "processing", "task-ready", started + 5))
                  .add(transition("processing", "memory", "task-finished", started + 20)));
    }
    return null;
  }

  private JsonObject update() {
    return new JsonObject()
        .put("info", info())
        .put("workers", workers())
        .put("tasks", tasks())
        .put("stream", records());
  }

  private JsonObject info() {
    return new JsonObject()
        .put("address", "inproc://127.0.0.1/1")
        .put("started", started)
        .put("now", System.currentTimeMillis())
        .put("workers", 2)
        .put("threads", 3)
        .put("memoryLimit", 3L << 30)
        .put("tasks", 3)
        .put("dashboard", base() + "/status")
        .put("version", "0.1.0-SNAPSHOT");
  }

  private JsonArray workers() {
    long now = System.currentTimeMillis();
    return new JsonArray()
        .add(worker("worker-1", 1, 40.0, 100L << 20, 1L << 30, now))
        .add(worker("worker-2", 2, 150.0, 900L << 20, 2L << 30, now));
  }

  private static JsonObject worker(String id, int threads, double cpu, long used, long limit, long now) {
    return new JsonObject()
        .put("id", id)
        .put("nthreads", threads)
        .put("processing", 1)
        .put("executing", 1)
        .put("cpu", cpu)
        .put("memoryBytes", used)
        .put("memoryLimit", limit)
        .put("keys", 2)
        .put("nbytes", 2048)
        .put("lastSeen", now)
        .put("resources", new JsonObject());
  }

  private static JsonObject tasks() {
    JsonObject byState = states(0, 0, 1, 1, 1);
    JsonArray prefixes =
        new JsonArray()
            .add(states(0, 0, 1, 1, 0).put("name", "inc").put("total", 2))
            .add(states(0, 0, 0, 0, 1).put("name", "add").put("total", 1));
    return new JsonObject().put("byState", byState).put("prefixes", prefixes);
  }

  private static JsonObject states(int waiting, int queued, int processing, int memory, int erred) {
    return new JsonObject()
        .put("released", 0)
        .put("waiting", waiting)
        .put("no-worker", 0)
        .put("queued", queued)
        .put("processing", processing)
        .put("memory", memory)
        .put("erred", erred)
        .put("forgotten", 0);
  }

  /** Two finished tasks, one ok and one erred, that ended a moment ago. */
  private static JsonArray records() {
    long now = System.currentTimeMillis();
    return new JsonArray()
        .add(record("inc-1", "inc", "worker-1", 0, now - 900, now - 400, "ok"))
        .add(record("add-1", "add", "worker-2", 1, now - 300, now - 100, "error"));
  }

  private static JsonObject record(
      String key, String prefix, String worker, int lane, long start, long stop, String status) {
    return new JsonObject()
        .put("key", key)
        .put("prefix", prefix)
        .put("worker", worker)
        .put("lane", lane)
        .put("start", start)
        .put("stop", stop)
        .put("status", status);
  }

  private static JsonObject graph() {
    return new JsonObject()
        .put("truncated", false)
        .put(
            "nodes",
            new JsonArray()
                .add(new JsonObject().put("key", "inc-1").put("prefix", "inc").put("state", "memory"))
                .add(new JsonObject().put("key", "inc-2").put("prefix", "inc").put("state", "processing"))
                .add(new JsonObject().put("key", "add-1").put("prefix", "add").put("state", "erred")))
        .put("edges", new JsonArray().add(new JsonArray().add("inc-1").add("add-1")).add(new JsonArray().add("inc-2").add("add-1")));
  }

  private static JsonObject transition(String from, String to, String stimulus, long millis) {
    return new JsonObject().put("from", from).put("to", to).put("stimulus", stimulus).put("millis", millis);
  }

  @Override
  public void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}

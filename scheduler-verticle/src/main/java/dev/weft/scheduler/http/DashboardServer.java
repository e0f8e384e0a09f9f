package dev.weft.scheduler.http;

import dev.weft.scheduler.state.SchedulerState;
import dev.weft.scheduler.state.WorkerView;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Properties;

/**
 * The scheduler's HTTP server (vertx-web): the dashboard pages (module {@code webroot}, on the
 * classpath under {@code dev/weft/webroot}), a read-only JSON API under {@code /api/v1/}, server-sent events for live pages,
 * {@code /metrics} in the Prometheus text format and {@code /health}. Only GET routes exist: no
 * request can change the scheduler. Must be started on the scheduler's context, whose state its
 * handlers read.
 */
public final class DashboardServer {

  private static final Logger LOG = System.getLogger(DashboardServer.class.getName());
  /** Most runs {@code /api/v1/task-stream} returns (an even sample of a busier interval). */
  static final int MAX_STREAM_RUNS = 5_000;
  /** Largest graph {@code /api/v1/graph} returns in full. */
  static final int MAX_GRAPH_TASKS = 500;
  /** The pages, each served from {@code webroot/<page>.html}. */
  private static final List<String> PAGES = List.of("status", "workers", "tasks", "info");
  private static final String VERSION = readVersion();
  /** Where the weft-webroot jar keeps the dashboard's files on the classpath. */
  private static final String WEBROOT = "dev/weft/webroot";

  private final SchedulerView view;
  private final EventLoopLag lag;
  private final SchedulerMetrics metrics;
  private final DashboardEvents events;
  private final Router router;
  /** The listening server; set once listening. */
  private HttpServer server;
  /** The URL of {@code /status}; set once listening. */
  private String link;

  private DashboardServer(Vertx vertx, SchedulerView view) {
    this.view = view;
    this.lag = new EventLoopLag(vertx);
    this.events = new DashboardEvents(vertx, view.stream(), this::snapshot);
    this.metrics = new SchedulerMetrics(view, lag, events::openCount);
    this.router = router(vertx);
  }

  /**
   * Listens on {@code host:port} (port 0: any free port). When the port is taken the server
   * listens on a free one instead and logs a warning, as dask does.
   */
  public static Future<DashboardServer> start(Vertx vertx, SchedulerView view, String host, int port) {
    DashboardServer d = new DashboardServer(vertx, view);
    return vertx.createHttpServer().requestHandler(d.router).listen(port, host)
        .recover(e -> {
          if (port == 0) {
            return Future.failedFuture(e);
          }
          LOG.log(Level.WARNING, "dashboard port " + port + " on " + host + " is taken (" + e.getMessage()
              + "); serving the dashboard on another port");
          return vertx.createHttpServer().requestHandler(d.router).listen(0, host);
        })
        .map(s -> {
          d.server = s;
          d.link = "http://" + host + ":" + s.actualPort() + "/status";
          return d;
        })
        .onFailure(e -> {
          d.lag.stop();
          d.metrics.close();
        });
  }

  private Router router(Vertx vertx) {
    SchedulerState state = view.state();
    Router router = Router.router(vertx);
    router.get("/health").handler(ctx -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/plain").end("ok"));
    router.get("/").handler(ctx -> ctx.redirect("/status"));
    for (String page : PAGES) {
      router.get("/" + page).handler(ctx -> ctx.reroute("/" + page + ".html"));
    }
    router.get("/api/v1/info").handler(ctx -> json(ctx, info(state.workerViews())));
    router.get("/api/v1/workers").handler(ctx -> json(ctx, new JsonObject().put("workers",
        DashboardJson.workers(state.workerViews()))));
    router.get("/api/v1/tasks").handler(ctx -> json(ctx, DashboardJson.tasks(state.countsByStatus(), state.prefixViews())));
    router.get("/api/v1/task-stream").handler(ctx -> {
      long since = parseLong(ctx.queryParams().get("since"), System.currentTimeMillis() - 20_000);
      int limit = (int) Math.max(1, Math.min(MAX_STREAM_RUNS, parseLong(ctx.queryParams().get("limit"), MAX_STREAM_RUNS)));
      json(ctx, new JsonObject().put("now", System.currentTimeMillis())
          .put("records", DashboardJson.runs(view.stream().since(since, limit))));
    });
    router.get("/api/v1/graph").handler(ctx -> json(ctx, DashboardJson.graph(state.graphView(MAX_GRAPH_TASKS))));
    router.get("/api/v1/story/:key").handler(ctx -> {
      String key = ctx.pathParam("key");
      json(ctx, DashboardJson.story(key, state.story(key)));
    });
    router.get("/api/v1/events").handler(ctx -> events.subscribe(ctx.response()));
    router.get("/metrics").handler(ctx -> ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")
        .end(metrics.scrape()));
    router.get().handler(StaticHandler.create(WEBROOT).setCachingEnabled(false));
    return router;
  }

  private JsonObject info(List<WorkerView> workers) {
    return new JsonObject()
        .put("address", view.address())
        .put("started", view.startedMillis())
        .put("now", System.currentTimeMillis())
        .put("workers", workers.size())
        .put("threads", workers.stream().mapToInt(WorkerView::nthreads).sum())
        .put("memoryLimit", workers.stream().mapToLong(WorkerView::memoryLimit).sum())
        .put("tasks", view.state().taskCount())
        .put("dashboard", link)
        .put("version", VERSION);
  }

  /** The info, workers and task counts parts of an update. */
  private JsonObject snapshot() {
    SchedulerState state = view.state();
    List<WorkerView> workers = state.workerViews();
    return new JsonObject()
        .put("info", info(workers))
        .put("workers", DashboardJson.workers(workers))
        .put("tasks", DashboardJson.tasks(state.countsByStatus(), state.prefixViews()));
  }

  private static void json(RoutingContext ctx, JsonObject body) {
    ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(body.encode());
  }

  private static long parseLong(String s, long fallback) {
    try {
      return s == null ? fallback : Long.parseLong(s);
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  private static String readVersion() {
    try (InputStream in = DashboardServer.class.getResourceAsStream("version.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The port it listens on. */
  public int port() {
    return server.actualPort();
  }

  /** The URL of the status page, e.g. {@code http://127.0.0.1:8787/status}. */
  public String link() {
    return link;
  }

  /** Ends open event streams, stops listening and releases the metrics. */
  public Future<Void> close() {
    events.close();
    lag.stop();
    metrics.close();
    return server.close();
  }
}

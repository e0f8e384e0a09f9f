package dev.weft.scheduler.http;

import dev.weft.protocol.tls.ClusterTls;
import dev.weft.protocol.tls.TlsMaterial;
import dev.weft.protocol.tls.TlsRefusals;
import io.vertx.core.http.HttpServerOptions;
import dev.weft.scheduler.state.WorkerView;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpHeaders;
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
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The scheduler's HTTP server (vertx-web), a verticle of its own: the dashboard pages (module
 * {@code webroot}, on the classpath under {@code dev/weft/webroot}), a read-only JSON API under
 * {@code /api/v1/}, server-sent events for live pages, {@code /metrics} in the Prometheus text
 * format and {@code /health}. Only GET routes exist: no request can change the scheduler. It
 * runs on its own event loop and reads the scheduler's state through a {@link SchedulerReader},
 * so serving pages neither delays the scheduler's start nor encodes JSON on its loop.
 */
public final class DashboardServer extends VerticleBase {

  private static final Logger LOG = System.getLogger(DashboardServer.class.getName());
  /** Most runs {@code /api/v1/task-stream} returns (an even sample of a busier interval). */
  static final int MAX_STREAM_RUNS = 5_000;
  /** Largest graph {@code /api/v1/graph} returns in full. */
  static final int MAX_GRAPH_TASKS = 500;
  /** The pages, each served from {@code <page>.html}. */
  private static final List<String> PAGES = List.of("status", "workers", "tasks", "info");
  private static final String VERSION = readVersion();
  /** Where the weft-webroot jar keeps the dashboard's files on the classpath. */
  private static final String WEBROOT = "dev/weft/webroot";

  private final SchedulerView view;
  /** The scheduler's context, the only one that may read {@link #view}'s state. */
  private final Context schedulerContext;
  private final String host;
  private final int port;
  private SchedulerReader reader;
  private EventLoopLag lag;
  /** The metrics, made at the first scrape (Micrometer is slow to load; a scheduler nobody scrapes skips it). */
  private SchedulerMetrics metrics;
  private DashboardEvents events;
  /** The URL of {@code /status}; null until listening. */
  private volatile String link;

  /**
   * A server for the scheduler whose state {@code view} holds and which runs on
   * {@code schedulerContext}, to listen on {@code host:port} (port 0: any free port). When the port
   * is taken it listens on a free one instead and logs a warning, as dask does.
   */
  public DashboardServer(SchedulerView view, Context schedulerContext, String host, int port) {
    this.view = view;
    this.schedulerContext = schedulerContext;
    this.host = host;
    this.port = port;
  }

  @Override
  public Future<?> start() {
    reader = new SchedulerReader(schedulerContext, context);
    events = new DashboardEvents(vertx, reader, view, this::update);
    return reader.read(() -> new EventLoopLag(vertx))
        .compose(l -> {
          lag = l;
          Router router = router();
          return vertx.createHttpServer(serverOptions()).requestHandler(router).listen(port, host)
              .recover(e -> {
                if (port == 0) {
                  return Future.failedFuture(e);
                }
                LOG.log(Level.WARNING, "dashboard port " + port + " on " + host + " is taken (" + e.getMessage()
                    + "); serving the dashboard on another port");
                return vertx.createHttpServer(serverOptions()).requestHandler(router).listen(0, host);
              });
        })
        .onSuccess(server -> {
          TlsRefusals.name(server.actualPort(), "dashboard");
          link = (ClusterTls.of(vertx) == null ? "http" : "https") + "://" + host + ":" + server.actualPort() + "/status";
        })
        .onFailure(e -> release());
  }

  /** HTTPS with a required client certificate when the cluster runs with TLS, else plain HTTP. */
  private HttpServerOptions serverOptions() {
    TlsMaterial tls = ClusterTls.of(vertx);
    return tls == null ? new HttpServerOptions() : tls.secure(new HttpServerOptions());
  }

  @Override
  public Future<?> stop() {
    release();
    return Future.succeededFuture();
  }

  private void release() {
    if (events != null) {
      events.close();
    }
    if (lag != null) {
      EventLoopLag l = lag;
      schedulerContext.runOnContext(v -> l.stop());
    }
    if (metrics != null) {
      metrics.close();
    }
  }

  private Router router() {
    Router router = Router.router(vertx);
    router.get("/health").handler(ctx -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/plain").end("ok"));
    router.get("/").handler(ctx -> ctx.redirect("/status"));
    for (String page : PAGES) {
      router.get("/" + page).handler(ctx -> ctx.reroute("/" + page + ".html"));
    }
    router.get("/api/v1/info").handler(ctx -> json(ctx, () -> view.state().workerViews(),
        workers -> info(workers, view.state().taskCount(), view.state().steals())));
    router.get("/api/v1/workers").handler(ctx -> json(ctx, () -> view.state().workerViews(),
        workers -> new JsonObject().put("workers", DashboardJson.workers(workers))));
    router.get("/api/v1/tasks").handler(ctx -> json(ctx, () -> TaskCounts.of(view.state()), DashboardJson::tasks));
    router.get("/api/v1/task-stream").handler(ctx -> {
      long since = parseLong(ctx.queryParams().get("since"), System.currentTimeMillis() - 20_000);
      int limit = (int) Math.max(1, Math.min(MAX_STREAM_RUNS, parseLong(ctx.queryParams().get("limit"), MAX_STREAM_RUNS)));
      json(ctx, () -> view.state().taskStream().since(since, limit), runs -> new JsonObject()
          .put("now", System.currentTimeMillis()).put("records", DashboardJson.runs(runs)));
    });
    router.get("/api/v1/graph").handler(ctx -> json(ctx, () -> view.state().graphView(MAX_GRAPH_TASKS), DashboardJson::graph));
    router.get("/api/v1/story/:key").handler(ctx -> {
      String key = ctx.pathParam("key");
      json(ctx, () -> view.state().story(key), records -> DashboardJson.story(key, records));
    });
    router.get("/api/v1/events").handler(ctx -> events.subscribe(ctx.response()));
    router.get("/metrics").handler(ctx -> reader.read(metrics()::scrape).onComplete(text -> {
      if (text.succeeded()) {
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8").end(text.result());
      } else {
        ctx.fail(text.cause());
      }
    }));
    router.get().handler(StaticHandler.create(WEBROOT).setCachingEnabled(false));
    return router;
  }

  private SchedulerMetrics metrics() {
    if (metrics == null) {
      metrics = new SchedulerMetrics(view, lag, events::openCount);
    }
    return metrics;
  }

  /** Reads with {@code read} on the scheduler's context, answers {@code toJson} of it from here. */
  private <T> void json(RoutingContext ctx, Supplier<T> read, Function<T, JsonObject> toJson) {
    reader.read(read).onComplete(r -> {
      if (r.failed()) {
        ctx.fail(r.cause());
        return;
      }
      ctx.response()
          .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
          .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
          .end(toJson.apply(r.result()).encode());
    });
  }

  private JsonObject info(List<WorkerView> workers, int tasks, long steals) {
    return new JsonObject()
        .put("address", view.address())
        .put("started", view.startedMillis())
        .put("now", System.currentTimeMillis())
        .put("workers", workers.size())
        .put("threads", workers.stream().mapToInt(WorkerView::nthreads).sum())
        .put("memoryLimit", workers.stream().mapToLong(WorkerView::memoryLimit).sum())
        .put("tasks", tasks)
        .put("steals", steals)
        .put("failovers", view.state().failovers())
        .put("dashboard", link)
        .put("version", VERSION);
  }

  /** One live update: info, workers, task counts and the runs since the previous one. */
  private JsonObject update(Snapshot s) {
    return new JsonObject()
        .put("info", info(s.workers(), s.tasks(), s.steals()))
        .put("workers", DashboardJson.workers(s.workers()))
        .put("tasks", DashboardJson.tasks(s.counts()))
        .put("stream", DashboardJson.runs(s.runs()));
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

  /** The URL of the status page, e.g. {@code http://127.0.0.1:8787/status} ({@code https} with TLS); null until listening. */
  public String link() {
    return link;
  }
}

package dev.weft.scheduler.verticle;

import dev.weft.protocol.cluster.Clustering;
import dev.weft.scheduler.http.DashboardServer;
import dev.weft.scheduler.http.SchedulerView;
import dev.weft.scheduler.state.SchedulerState;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.function.LongSupplier;

/**
 * The scheduler's dashboard, started beside it once it is the active scheduler (the scheduler
 * does not wait for it), and the one log line that says where both are.
 */
final class SchedulerDashboard {

  private static final Logger LOG = System.getLogger(SchedulerVerticle.class.getName());

  /** Where the dashboard listens (":8787", ":0", "host:port"); null for none. */
  private final String address;
  /** The HTTP server verticle once started with a dashboard, else null. */
  private volatile DashboardServer server;
  /** Completes with the dashboard's URL once it listens (null without a dashboard). */
  private final Promise<String> ready = Promise.promise();

  SchedulerDashboard(String address) {
    this.address = address;
  }

  /** Starts serving {@code state} (of the scheduler at {@code schedulerAddress}), logging where. */
  void start(Vertx vertx, Context context, SchedulerState state, String schedulerAddress, LongSupplier rejections) {
    if (address == null) {
      ready.complete(null);
      LOG.log(Level.INFO, "scheduler at " + schedulerAddress + "; no dashboard");
      return;
    }
    SchedulerView view = new SchedulerView(state, schedulerAddress, System.currentTimeMillis(), rejections);
    DashboardServer s = new DashboardServer(view, context, DashboardAddress.host(address, Clustering.host(vertx)),
        DashboardAddress.port(address));
    server = s;
    vertx.deployVerticle(s).onComplete(ar -> {
      if (ar.succeeded()) {
        LOG.log(Level.INFO, "scheduler at " + schedulerAddress + "; dashboard at " + s.link());
        ready.complete(s.link());
      } else {
        LOG.log(Level.ERROR, "scheduler at " + schedulerAddress + "; the dashboard failed to start", ar.cause());
        ready.fail(ar.cause());
      }
    });
  }

  /** Completes with the dashboard's URL once it listens, or null when there is none. */
  Future<String> ready() {
    return ready.future();
  }

  /** The dashboard's URL; null without a dashboard or until it listens. */
  String link() {
    DashboardServer s = server;
    return s == null ? null : s.link();
  }
}

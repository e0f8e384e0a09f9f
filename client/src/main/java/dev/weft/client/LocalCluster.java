package dev.weft.client;

import dev.weft.protocol.Addresses;
import dev.weft.protocol.Message;
import dev.weft.protocol.Query;
import dev.weft.protocol.QueryKind;
import dev.weft.protocol.SchedulerSnapshot;
import dev.weft.protocol.wire.WireCodec;
import dev.weft.scheduler.state.SchedulerConfig;
import dev.weft.scheduler.verticle.SchedulerVerticle;
import dev.weft.worker.state.WorkerConfig;
import dev.weft.worker.verticle.WorkerVerticle;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A scheduler and workers on this machine (dask's {@code LocalCluster}). With
 * {@code processes(false)} everything runs in this JVM on one non-clustered Vert.x instance, and
 * values move between components by reference. Build it with {@link #builder()}.
 */
public final class LocalCluster implements AutoCloseable {

  private final LocalClusterSpec spec;
  private final Vertx vertx;
  /** Deployment ids of the running workers, by worker name, in start order. */
  private final Map<String, String> workerDeployments = new LinkedHashMap<>();
  /** The running worker verticles, by worker name (same keys as {@link #workerDeployments}). */
  private final Map<String, WorkerVerticle> workerVerticles = new LinkedHashMap<>();
  /** Deployment id of the scheduler verticle. */
  private String schedulerDeployment;
  /** The scheduler verticle. */
  private SchedulerVerticle scheduler;
  /** True when the cluster created {@link #vertx} and so closes it. */
  private final boolean ownsVertx;
  /** Number used in the next worker's name; only grows. */
  private int nextWorker;
  /** True once closed. */
  private volatile boolean closed;

  private LocalCluster(LocalClusterSpec spec, Vertx vertx, boolean ownsVertx) {
    this.spec = spec;
    this.vertx = vertx;
    this.ownsVertx = ownsVertx;
  }

  /** A builder with dask's defaults. */
  public static LocalClusterBuilder builder() {
    return new LocalClusterBuilder();
  }

  static Future<LocalCluster> start(LocalClusterSpec spec, Vertx given) {
    Vertx vertx = given != null ? given : Vertx.vertx();
    LocalCluster cluster = new LocalCluster(spec, vertx, given == null);
    SchedulerConfig config = SchedulerConfig.defaults().withValidate(spec.validate())
        .withWorkerSaturation(spec.workerSaturation());
    cluster.scheduler = new SchedulerVerticle(config);
    return vertx.deployVerticle(cluster.scheduler)
        .compose(id -> {
          cluster.schedulerDeployment = id;
          return cluster.scaleUp(spec.nWorkers());
        })
        .map(v -> cluster)
        .recover(e -> cluster.shutdown().transform(x -> Future.failedFuture(e)));
  }

  Vertx vertx() {
    return vertx;
  }

  /** The cluster's name. */
  public String name() {
    return spec.name();
  }

  /** The scheduler's address, workers and task counts (blocking; not on an event loop). */
  public SchedulerInfo scheduler() {
    return vertx.eventBus().<Message>request(Addresses.SCHEDULER, new Query(QueryKind.INFO, List.of()), WireCodec.OPTIONS)
        .map(m -> Client.toInfo((SchedulerSnapshot) m.body())).await();
  }

  /** The workers by name (blocking; not on an event loop). */
  public Map<String, WorkerInfo> workers() {
    return scheduler().workers();
  }

  /** The dashboard's URL, or null when the cluster serves none. */
  public String dashboardLink() {
    return null;
  }

  /** Adds or retires workers until there are {@code n}. */
  public synchronized Future<Void> scale(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("scale: n must be >= 0, got " + n);
    }
    if (n >= workerDeployments.size()) {
      return scaleUp(n - workerDeployments.size());
    }
    List<Future<Void>> stops = new ArrayList<>();
    List<String> names = new ArrayList<>(workerDeployments.keySet());
    for (String name : names.subList(n, names.size())) {
      workerVerticles.remove(name);
      stops.add(vertx.undeploy(workerDeployments.remove(name)));
    }
    return Future.all(stops).mapEmpty();
  }

  private synchronized Future<Void> scaleUp(int count) {
    List<Future<String>> starts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String name = "worker-" + nextWorker++;
      WorkerConfig config = new WorkerConfig(name, spec.threadsPerWorker(), spec.memoryLimitBytes(),
          spec.resources(), Long.MAX_VALUE, spec.validate());
      WorkerVerticle worker = new WorkerVerticle(config, 1000);
      starts.add(vertx.deployVerticle(worker)
          .onSuccess(id -> {
            synchronized (this) {
              workerDeployments.put(name, id);
              workerVerticles.put(name, worker);
            }
          }));
    }
    return Future.all(starts).mapEmpty();
  }

  /** Stops the workers and the scheduler. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    long failures = internalFailures();
    shutdown().await();
    if (spec.validate() && failures > 0) {
      throw new IllegalStateException(failures + " messages failed inside the cluster (see the log); with"
          + " validation on, that is a broken invariant");
    }
  }

  /** Messages whose handling threw in the scheduler or a worker; zero unless there is a bug. */
  synchronized long internalFailures() {
    long n = scheduler == null ? 0 : scheduler.failures();
    for (WorkerVerticle w : workerVerticles.values()) {
      n += w.failures();
    }
    return n;
  }

  private Future<Void> shutdown() {
    if (ownsVertx) {
      return vertx.close();
    }
    List<Future<Void>> stops = new ArrayList<>();
    for (String id : workerDeployments.values()) {
      stops.add(vertx.undeploy(id));
    }
    if (schedulerDeployment != null) {
      stops.add(vertx.undeploy(schedulerDeployment));
    }
    return Future.join(stops).mapEmpty();
  }

  /** The in-process worker verticles by name (for tests that look inside workers). */
  synchronized Map<String, WorkerVerticle> workerVerticles() {
    return new LinkedHashMap<>(workerVerticles);
  }

  @Override
  public String toString() {
    int threads = workerDeployments.size() * spec.threadsPerWorker();
    return "LocalCluster(\"" + spec.name() + "\", workers=" + workerDeployments.size() + ", threads=" + threads + ")";
  }

  static String defaultName() {
    return "weft-" + UUID.randomUUID().toString().substring(0, 8);
  }
}

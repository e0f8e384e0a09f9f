package dev.weft.client;

import dev.weft.protocol.tls.TlsFiles;
import dev.weft.protocol.Addresses;
import dev.weft.protocol.LogComponent;
import dev.weft.protocol.MemoryLimit;
import dev.weft.protocol.Message;
import dev.weft.protocol.Query;
import dev.weft.protocol.QueryKind;
import dev.weft.protocol.SchedulerSnapshot;
import dev.weft.protocol.cluster.ClusterJoin;
import dev.weft.protocol.cluster.Clustering;
import dev.weft.worker.nanny.Nanny;
import io.vertx.core.VertxOptions;
import dev.weft.protocol.wire.WireCodec;
import dev.weft.scheduler.state.SchedulerConfig;
import dev.weft.scheduler.verticle.SchedulerVerticle;
import dev.weft.worker.state.WorkerConfig;
import dev.weft.worker.verticle.WorkerVerticle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.lang.System.Logger.Level;

/**
 * A scheduler and workers on this machine (dask's {@code LocalCluster}). With
 * {@code processes(false)} everything runs in this JVM on one non-clustered Vert.x instance, and
 * values move between components by reference. Build it with {@link #builder()}.
 */
public final class LocalCluster implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(LocalCluster.class.getName());
  /** {@link #getLogs()} key of the cluster's own lines (and Vert.x's and Hazelcast's). */
  private static final String CLUSTER_LOG = "Cluster";
  /** {@link #getLogs()} key of the scheduler's lines. */
  private static final String SCHEDULER_LOG = LogComponent.SCHEDULER;
  /** How much of a worker JVM's log file {@link #getLogs()} returns. */
  private static final int LOG_TAIL_BYTES = 64 * 1024;

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
  /** The worker JVMs and their nannies (processes mode only; empty in-process). */
  private final WorkerJvms jvms;
  /** Number used in the next worker's name; only grows. */
  private int nextWorker;
  /** True once closed. */
  private volatile boolean closed;
  /** The adaptive scaling started last by {@link #adapt}; null when never started. */
  private Adaptive adaptive;
  /** The scheduler's address as it answers it (e.g. {@code tcp://127.0.0.1/4242}); set once started. */
  private volatile String address = "";
  /** Recent log lines of the in-JVM components, collected while the cluster runs. */
  private final ComponentLogs logs = new ComponentLogs(this::componentOf);

  private LocalCluster(LocalClusterSpec spec, Vertx vertx, boolean ownsVertx) {
    this.spec = spec;
    this.vertx = vertx;
    this.ownsVertx = ownsVertx;
    this.jvms = new WorkerJvms(spec, vertx);
  }

  /** A builder with dask's defaults. */
  public static LocalClusterBuilder builder() {
    return new LocalClusterBuilder();
  }

  static Future<LocalCluster> start(LocalClusterSpec spec, Vertx given) {
    if (spec.clustered()) {
      VertxOptions options = new VertxOptions();
      options.getEventBusOptions().setPort(spec.schedulerPort());
      ClusterJoin join = new ClusterJoin(spec.name(), spec.host(), List.of(), spec.hazelcastFile(), spec.hazelcastConfig());
      if (spec.nameMadeUp()) {
        join = join.asFounder(); // no other JVM can know the name yet: no second spent looking for members
      }
      // Not compose: a future of the Vert.x that a failed start closes would never complete (see shutdownAfterFailedStart).
      Promise<LocalCluster> started = Promise.promise();
      Clustering.start(join, false, options, spec.security() == null ? null : spec.security().material())
          .onComplete(ar -> {
            if (ar.succeeded()) {
              start(spec, ar.result(), true).onComplete(started);
            } else {
              started.fail(ar.cause());
            }
          });
      return started.future();
    }
    return start(spec, given != null ? given : Vertx.vertx(), given == null);
  }

  private static Future<LocalCluster> start(LocalClusterSpec spec, Vertx vertx, boolean ownsVertx) {
    LocalCluster cluster = new LocalCluster(spec, vertx, ownsVertx);
    SchedulerConfig config = SchedulerConfig.defaults().withValidate(spec.validate())
        .withWorkerSaturation(spec.workerSaturation()).withAllowedFailures(spec.allowedFailures())
        .withLeaseTimeoutMillis(spec.leaseTimeoutMillis()).withFairShare(spec.fairShare());
    if (!spec.workStealing()) {
      config = config.withStealIntervalMillis(0);
    }
    cluster.scheduler = new SchedulerVerticle(config, spec.dashboardAddress(), spec.blockedHandlers());
    java.util.logging.Logger.getLogger("").addHandler(cluster.logs);
    Promise<LocalCluster> started = Promise.promise();
    vertx.deployVerticle(cluster.scheduler)
        .compose(id -> {
          cluster.schedulerDeployment = id;
          return cluster.scaleUp(spec.nWorkers());
        })
        .compose(v -> vertx.eventBus().<Message>request(Addresses.SCHEDULER, new Query(QueryKind.INFO, List.of()), WireCodec.OPTIONS))
        .map(m -> {
          cluster.address = ((SchedulerSnapshot) m.body()).address();
          LOG.log(Level.INFO, cluster + " started");
          return cluster;
        })
        .onComplete(ar -> {
          if (ar.succeeded()) {
            started.complete(ar.result());
          } else {
            cluster.shutdownAfterFailedStart(ar.cause(), started);
          }
        });
    return started.future();
  }

  /**
   * Stops what a failed start left (nannies, Vert.x) on a thread of its own, then fails
   * {@code failed} (a promise of no Vert.x context) with {@code cause}: stopping blocks, and the
   * listeners of a future of a Vert.x that was closed meanwhile never run (a failed start used to
   * hang {@code build()}).
   */
  private void shutdownAfterFailedStart(Throwable cause, Promise<LocalCluster> failed) {
    Thread stopping = new Thread(() -> {
      try {
        shutdown().await();
      } catch (RuntimeException e) {
        cause.addSuppressed(e);
      }
      failed.fail(cause);
    }, "weft-failed-start-" + spec.name());
    stopping.setDaemon(true);
    stopping.start();
  }

  Vertx vertx() {
    return vertx;
  }

  /** The cluster's TLS credentials; null when it runs without TLS. */
  Security security() {
    return spec.security();
  }

  /** Where the worker JVMs' credentials are written; null before the first worker JVM with TLS. */
  TlsFiles tlsFiles() {
    return jvms.tlsFiles();
  }

  /** The cluster's name. */
  public String name() {
    return spec.name();
  }

  /** The scheduler's address, workers and task counts (blocking; not on an event loop). */
  public SchedulerInfo scheduler() {
    return vertx.eventBus().<Message>request(Addresses.SCHEDULER, new Query(QueryKind.INFO, List.of()), WireCodec.OPTIONS)
        .map(m -> ClusterQueries.toInfo((SchedulerSnapshot) m.body())).await();
  }

  /** The workers by name (blocking; not on an event loop). */
  public Map<String, WorkerInfo> workers() {
    return scheduler().workers();
  }

  /**
   * The dashboard's URL, e.g. {@code http://127.0.0.1:8787/status}, or null when the cluster
   * serves none. The dashboard starts beside the cluster; off an event loop this waits (up to 30
   * s) until it listens.
   */
  public String dashboardLink() {
    Future<String> ready = scheduler.dashboardReady();
    if (!ready.isComplete() && !io.vertx.core.Context.isOnEventLoopThread()) {
      ready.timeout(30, java.util.concurrent.TimeUnit.SECONDS).transform(ar -> Future.succeededFuture()).await();
    }
    return scheduler.dashboardLink();
  }

  /**
   * Recent log lines by component: "Cluster", "Scheduler" and one entry per worker name in
   * worker order (dask's {@code get_logs}). In-JVM components keep their last {@value ComponentLogs#LINES_PER_COMPONENT}
   * lines in memory; a worker JVM's entry is the tail of its log file.
   */
  public synchronized Map<String, String> getLogs() {
    Map<String, String> out = new LinkedHashMap<>();
    out.put(CLUSTER_LOG, logs.text(CLUSTER_LOG));
    out.put(SCHEDULER_LOG, logs.text(SCHEDULER_LOG));
    Map<String, String> workers = new java.util.TreeMap<>(
        java.util.Comparator.comparingInt(String::length).thenComparing(java.util.Comparator.naturalOrder()));
    for (String name : workerVerticles.keySet()) {
      workers.put(name, logs.text(name));
    }
    for (String name : jvms.names()) {
      workers.put(name, LogTail.read(WorkerJvm.logFile(spec, name).toPath(), LOG_TAIL_BYTES));
    }
    out.putAll(workers);
    return out;
  }

  /** Which of this cluster's components logged {@code r}: by the tag of the Vert.x context it was logged on, else by logger. */
  private String componentOf(java.util.logging.LogRecord r) {
    io.vertx.core.Context ctx = Vertx.currentContext();
    if (ctx != null && ctx.owner() == vertx) {
      String component = LogComponent.of(ctx);
      return component != null ? component : CLUSTER_LOG;
    }
    String logger = r.getLoggerName();
    if (ctx != null || logger == null) {
      return null;
    }
    if (logger.startsWith("dev.weft.scheduler")) {
      return SCHEDULER_LOG;
    }
    return logger.startsWith("dev.weft.") || logger.startsWith("io.vertx.") || logger.startsWith("com.hazelcast.")
        ? CLUSTER_LOG : null;
  }

  /**
   * Adds or retires workers until there are {@code n}. Workers retire gracefully (see
   * {@link #retireWorkers}), idle ones first, then the least busy, then those holding the fewest
   * bytes; a worker whose values no other worker can take (scaling to 0) stays.
   */
  public synchronized Future<Void> scale(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("scale: n must be >= 0, got " + n);
    }
    List<String> own = workerNames();
    if (n >= own.size()) {
      return scaleUp(n - own.size());
    }
    return ScalingRequests.target(vertx)
        .compose(advice -> retireWorkers(ScalingRequests.pick(advice.retireOrder(), own, own.size() - n)))
        .mapEmpty();
  }

  /**
   * Retires these workers gracefully (dask's {@code retire_workers}): they take no new task, their
   * unstarted tasks move to the other workers, every value only they hold is first copied to a
   * worker that stays, and once they are empty they are stopped, so no result is lost or
   * recomputed. Completes with the workers retired; one whose values no other worker can take (no
   * worker would stay) is not retired and runs on. Names of unknown workers are ignored.
   */
  public Future<List<String>> retireWorkers(List<String> names) {
    return ScalingRequests.retire(vertx, names).compose(this::stopRetired);
  }

  /** Stops the {@code retired} workers (undeploys them, or stops their JVMs); completes with their names. */
  private synchronized Future<List<String>> stopRetired(List<String> retired) {
    List<Nanny> stopping = new ArrayList<>();
    List<Future<Void>> stops = new ArrayList<>();
    for (String name : retired) {
      Nanny nanny = jvms.remove(name);
      String deployment = workerDeployments.remove(name);
      workerVerticles.remove(name);
      if (nanny != null) {
        stopping.add(nanny);
      } else if (deployment != null) {
        stops.add(vertx.undeploy(deployment));
      }
    }
    if (!stopping.isEmpty()) {
      stops.add(vertx.executeBlocking(() -> {
        stopping.forEach(Nanny::stop);
        return null;
      }).mapEmpty());
    }
    LOG.log(Level.INFO, this + ": retired " + retired);
    return Future.all(stops).map(retired);
  }

  /**
   * Adapts the number of workers to the work in sight, between {@code minimum} and {@code maximum}
   * (dask's {@code adapt}; see {@link Adaptive}). Replaces an adaptation started before; closing the
   * cluster stops it.
   */
  public Adaptive adapt(int minimum, int maximum) {
    return adapt(minimum, maximum, Adaptive.INTERVAL_MILLIS);
  }

  /** As {@link #adapt(int, int)}, asking for the target every {@code intervalMillis} (tests use short ones). */
  synchronized Adaptive adapt(int minimum, int maximum, long intervalMillis) {
    if (closed) {
      throw new IllegalStateException("adapt: " + this + " is closed");
    }
    Adaptive started = Adaptive.start(this, minimum, maximum, intervalMillis);
    if (adaptive != null) {
      adaptive.stop();
    }
    adaptive = started;
    return started;
  }

  /** What the scheduler's adaptive target is now (see {@link Adaptive}). */
  Future<dev.weft.protocol.AdaptiveTarget> adaptiveTarget() {
    return ScalingRequests.target(vertx);
  }

  /** Names of this cluster's workers (started, and not retired or stopped), in start order. */
  synchronized List<String> workerNames() {
    return spec.processes() ? jvms.names() : new ArrayList<>(workerDeployments.keySet());
  }

  private synchronized Future<Void> scaleUp(int count) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      names.add("worker-" + nextWorker++);
    }
    if (spec.processes()) {
      return jvms.start(names);
    }
    List<Future<String>> starts = new ArrayList<>();
    for (String name : names) {
      WorkerConfig config = new WorkerConfig(name, spec.threadsPerWorker(), spec.memoryLimitBytes(),
          spec.resources(), Long.MAX_VALUE, spec.validate(), spec.memory());
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

  /** True once {@link #close()} was called; a closed cluster cannot be connected to. */
  boolean isClosed() {
    return closed;
  }

  /**
   * Stops the workers and the scheduler. A dashboard still starting (it starts beside the
   * scheduler, which does not wait for it) is first let finish, up to {@value #DASHBOARD_SETTLE_SECONDS} s,
   * so that closing right after {@code build()} does not cut its start short.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    stopAdapting();
    long failures = internalFailures();
    awaitDashboardSettled();
    shutdown().await();
    if (spec.validate() && failures > 0) {
      throw new IllegalStateException(failures + " messages failed inside the cluster (see the log); with"
          + " validation on, that is a broken invariant");
    }
  }

  private synchronized void stopAdapting() {
    if (adaptive != null) {
      adaptive.stop();
    }
  }

  /** How long {@link #close()} lets a starting dashboard finish before stopping everything. */
  private static final int DASHBOARD_SETTLE_SECONDS = 30;

  /**
   * Waits until the dashboard started or failed to (at once when it has, or when there is none),
   * at most {@value #DASHBOARD_SETTLE_SECONDS} s; never throws. Not on an event loop: there it
   * cannot wait, and closes at once.
   */
  private void awaitDashboardSettled() {
    SchedulerVerticle s = scheduler;
    if (s == null || s.dashboardReady().isComplete() || io.vertx.core.Context.isOnEventLoopThread()) {
      return;
    }
    LOG.log(Level.DEBUG, this + ": letting the dashboard finish starting before closing");
    s.dashboardReady().timeout(DASHBOARD_SETTLE_SECONDS, java.util.concurrent.TimeUnit.SECONDS)
        .transform(ar -> Future.succeededFuture()).await();
  }

  /** Messages whose handling threw in the scheduler or a worker; zero unless there is a bug. */
  synchronized long internalFailures() {
    long n = scheduler == null ? 0 : scheduler.failures();
    for (WorkerVerticle w : workerVerticles.values()) {
      n += w.failures();
    }
    return n;
  }

  /** Process ids of the worker JVMs by worker name (empty in-process). */
  Map<String, Long> workerPids() {
    return jvms.pids();
  }

  /** Unexpected worker JVM deaths so far, as "worker reason" (e.g. "worker-1 was killed by SIGKILL (exit code 137)"). */
  List<String> workerDeaths() {
    return jvms.deaths();
  }

  /** Unexpected deaths counted by the nannies of the current worker JVMs, summed (0 in-process). */
  int nannyDeaths() {
    return jvms.nannyDeaths();
  }

  private Future<Void> shutdown() {
    java.util.logging.Logger.getLogger("").removeHandler(logs);
    jvms.stopAll();
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

  /**
   * Reads like dask's repr: {@code LocalCluster("weft-1a2b3c4d", "tcp://127.0.0.1/4242", workers=2,
   * threads=4, memory=7.45 GiB)} — name, scheduler address, and the workers' total threads and
   * memory limit ({@code memory=unlimited} without one).
   */
  @Override
  public String toString() {
    int workers = spec.processes() ? jvms.names().size() : workerDeployments.size();
    String memory = spec.memoryLimitBytes() <= 0 ? "unlimited"
        : MemoryLimit.format(workers * spec.memoryLimitBytes());
    return "LocalCluster(\"" + spec.name() + "\", \"" + address + "\", workers=" + workers + ", threads="
        + workers * spec.threadsPerWorker() + ", memory=" + memory + ")";
  }

  static String defaultName() {
    return "weft-" + UUID.randomUUID().toString().substring(0, 8);
  }
}

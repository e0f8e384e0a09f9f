package dev.weft.client;

import dev.weft.protocol.ClientHello;
import dev.weft.protocol.Broadcast;
import dev.weft.protocol.Locations;
import dev.weft.protocol.Message;
import dev.weft.protocol.Payload;
import dev.weft.protocol.Query;
import dev.weft.protocol.RestartCluster;
import dev.weft.protocol.QueryKind;
import dev.weft.protocol.Retry;
import dev.weft.protocol.RunResult;
import dev.weft.protocol.RunResults;
import dev.weft.protocol.SchedulerSnapshot;
import dev.weft.protocol.Story;
import dev.weft.protocol.TaskFunction;
import dev.weft.protocol.TaskStreamQuery;
import dev.weft.protocol.TaskStreamReply;
import dev.weft.protocol.UploadJar;
import dev.weft.protocol.WorkerSnapshot;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * What a client asks its scheduler about the cluster, and the calls answered by every worker:
 * who holds which keys, the workers and their threads, waiting for workers, a key's story, the
 * task stream, the dashboard's address, running a function on every worker, uploading a jar.
 * Each is one request through the {@link SchedulerConnection}, after what the client sent before.
 */
final class ClusterQueries {

  private final Vertx vertx;
  private final SchedulerConnection connection;
  /** True when every worker shares this JVM, so nothing is serialized. */
  private final boolean inProcess;
  /** The scheduler's dashboard URL as it last answered; null while it told none. */
  private volatile String dashboardLink;

  ClusterQueries(Vertx vertx, SchedulerConnection connection) {
    this.vertx = vertx;
    this.connection = connection;
    this.inProcess = !vertx.isClustered();
  }

  /** {@link Client#run(Fn0)}. */
  @SuppressWarnings("unchecked")
  <R> Future<Map<String, R>> run(Fn0<R> fn) {
    TaskFunction call = new Calls.Call0<>(fn);
    Payload shipped = FunctionInfo.of(fn, call).payload(call, !inProcess);
    return connection.query(new Broadcast(connection.clientId(), shipped))
        .recover(e -> Future.failedFuture(new WeftException("run failed: " + e.getMessage(), e)))
        .compose(reply -> {
          Map<String, R> out = new TreeMap<>();
          for (RunResult r : ((RunResults) reply).results()) {
            if (r.error() != null) {
              return Future.failedFuture(new RemoteTaskException("run on " + r.workerId(), RemoteErrors.original(r.error())));
            }
            out.put(r.workerId(), (R) r.value().value());
          }
          return Future.succeededFuture(out);
        });
  }

  /** Key → names of the workers holding it, for the keys of {@code futures} (every key in memory when none). */
  Future<Map<String, List<String>>> whoHas(Collection<? extends TaskFuture<?>> futures) {
    List<String> keys = futures.stream().map(TaskFuture::key).toList();
    return connection.query(new Query(QueryKind.WHO_HAS, keys)).map(r -> ((Locations) r).entries());
  }

  /** Worker name → keys it holds. */
  Future<Map<String, List<String>>> hasWhat() {
    return connection.query(new Query(QueryKind.HAS_WHAT, List.of())).map(r -> ((Locations) r).entries());
  }

  /** {@link Client#waitForWorkers(int, Duration)}. */
  Future<Void> waitForWorkers(int n, Duration timeout) {
    int[] seen = {-1}; // workers in the last answer; -1 before any
    return Retry.until(vertx, System.nanoTime() + timeout.toNanos(), 50,
        () -> connection.query(info(), SchedulerConnection.PROBE_MILLIS).compose(r -> {
          seen[0] = ((SchedulerSnapshot) r).workers().size();
          return seen[0] >= n ? Future.<Void>succeededFuture() : Future.<Void>failedFuture("not yet");
        }),
        e -> new WeftTimeoutException(seen[0] < 0
            ? "waitForWorkers: the scheduler did not answer within " + timeout.toMillis() + " ms (" + e.getMessage() + "); "
                + n + " workers wanted"
            : "waitForWorkers: only " + seen[0] + " of " + n + " workers arrived within " + timeout.toMillis() + " ms"));
  }

  /** {@link Client#restart(Duration)}: as many workers as before the restart are awaited after it. */
  Future<Void> restart(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    return connection.query(info()).compose(before -> {
      int workers = ((SchedulerSnapshot) before).workers().size();
      return connection.query(new RestartCluster(connection.clientId()), timeout.toMillis())
          .recover(e -> Future.failedFuture(new WeftException("restart failed: " + e.getMessage(), e)))
          .compose(ack -> waitForWorkers(workers, Duration.ofNanos(Math.max(0, deadline - System.nanoTime()))));
    });
  }

  /** Worker name → threads. */
  Future<Map<String, Integer>> nthreads() {
    return schedulerInfo().map(info -> {
      Map<String, Integer> out = new LinkedHashMap<>();
      info.workers().forEach((name, w) -> out.put(name, w.nthreads()));
      return out;
    });
  }

  /** The scheduler's address, workers and task counts. */
  Future<SchedulerInfo> schedulerInfo() {
    return connection.query(info()).map(r -> toInfo((SchedulerSnapshot) r));
  }

  /** {@link Client#uploadJar(Path)}. */
  Future<Void> uploadJar(Path jar) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(jar);
    } catch (IOException e) {
      return Future.failedFuture(new WeftException("cannot read " + jar, e));
    }
    return connection.query(new UploadJar(jar.getFileName().toString(), Payload.of(bytes)))
        .recover(e -> Future.failedFuture(new WeftException("uploadJar failed: " + e.getMessage(), e)))
        .mapEmpty();
  }

  /** The scheduler's logged transitions of {@code key}, oldest first. */
  Future<List<String>> story(String key) {
    return connection.query(new Query(QueryKind.STORY, List.of(key))).map(r -> ((Story) r).transitions());
  }

  /** {@link Client#dashboardLink()}. */
  String dashboardLink() {
    if (dashboardLink == null && !Context.isOnEventLoopThread()) {
      noteDashboard(connection.query(info()).timeout(30, TimeUnit.SECONDS).otherwiseEmpty().await());
    }
    return dashboardLink;
  }

  /** Remembers the dashboard URL an INFO answer names, if any. */
  void noteDashboard(Message info) {
    if (info instanceof SchedulerSnapshot s && !s.dashboardLink().isEmpty()) {
      dashboardLink = s.dashboardLink();
    }
  }

  /** {@link Client#getTaskStream(Duration)}. */
  Future<List<TaskRecord>> getTaskStream(Duration since) {
    long from = System.currentTimeMillis() - since.toMillis();
    return connection.query(new TaskStreamQuery(from)).map(r -> ((TaskStreamReply) r).runs().stream()
        .map(t -> new TaskRecord(t.key(), t.prefix(), t.worker(), t.lane(), Instant.ofEpochMilli(t.startMillis()),
            Instant.ofEpochMilli(t.stopMillis()), t.ok()))
        .toList());
  }

  /** The public view of a scheduler's INFO answer. */
  static SchedulerInfo toInfo(SchedulerSnapshot s) {
    Map<String, WorkerInfo> workers = new TreeMap<>();
    for (WorkerSnapshot w : s.workers()) {
      workers.put(w.name(), new WorkerInfo(w.name(), w.nthreads(), w.memoryLimit(), w.resources(),
          w.processing(), w.keysInMemory(), w.bytesInMemory(), w.storedKeys(), w.status(), w.pauseReason(),
          w.managedBytes(), w.unmanagedBytes(), w.spilledBytes(), w.spilledKeys()));
    }
    return new SchedulerInfo(s.address(), workers, s.tasksByState());
  }

  private static Query info() {
    return new Query(QueryKind.INFO, List.of());
  }

  /** Sets this client's fair share (see {@link ClusterApi#share}), refusing one out of range. */
  Future<Void> share(double share) {
    if (!(share >= 1 / ClientHello.MAX_SHARE && share <= ClientHello.MAX_SHARE)) {
      return Future.failedFuture(new IllegalArgumentException("share must be in 1e-6..1e6, got " + share));
    }
    return connection.share(share);
  }
}

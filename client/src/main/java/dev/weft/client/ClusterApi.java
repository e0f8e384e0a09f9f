package dev.weft.client;

import io.vertx.core.Future;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What a {@link Client} asks its cluster — who holds which keys, the workers and their threads,
 * waiting for workers, a key's story, the task stream, the dashboard's address — and the calls
 * every worker answers ({@code run}, {@code uploadJar}). {@link Client} inherits them; each is
 * one request to the scheduler, after what the client sent before.
 */
public abstract class ClusterApi extends SubmitApi {

  ClusterApi() {}

  /** Asks the questions. */
  abstract ClusterQueries queries();

  /**
   * Runs {@code fn} once on every worker (outside its task slots) and returns each result by
   * worker name; fails with the first worker's exception if any throws (dask's {@code run}).
   */
  public final <R> Future<Map<String, R>> run(Fn0<R> fn) {
    return queries().run(fn);
  }

  /**
   * This client's weight in the scheduler's fair share of queued root tasks (1 by default, in
   * 1e-6..1e6): while several clients have tasks queued, each gets threads in proportion to its
   * share. Kept across reconnections. Completes once the scheduler was told.
   */
  public final Future<Void> share(double share) {
    return queries().share(share);
  }

  /** Key → names of the workers holding it, for every key in memory. */
  public final Future<Map<String, List<String>>> whoHas() {
    return queries().whoHas(List.of());
  }

  /** Key → names of the workers holding it, for these futures. */
  public final Future<Map<String, List<String>>> whoHas(Collection<? extends TaskFuture<?>> futures) {
    return queries().whoHas(futures);
  }

  /** Worker name → keys it holds. */
  public final Future<Map<String, List<String>>> hasWhat() {
    return queries().hasWhat();
  }

  /**
   * Completes once the cluster has at least {@code n} workers (dask's {@code wait_for_workers});
   * fails after {@code timeout} with a {@link WeftTimeoutException} saying how many of the
   * {@code n} arrived in that time.
   */
  public final Future<Void> waitForWorkers(int n, Duration timeout) {
    return queries().waitForWorkers(n, timeout);
  }

  /** Worker name → threads. */
  public final Future<Map<String, Integer>> nthreads() {
    return queries().nthreads();
  }

  /** The scheduler's address, workers and task counts. */
  public final Future<SchedulerInfo> schedulerInfo() {
    return queries().schedulerInfo();
  }

  /**
   * Sends a jar to every worker, present and future: its classes become available to tasks there
   * (for functions and values whose classes the workers' classpath lacks). Completes once the
   * scheduler has forwarded it; tasks submitted afterwards see the classes.
   */
  public final Future<Void> uploadJar(Path jar) {
    return queries().uploadJar(jar);
  }

  /**
   * Restarts the cluster (dask's {@code restart}): every future of every client is cancelled with
   * reason {@code scheduler-restart}, every task forgotten, every worker restarted — a worker JVM
   * under a nanny as a fresh JVM, any other worker dropping all its tasks and values — and this
   * waits until as many workers as before are back, at most {@value #RESTART_TIMEOUT_SECONDS} s
   * (then it fails with {@link WeftTimeoutException}).
   */
  public final Future<Void> restart() {
    return restart(Duration.ofSeconds(RESTART_TIMEOUT_SECONDS));
  }

  /** As {@link #restart()}, waiting at most {@code timeout} for the workers to come back. */
  public final Future<Void> restart(Duration timeout) {
    return queries().restart(timeout);
  }

  /** How long {@link #restart()} waits for the workers to come back. */
  public static final int RESTART_TIMEOUT_SECONDS = 120;

  /** The scheduler's logged transitions of {@code key}, oldest first, one line each (dask's {@code story}). */
  public final Future<List<String>> story(String key) {
    return queries().story(key);
  }

  /**
   * The URL of the scheduler's dashboard, e.g. {@code http://127.0.0.1:8787/status}; null when it
   * serves none. Off an event loop, asks the scheduler again while it has not told one (its
   * dashboard starts beside it).
   */
  public final String dashboardLink() {
    return queries().dashboardLink();
  }

  /**
   * The task executions of the last {@code since} (as far as the scheduler still keeps them: its
   * last 100,000), oldest first; dask's {@code get_task_stream}.
   */
  public final Future<List<TaskRecord>> getTaskStream(Duration since) {
    return queries().getTaskStream(since);
  }
}

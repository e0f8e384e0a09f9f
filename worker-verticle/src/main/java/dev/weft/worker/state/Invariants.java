package dev.weft.worker.state;

import static dev.weft.worker.state.WorkerTables.hasRun;
import static dev.weft.worker.state.WorkerTables.holdsSlot;
import static dev.weft.worker.state.WorkerTables.keepsPrevious;
import static dev.weft.worker.state.WorkerTaskStatus.CANCELLED;
import static dev.weft.worker.state.WorkerTaskStatus.EXECUTING;
import static dev.weft.worker.state.WorkerTaskStatus.FETCH;
import static dev.weft.worker.state.WorkerTaskStatus.FLIGHT;
import static dev.weft.worker.state.WorkerTaskStatus.LONG_RUNNING;
import static dev.weft.worker.state.WorkerTaskStatus.MEMORY;
import static dev.weft.worker.state.WorkerTaskStatus.READY;
import static dev.weft.worker.state.WorkerTaskStatus.RESUMED;
import static dev.weft.worker.state.WorkerTaskStatus.WAITING;

import java.util.HashMap;
import java.util.Map;

/** The worker state machine's invariants, checked after every stimulus in validate mode. */
final class Invariants {

  /** Slack for sums of fractional resources. */
  private static final double EPSILON = 1e-9;

  /** The shared tables. */
  private final WorkerTables t;
  /** Threads, resources and runs checked. */
  private final Computing computing;
  /** The FETCH set checked. */
  private final Fetching fetching;

  Invariants(WorkerTables t, Computing computing, Fetching fetching) {
    this.t = t;
    this.computing = computing;
    this.fetching = fetching;
  }

  /** Throws {@link IllegalStateException} naming the first broken invariant. */
  void check() {
    int slots = 0;
    int slow = 0;
    int memory = 0;
    long bytes = 0;
    Map<String, Double> held = new HashMap<>(computing.heldByStrays());
    for (WorkerTask ts : t.tasks.values()) {
      checkTask(ts);
      if (holdsSlot(ts)) {
        slots++;
        if (!ts.quickRun) {
          slow++;
        }
      }
      if (ts.status == MEMORY) {
        memory++;
        bytes += t.store.nbytes(ts.key);
      }
      ts.held.forEach((r, a) -> held.merge(r, a, Double::sum));
    }
    Map<String, WorkerTaskStatus> strays = computing.strays();
    for (Map.Entry<String, WorkerTaskStatus> s : strays.entrySet()) {
      WorkerTask ts = t.tasks.get(s.getKey());
      check(ts == null || !hasRun(ts), "stray run of " + s.getKey() + " besides " + ts);
      if (s.getValue() == EXECUTING) {
        slots++;
      }
    }
    int n = t.config.nthreads();
    check(slots == computing.threadsBusy + computing.queued,
        "threads busy " + computing.threadsBusy + " and queued " + computing.queued + " but " + slots + " runs hold a slot");
    check(computing.threadsBusy <= n, computing.threadsBusy + " slots taken of " + n);
    check(computing.queued == 0 || computing.threadsBusy == n, computing.queued + " runs queued with a slot free");
    check(computing.queued <= n * Computing.RUN_AHEAD_PER_THREAD, computing.queued + " runs queued");
    check(slow + computing.slowStrays() == computing.slowRuns, "slow runs " + computing.slowRuns + " but "
        + (slow + computing.slowStrays()) + " runs hold a slot without a function known short");
    check(memory == t.store.count(), t.store.count() + " values stored for " + memory + " MEMORY tasks");
    check(bytes == t.store.bytes(), t.store.bytes() + " bytes stored but MEMORY tasks hold " + bytes);
    for (String key : computing.rejoining) {
      check(computing.secededRun(key), "rejoin queued for " + key + " without a seceded run");
    }
    t.config.resources().forEach((r, total) -> check(
        Math.abs(computing.available.getOrDefault(r, 0.0) + held.getOrDefault(r, 0.0) - total) < EPSILON,
        "resource " + r + ": " + computing.available.get(r) + " available + " + held.get(r) + " held != " + total));
  }

  private void checkTask(WorkerTask ts) {
    WorkerTaskStatus s = ts.status;
    check(t.tasks.get(ts.key) == ts, ts, "not the task of its key");
    check((s == MEMORY) == t.store.contains(ts.key), ts, "value held iff MEMORY");
    check((s == READY) == computing.ready.contains(ts), ts, "ready queue iff READY");
    check((s == FETCH) == fetching.toFetch.contains(ts), ts, "fetch set iff FETCH");
    check(keepsPrevious(s) == (ts.previous != null), ts, "previous iff CANCELLED or RESUMED");
    check(s != CANCELLED || ts.previous == EXECUTING || ts.previous == LONG_RUNNING || ts.previous == FLIGHT,
        ts, "CANCELLED must be running or in flight");
    check(s != RESUMED || ts.previous == EXECUTING || ts.previous == LONG_RUNNING, ts, "RESUMED must be running");
    check(s != CANCELLED || ts.spec == null, ts, "CANCELLED with a recipe");
    check(s != RESUMED || ts.spec != null, ts, "RESUMED without a recipe");
    check(hasRun(ts) || ts.held.isEmpty(), ts, "holds resources without a run");
    check(!ts.interrupted || (keepsPrevious(s) && hasRun(ts)), ts, "interrupted without a CANCELLED or RESUMED run");
    check(ts.again == null || (s == RESUMED && ts.interrupted), ts, "to compute afresh unless an interrupted RESUMED run");
    check(s == WAITING || ts.waitingFor.isEmpty(), ts, "waiting outside WAITING");
    check(s != WAITING || !ts.waitingFor.isEmpty(), ts, "WAITING on nothing");
    for (WorkerTask dep : ts.waitingFor) {
      if (dep.status == MEMORY || t.tasks.get(dep.key) != dep) {
        check(false, ts, "waits for " + dep);
      }
    }
    for (WorkerTask dep : ts.dependencies) {
      if (!dep.dependents.contains(ts)) {
        check(false, ts, "dependency link to " + dep.key);
      }
    }
  }

  /** Throws when {@code ok} is false; the message is built only then (this runs for every task after every stimulus). */
  private static void check(boolean ok, WorkerTask ts, String what) {
    if (!ok) {
      throw new IllegalStateException("worker invariant broken for " + ts + ": " + what);
    }
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException(what);
    }
  }
}

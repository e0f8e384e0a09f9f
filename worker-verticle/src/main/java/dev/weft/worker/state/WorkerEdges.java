package dev.weft.worker.state;

import static dev.weft.worker.state.WorkerTaskStatus.CANCELLED;
import static dev.weft.worker.state.WorkerTaskStatus.ERROR;
import static dev.weft.worker.state.WorkerTaskStatus.EXECUTING;
import static dev.weft.worker.state.WorkerTaskStatus.FETCH;
import static dev.weft.worker.state.WorkerTaskStatus.FLIGHT;
import static dev.weft.worker.state.WorkerTaskStatus.LONG_RUNNING;
import static dev.weft.worker.state.WorkerTaskStatus.MEMORY;
import static dev.weft.worker.state.WorkerTaskStatus.READY;
import static dev.weft.worker.state.WorkerTaskStatus.RELEASED;
import static dev.weft.worker.state.WorkerTaskStatus.RESUMED;
import static dev.weft.worker.state.WorkerTaskStatus.WAITING;

import java.util.Collections;

/**
 * The worker's transition table (dask's {@code WorkerState._TRANSITIONS_TABLE}). An edge changes
 * the task's state and what belongs to that state (the ready queue, the stored value, its links to
 * dependencies); threads and resources are the business of {@link Computing}, which moves its
 * runs' tasks along these edges.
 */
final class WorkerEdges {

  /** The shared tables. */
  private final WorkerTables t;
  /** Owner of the ready queue. */
  private final Computing computing;

  private WorkerEdges(WorkerTables t, Computing computing) {
    this.t = t;
    this.computing = computing;
  }

  /** Declares every edge on {@code t}'s engine, and keeps {@code fetching}'s FETCH set through its observer. */
  static void declare(WorkerTables t, Computing computing, Fetching fetching) {
    WorkerEdges e = new WorkerEdges(t, computing);
    t.engine
        .edge(RELEASED, WAITING, (ts, c) -> enter(ts, WAITING))
        .edge(RELEASED, READY, (ts, c) -> e.ready(ts))
        .edge(RELEASED, FETCH, (ts, c) -> enter(ts, FETCH))
        .edge(RELEASED, MEMORY, (ts, c) -> enter(ts, MEMORY))
        .edge(RELEASED, RESUMED, (ts, c) -> enter(ts, RESUMED))
        .edge(WAITING, READY, (ts, c) -> e.ready(ts))
        .edge(WAITING, RELEASED, (ts, c) -> e.release(ts, RELEASED))
        .edge(FETCH, FLIGHT, (ts, c) -> enter(ts, FLIGHT))
        .edge(FETCH, RELEASED, (ts, c) -> e.release(ts, RELEASED))
        .edge(FLIGHT, MEMORY, (ts, c) -> enter(ts, MEMORY))
        .edge(FLIGHT, FETCH, (ts, c) -> enter(ts, FETCH))
        .edge(FLIGHT, CANCELLED, (ts, c) -> e.release(ts, CANCELLED))
        .edge(READY, EXECUTING, (ts, c) -> enter(ts, EXECUTING))
        .edge(READY, RELEASED, (ts, c) -> e.release(ts, RELEASED))
        .edge(EXECUTING, MEMORY, (ts, c) -> enter(ts, MEMORY))
        .edge(EXECUTING, ERROR, (ts, c) -> enter(ts, ERROR))
        .edge(EXECUTING, LONG_RUNNING, (ts, c) -> enter(ts, LONG_RUNNING))
        .edge(EXECUTING, CANCELLED, (ts, c) -> e.release(ts, CANCELLED))
        .edge(LONG_RUNNING, EXECUTING, (ts, c) -> enter(ts, EXECUTING))
        .edge(LONG_RUNNING, MEMORY, (ts, c) -> enter(ts, MEMORY))
        .edge(LONG_RUNNING, ERROR, (ts, c) -> enter(ts, ERROR))
        .edge(LONG_RUNNING, CANCELLED, (ts, c) -> e.release(ts, CANCELLED))
        .edge(MEMORY, RELEASED, (ts, c) -> e.release(ts, RELEASED))
        .edge(ERROR, RELEASED, (ts, c) -> e.release(ts, RELEASED))
        // A CANCELLED run or fetch returned; its outcome is dropped.
        .edge(CANCELLED, RELEASED, (ts, c) -> enter(ts, RELEASED))
        // Asked for again while its run is under way: that run's outcome will be the task's.
        .edge(CANCELLED, RESUMED, (ts, c) -> enter(ts, RESUMED))
        // Needed again as a dependency while its fetch is out: that fetch will deliver.
        .edge(CANCELLED, FLIGHT, (ts, c) -> enter(ts, FLIGHT))
        // Needed as a dependency while its cancelled run goes on (as a stray): fetched.
        .edge(CANCELLED, FETCH, (ts, c) -> enter(ts, FETCH))
        // To run here while its fetch is out: computed, the fetch's answer will be dropped.
        .edge(CANCELLED, WAITING, (ts, c) -> enter(ts, WAITING))
        .edge(CANCELLED, READY, (ts, c) -> e.ready(ts))
        // Scattered while its run or fetch is under way.
        .edge(CANCELLED, MEMORY, (ts, c) -> enter(ts, MEMORY))
        // Its run succeeded, or a fetch of it delivered first (the run strays).
        .edge(RESUMED, MEMORY, (ts, c) -> enter(ts, MEMORY))
        // Its run failed (reported to the scheduler).
        .edge(RESUMED, RELEASED, (ts, c) -> e.release(ts, RELEASED))
        .edge(RESUMED, CANCELLED, (ts, c) -> e.release(ts, CANCELLED))
        .onMove((ts, from, to) -> {
          if (from == FETCH) {
            fetching.toFetch.remove(ts);
          }
          if (to == FETCH) {
            fetching.toFetch.add(ts);
          }
          if (to == RELEASED) {
            t.maybeUnused(ts);
          }
        });
  }

  /** Sets {@code ts}'s state; a {@code previous} is kept only into CANCELLED and RESUMED. */
  private static void enter(WorkerTask ts, WorkerTaskStatus to) {
    if (!WorkerTables.keepsPrevious(to)) {
      ts.previous = null;
    }
    ts.status = to;
  }

  private void ready(WorkerTask ts) {
    enter(ts, READY);
    computing.ready.add(ts);
  }

  /**
   * Into RELEASED, or CANCELLED (keeping what it still does as its previous): leaves the ready
   * queue, drops the value, forgets the recipe and detaches from dependencies; dependencies only
   * being fetched for it are released too.
   */
  private void release(WorkerTask ts, WorkerTaskStatus to) {
    switch (ts.status) {
      case READY -> computing.ready.remove(ts);
      case MEMORY -> t.drop(ts);
      case EXECUTING, LONG_RUNNING, FLIGHT -> ts.previous = ts.status;
      default -> { }
    }
    enter(ts, to);
    ts.spec = null;
    ts.priority = null;
    ts.again = null;
    ts.waitingFor.clear();
    for (WorkerTask dep : ts.dependencies) {
      dep.dependents.remove(ts);
      if (dep.dependents.isEmpty() && dep.spec == null) {
        if (dep.status == FETCH || dep.status == FLIGHT) {
          t.engine.recommend(dep, dep.status == FETCH ? RELEASED : CANCELLED);
        } else {
          t.maybeUnused(dep);
        }
      }
    }
    ts.dependencies = Collections.emptyList();
  }
}

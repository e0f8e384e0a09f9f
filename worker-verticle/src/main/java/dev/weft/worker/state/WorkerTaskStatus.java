package dev.weft.worker.state;

/**
 * A task's state on one worker (dask's worker vocabulary). Not to be confused with the
 * scheduler's {@code TaskStatus} or a client future's status.
 */
public enum WorkerTaskStatus {
  /** To run here; some dependencies are not yet on this worker. */
  WAITING,
  /** A dependency to fetch from a peer; no request is out yet. */
  FETCH,
  /** A dependency being fetched from a peer. */
  FLIGHT,
  /** To run here; all dependencies present, waiting for a thread. */
  READY,
  /** Running on a thread, which it holds. */
  EXECUTING,
  /** Running, but seceded from the thread pool while it waits on other tasks (holds no thread slot). */
  LONG_RUNNING,
  /** Its value is in this worker's store. */
  MEMORY,
  /** Its function threw. */
  ERROR,
  /** Not needed here, and nothing of it under way. */
  RELEASED,
  /**
   * Not needed here, but a run (EXECUTING or LONG_RUNNING) or a fetch (FLIGHT) of it, its
   * {@code previous} state, is still under way; its outcome will be dropped. It holds a thread slot
   * when its previous state is EXECUTING.
   */
  CANCELLED,
  /**
   * A CANCELLED run (previous EXECUTING or LONG_RUNNING) that the scheduler asked for again before
   * it returned: no second run is started, its outcome is this task's. It holds a thread slot when
   * its previous state is EXECUTING.
   */
  RESUMED
}

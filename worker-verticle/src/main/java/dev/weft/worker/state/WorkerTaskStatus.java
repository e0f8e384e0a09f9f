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
  /** Running on a thread. */
  EXECUTING,
  /** Running, but seceded from the thread pool while it waits on other tasks (holds no slot). */
  LONG_RUNNING,
  /** Its value is in this worker's store. */
  MEMORY,
  /** Its function threw. */
  ERROR,
  /** Not needed here (possibly still executing or in flight, whose outcome is then dropped). */
  RELEASED
}

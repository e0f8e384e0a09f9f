package dev.weft.client;

/**
 * The status of a client's future (dask's vocabulary). Not to be confused with the scheduler's or
 * the worker's task states.
 */
public enum FutureStatus {
  /** Not done yet. */
  PENDING,
  /** Done; the value is on a worker (or here). */
  FINISHED,
  /** The task (or one it depends on) failed. */
  ERROR,
  /** Cancelled. */
  CANCELLED,
  /** The value was lost with its worker and is being recomputed. */
  LOST
}

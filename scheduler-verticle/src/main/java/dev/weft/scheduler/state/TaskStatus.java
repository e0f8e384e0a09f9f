package dev.weft.scheduler.state;

/**
 * A task's state on the scheduler (dask's vocabulary). Not to be confused with the worker's task
 * states ({@code dev.weft.worker.state.WorkerTaskStatus}) or a client future's status.
 */
public enum TaskStatus {
  /** Known, not wanted for now, no value anywhere; keeps lineage for recomputation. */
  RELEASED,
  /** Wanted; waits for dependencies to be in memory. */
  WAITING,
  /** Ready, but no worker satisfies its restrictions or resources. */
  NO_WORKER,
  /** Ready root task held back on the scheduler while every worker is saturated. */
  QUEUED,
  /** Sent to a worker, which runs or will run it. */
  PROCESSING,
  /** Its value is held by at least one worker. */
  MEMORY,
  /** Its function threw, or a dependency erred; the exception is kept for clients. */
  ERRED,
  /** Dropped from the scheduler entirely. */
  FORGOTTEN;

  /** The state's name as dask spells it: "no-worker", "memory", ... */
  public String daskName() {
    return name().toLowerCase().replace('_', '-');
  }
}

package dev.weft.client;

/**
 * A task's inputs are larger than the memory limit of every worker allowed to run it (dask's
 * {@code MemoryError} "Task ... has 3.00 GiB worth of input dependencies, but worker ... has
 * memory_limit set to 1.00 GiB."): the scheduler failed it without sending it to any worker.
 * Workers without a memory limit take any task.
 */
public final class TaskTooLargeException extends WeftException {
  /** The failure, with the scheduler's explanation. */
  public TaskTooLargeException(String message) {
    super(message);
  }
}

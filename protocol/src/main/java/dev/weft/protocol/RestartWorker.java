package dev.weft.protocol;

/**
 * The scheduler restarts this worker: a worker JVM under a nanny exits with
 * {@link #EXIT_CODE} and its nanny starts a fresh one; any other worker drops every task and value
 * and registers again. Whatever follows it in the same batch is for the old worker and dropped.
 */
public record RestartWorker(String workerId) implements ToWorker {

  /** The exit code of a worker JVM that restarts on request: its nanny starts it again without counting a death. */
  public static final int EXIT_CODE = 75;
}

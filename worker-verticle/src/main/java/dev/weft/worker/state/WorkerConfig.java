package dev.weft.worker.state;

import java.util.Map;

/**
 * One worker's settings.
 *
 * @param workerId the worker's name, unique in the cluster
 * @param nthreads tasks run at once (tasks that secede do not count)
 * @param memoryLimit bytes (0: none)
 * @param resources abstract resources and their totals
 * @param inlineLimitBytes results up to this size travel with the finish message, so the
 *     scheduler can forward them to clients ({@code Long.MAX_VALUE} inside one JVM, where this
 *     costs nothing)
 * @param validate check invariants after every stimulus (on in tests)
 * @param memory when to spill and pause, relative to {@code memoryLimit}
 */
public record WorkerConfig(
    String workerId, int nthreads, long memoryLimit, Map<String, Double> resources,
    long inlineLimitBytes, boolean validate, MemorySettings memory) {

  /** Settings with dask's default memory thresholds for a worker sharing its JVM. */
  public WorkerConfig(String workerId, int nthreads, long memoryLimit, Map<String, Double> resources,
      long inlineLimitBytes, boolean validate) {
    this(workerId, nthreads, memoryLimit, resources, inlineLimitBytes, validate, MemorySettings.DEFAULT);
  }
}

package dev.weft.client;

import java.util.Map;

/**
 * One worker as the scheduler sees it: name, threads, memory limit, resources and load;
 * {@code storedKeys} is how many values the worker itself reported holding in its last heartbeat.
 * Its status and memory are as its last heartbeat (or pause message) reported them, split as dask
 * splits them: managed (values held in memory), unmanaged (the rest of its process's memory) and
 * spilled (values held on disk).
 *
 * @param status {@code "running"}, or {@code "paused"}: its memory passed its pause threshold (or it
 *     cannot write spill files), so it is sent no new tasks until it resumes
 * @param pauseReason why it is paused; {@code ""} while running
 * @param managedBytes bytes of the values it holds in memory
 * @param unmanagedBytes the rest of its process memory
 * @param spilledBytes bytes of the values it holds on disk
 * @param spilledKeys how many values it holds on disk
 */
public record WorkerInfo(
    String name, int nthreads, long memoryLimit, Map<String, Double> resources, int processing,
    int keysInMemory, long bytesInMemory, int storedKeys, String status, String pauseReason,
    long managedBytes, long unmanagedBytes, long spilledBytes, int spilledKeys) {

  /** A running worker with nothing measured: the fields of earlier releases. */
  public WorkerInfo(String name, int nthreads, long memoryLimit, Map<String, Double> resources, int processing,
      int keysInMemory, long bytesInMemory, int storedKeys) {
    this(name, nthreads, memoryLimit, resources, processing, keysInMemory, bytesInMemory, storedKeys,
        "running", "", 0, 0, 0, 0);
  }

  /** Whether it is paused (it is sent no new tasks). */
  public boolean paused() {
    return "paused".equals(status);
  }
}

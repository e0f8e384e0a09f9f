package dev.weft.scheduler.state;

import java.util.Map;

/**
 * One worker as the dashboard shows it; a copy, safe to read anywhere. Memory is as its last
 * heartbeat reported it, split as dask splits it.
 *
 * @param id the worker's name
 * @param nthreads threads that run tasks
 * @param processing tasks sent to it and not yet finished
 * @param executing tasks running, as of its last heartbeat
 * @param cpuPercent its process's CPU use at its last heartbeat (100 = one core)
 * @param memoryBytes memory its process uses: managed plus unmanaged
 * @param memoryLimit its memory limit in bytes (0: none)
 * @param keys values it holds
 * @param nbytes bytes of the values it holds
 * @param lastSeenMillis when it was last heard from
 * @param resources abstract resources it offers
 * @param status "running", "paused" (it is sent no new tasks) or "closing_gracefully" (retiring: it
 *     is sent no new tasks and its values are being copied away)
 * @param pauseReason why it is paused; "" while running
 * @param managedBytes bytes of the values it holds in memory
 * @param unmanagedBytes the rest of its process memory
 * @param spilledBytes bytes of the values it holds on disk
 * @param spilledKeys values it holds on disk
 * @param spillWrittenBytes bytes written to spill files since it started
 * @param spillReadBytes bytes read back from spill files since it started
 */
public record WorkerView(
    String id, int nthreads, int processing, int executing, double cpuPercent, long memoryBytes,
    long memoryLimit, int keys, long nbytes, long lastSeenMillis, Map<String, Double> resources,
    String status, String pauseReason, long managedBytes, long unmanagedBytes, long spilledBytes, int spilledKeys,
    long spillWrittenBytes, long spillReadBytes) {

  /** {@link #status} of a worker that runs tasks. */
  public static final String RUNNING = "running";
  /** {@link #status} of a paused worker. */
  public static final String PAUSED = "paused";
  /** {@link #status} of a retiring worker. */
  public static final String CLOSING_GRACEFULLY = "closing_gracefully";

  /** Whether it is paused. */
  public boolean paused() {
    return PAUSED.equals(status);
  }
}

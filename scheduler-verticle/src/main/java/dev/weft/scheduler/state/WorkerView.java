package dev.weft.scheduler.state;

import java.util.Map;

/**
 * One worker as the dashboard shows it; a copy, safe to read anywhere.
 *
 * @param id the worker's name
 * @param nthreads threads that run tasks
 * @param processing tasks sent to it and not yet finished
 * @param executing tasks running, as of its last heartbeat
 * @param cpuPercent its process's CPU use at its last heartbeat (100 = one core)
 * @param memoryBytes heap in use at its last heartbeat
 * @param memoryLimit its memory limit in bytes (0: none)
 * @param keys values it holds
 * @param nbytes bytes of the values it holds
 * @param lastSeenMillis when it was last heard from
 * @param resources abstract resources it offers
 */
public record WorkerView(
    String id, int nthreads, int processing, int executing, double cpuPercent, long memoryBytes,
    long memoryLimit, int keys, long nbytes, long lastSeenMillis, Map<String, Double> resources) {}

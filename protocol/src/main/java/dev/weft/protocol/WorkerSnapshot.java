package dev.weft.protocol;

import java.util.Map;

/**
 * One worker as the scheduler sees it; {@code storedKeys} is the number of values the worker
 * itself reported holding in its last heartbeat, and its memory is as that heartbeat reported it.
 *
 * @param status "running", or "paused" (it is sent no new tasks)
 * @param pauseReason why it is paused; "" while running
 * @param managedBytes bytes of the values it holds in memory
 * @param unmanagedBytes the rest of its process memory (dask's "unmanaged")
 * @param spilledBytes bytes of the values it holds on disk
 * @param spilledKeys values it holds on disk
 */
public record WorkerSnapshot(
    String name, int nthreads, long memoryLimit, Map<String, Double> resources, int processing,
    int keysInMemory, long bytesInMemory, int storedKeys, String status, String pauseReason,
    long managedBytes, long unmanagedBytes, long spilledBytes, int spilledKeys) {}

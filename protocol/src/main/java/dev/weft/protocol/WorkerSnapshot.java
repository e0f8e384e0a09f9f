package dev.weft.protocol;

import java.util.Map;

/**
 * One worker as the scheduler sees it; {@code storedKeys} is the number of values the worker
 * itself reported holding in its last heartbeat.
 */
public record WorkerSnapshot(
    String name, int nthreads, long memoryLimit, Map<String, Double> resources, int processing,
    int keysInMemory, long bytesInMemory, int storedKeys) {}

package dev.weft.client;

import java.util.Map;

/**
 * One worker as the scheduler sees it: name, threads, memory limit, resources and load;
 * {@code storedKeys} is how many values the worker itself reported holding in its last heartbeat.
 */
public record WorkerInfo(
    String name, int nthreads, long memoryLimit, Map<String, Double> resources, int processing,
    int keysInMemory, long bytesInMemory, int storedKeys) {}

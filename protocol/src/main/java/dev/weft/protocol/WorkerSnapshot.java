package dev.weft.protocol;

import java.util.Map;

/** One worker as the scheduler sees it. */
public record WorkerSnapshot(
    String name, int nthreads, long memoryLimit, Map<String, Double> resources, int processing,
    int keysInMemory, long bytesInMemory) {}

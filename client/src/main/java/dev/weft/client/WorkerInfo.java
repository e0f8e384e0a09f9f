package dev.weft.client;

import java.util.Map;

/** One worker as the scheduler sees it: name, threads, memory limit, resources and load. */
public record WorkerInfo(
    String name, int nthreads, long memoryLimit, Map<String, Double> resources, int processing,
    int keysInMemory, long bytesInMemory) {}

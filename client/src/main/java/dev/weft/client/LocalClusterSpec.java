package dev.weft.client;

import java.util.Map;

/** The validated settings of a {@link LocalCluster}. */
record LocalClusterSpec(
    String name, int nWorkers, int threadsPerWorker, boolean processes, String host, String dashboardAddress,
    long memoryLimitBytes, Map<String, Double> resources, boolean validate, double workerSaturation) {}

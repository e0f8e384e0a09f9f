package dev.weft.protocol;

import java.util.Map;

/**
 * A worker joins (a request; the scheduler answers {@link Ack}, or fails it when the name is taken
 * by a worker of another node). {@code nodeId} is the worker's cluster node: when that node leaves
 * the cluster, the scheduler removes the worker at once.
 */
public record RegisterWorker(
    String workerId, int nthreads, long memoryLimit, Map<String, Double> resources, String nodeId)
    implements ToScheduler {}

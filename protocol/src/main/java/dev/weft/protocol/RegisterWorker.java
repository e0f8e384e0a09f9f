package dev.weft.protocol;

import java.util.Map;

/**
 * A worker joins (a request; the scheduler answers {@link Ack}, or fails it when the name is taken
 * by a worker of another node). {@code nodeId} is the worker's cluster node: when that node leaves
 * the cluster, the scheduler removes the worker at once. {@code held} names the values the worker
 * holds already, with their estimated sizes in bytes (dask's {@code register_worker(keys=...,
 * nbytes=...)}): a worker that kept its values through a scheduler failover reports them, and the
 * new scheduler takes them as in memory instead of computing them again. Empty for a fresh worker.
 */
public record RegisterWorker(
    String workerId, int nthreads, long memoryLimit, Map<String, Double> resources, String nodeId,
    Map<String, Long> held) implements ToScheduler {

  /** A worker that holds no values yet. */
  public RegisterWorker(String workerId, int nthreads, long memoryLimit, Map<String, Double> resources, String nodeId) {
    this(workerId, nthreads, memoryLimit, resources, nodeId, Map.of());
  }
}

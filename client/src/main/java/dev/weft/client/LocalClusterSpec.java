package dev.weft.client;

import java.util.List;
import java.util.Map;

/**
 * The validated settings of a {@link LocalCluster}. {@code protocol} is "inproc" (one non-clustered
 * Vert.x), "tcp" or "tls" (a clustered event bus); {@code security} is non-null exactly for "tls".
 */
record LocalClusterSpec(
    String name, int nWorkers, int threadsPerWorker, boolean processes, String host, String dashboardAddress,
    long memoryLimitBytes, Map<String, Double> resources, boolean validate, double workerSaturation,
    String protocol, Security security, List<String> blockedHandlers, boolean workStealing, int schedulerPort) {

  /** True when the scheduler runs on a clustered event bus that other JVMs can join. */
  boolean clustered() {
    return !"inproc".equals(protocol);
  }
}

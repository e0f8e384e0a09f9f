package dev.weft.client;

import com.hazelcast.config.Config;
import dev.weft.worker.state.MemorySettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The validated settings of a {@link LocalCluster}. {@code protocol} is "inproc" (one non-clustered
 * Vert.x), "tcp" or "tls" (a clustered event bus); {@code security} is non-null exactly for "tls";
 * {@code hazelcastFile} and {@code hazelcastConfig} (at most one, null: Weft's) configure Hazelcast;
 * {@code memory} says when workers spill and pause and where their spill files go.
 * {@code allowedFailures} and {@code leaseTimeoutMillis} are the scheduler's (dask's
 * {@code distributed.scheduler.allowed-failures} and {@code locks.lease-timeout}); {@code fairShare}
 * turns the scheduler's fair share of queued root tasks between clients on; {@code nameMadeUp}: the
 * name is the default one made up at random, which no other JVM can know before the cluster starts.
 */
record LocalClusterSpec(
    String name, int nWorkers, int threadsPerWorker, boolean processes, String host, String dashboardAddress,
    long memoryLimitBytes, Map<String, Double> resources, boolean validate, double workerSaturation,
    String protocol, Security security, List<String> blockedHandlers, boolean workStealing, int schedulerPort,
    Path hazelcastFile, Config hazelcastConfig, MemorySettings memory, int allowedFailures,
    long leaseTimeoutMillis, boolean fairShare, boolean nameMadeUp) {

  /** True when the scheduler runs on a clustered event bus that other JVMs can join. */
  boolean clustered() {
    return !"inproc".equals(protocol);
  }
}

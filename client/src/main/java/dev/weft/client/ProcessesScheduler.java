package dev.weft.client;

import java.util.Collection;
import java.util.Map;

/**
 * {@link Schedulers#processes(int)}: dask's multiprocessing scheduler on the JVM. Each
 * {@link #get} starts a pool of {@code workers} worker JVMs (a {@link LocalCluster} with
 * {@code processes(true)}), runs the graph there, and stops the pool; functions and values must
 * be serializable.
 */
record ProcessesScheduler(int workers) implements Scheduler {

  ProcessesScheduler {
    if (workers < 1) {
      throw new IllegalArgumentException("processes: need at least 1 worker JVM, got " + workers);
    }
  }

  @Override
  public Map<String, Object> get(Graph graph, Collection<String> keys) {
    try (LocalCluster pool = LocalCluster.builder().processes(true).nWorkers(workers).threadsPerWorker(1)
            .dashboardAddress(null).build();
         Client client = Client.connect(pool)) {
      return new DistributedScheduler(client).get(graph, keys);
    }
  }

  @Override
  public String toString() {
    return "Schedulers.processes(" + workers + ")";
  }
}

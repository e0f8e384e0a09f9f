package dev.weft.client;

import java.util.Collection;
import java.util.Map;

/**
 * Runs task graphs ({@link Graph}, and {@link Delayed} through {@link Delayed#compute(Scheduler)}),
 * as dask's schedulers do. Obtain one from {@link Schedulers}: {@link Schedulers#synchronous()},
 * {@link Schedulers#threaded(int)}, {@link Schedulers#processes(int)}, {@link Schedulers#distributed(Client)}; the one
 * {@link Delayed#compute()} uses is {@link Schedulers#defaultScheduler()}.
 *
 * <p>The same graph gives the same values on every scheduler. A task whose function throws makes
 * {@link #get} throw {@link RemoteTaskException} (its cause is the original exception) on every
 * scheduler.
 */
public sealed interface Scheduler permits SynchronousScheduler, ThreadedScheduler, DistributedScheduler, ProcessesScheduler {

  /**
   * Computes {@code keys} of {@code graph} (and only the tasks they need) and returns their values
   * by key, in the order given; blocks until done. Throws {@link IllegalArgumentException} when a
   * key is not in the graph.
   */
  Map<String, Object> get(Graph graph, Collection<String> keys);
}

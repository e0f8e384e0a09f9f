package dev.weft.client;

import java.util.Collection;
import java.util.Map;

/** {@link Schedulers#synchronous()}: every task on the calling thread, in dependency order. */
final class SynchronousScheduler implements Scheduler {

  /** The only instance; stateless. */
  static final SynchronousScheduler INSTANCE = new SynchronousScheduler();

  private SynchronousScheduler() {}

  @Override
  public Map<String, Object> get(Graph graph, Collection<String> keys) {
    return LocalExecution.runSynchronously(graph, keys);
  }

  @Override
  public String toString() {
    return "Schedulers.synchronous()";
  }
}

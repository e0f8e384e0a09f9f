package dev.weft.client;

import dev.weft.protocol.TaskFunction;
import dev.weft.protocol.TaskOptions;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The options form of {@code submit}: {@code client.task(fn, args…).key(…).priority(…)…submit()}.
 * Mirrors dask's {@code submit} keywords.
 *
 * @param <R> the type of the task's value
 */
public final class TaskBuilder<R> {

  private final Client client;
  private final Object fn;
  private final TaskFunction call;
  private final Object[] args;
  private String key;
  private boolean pure = true;
  /** Explicit user priority; null means the default (0, or one above the parent task's). */
  private Integer priority;
  private int retries;
  private List<String> workers = List.of();
  private boolean allowOtherWorkers;
  private Map<String, Double> resources = Map.of();

  TaskBuilder(Client client, Object fn, TaskFunction call, Object[] args) {
    this.client = client;
    this.fn = fn;
    this.call = call;
    this.args = args;
  }

  /** Uses {@code key} verbatim instead of deriving one. */
  public TaskBuilder<R> key(String key) {
    this.key = key;
    return this;
  }

  /** True (default): the key is derived from function and arguments; false: a fresh key each time. */
  public TaskBuilder<R> pure(boolean pure) {
    this.pure = pure;
    return this;
  }

  /** Higher runs first (default 0). */
  public TaskBuilder<R> priority(int priority) {
    this.priority = priority;
    return this;
  }

  /** Re-executions after the function throws, before the task errs (default 0). */
  public TaskBuilder<R> retries(int retries) {
    if (retries < 0) {
      throw new IllegalArgumentException("retries must be >= 0, got " + retries);
    }
    this.retries = retries;
    return this;
  }

  /** Runs only on these workers (by name), unless {@link #allowOtherWorkers(boolean)}. */
  public TaskBuilder<R> workers(String... names) {
    return workers(Arrays.asList(names));
  }

  /** Runs only on these workers (by name), unless {@link #allowOtherWorkers(boolean)}. */
  public TaskBuilder<R> workers(Collection<String> names) {
    this.workers = List.copyOf(names);
    return this;
  }

  /** True: the worker restriction is a preference, used when none of those workers exists. */
  public TaskBuilder<R> allowOtherWorkers(boolean allow) {
    this.allowOtherWorkers = allow;
    return this;
  }

  /** Abstract resources held while the task runs, e.g. {@code Map.of("GPU", 1.0)}. */
  public TaskBuilder<R> resources(Map<String, Double> resources) {
    this.resources = Map.copyOf(resources);
    return this;
  }

  /** Submits the task. */
  public TaskFuture<R> submit() {
    if (allowOtherWorkers && workers.isEmpty()) {
      throw new IllegalArgumentException("allowOtherWorkers(true) needs workers(...) to prefer");
    }
    int p = priority != null ? priority : WorkerContext.subtaskPriority();
    TaskOptions options = new TaskOptions(p, retries, workers, allowOtherWorkers, resources);
    return client.submitTask(fn, call, args, options, key, pure);
  }
}

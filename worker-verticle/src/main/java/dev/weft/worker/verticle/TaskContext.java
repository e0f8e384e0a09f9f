package dev.weft.worker.verticle;

import io.vertx.core.Vertx;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * What a running task may know of where it runs: its key, its worker, the worker's Vert.x
 * instance, and how to leave and re-enter the worker's thread pool. Set on the task thread for
 * the duration of the task; the user-facing view is {@code dev.weft.client.WorkerContext}.
 */
public final class TaskContext {

  private static final ThreadLocal<TaskContext> CURRENT = new ThreadLocal<>();

  /** True while the task has left the thread pool; touched only by the task's own thread. */
  private boolean seceded;
  private final String key;
  private final String workerId;
  private final int priority;
  private final Vertx vertx;
  private final TaskRunner runner;
  /** The worker state's generation the task was started for (see {@link TaskRunner#newGeneration()}). */
  private final int generation;
  /** Whether the worker was told to stop this run (a forced cancel); false for good until then. */
  private final BooleanSupplier cancelled;

  TaskContext(String key, String workerId, int priority, Vertx vertx, TaskRunner runner, int generation,
      BooleanSupplier cancelled) {
    this.generation = generation;
    this.cancelled = cancelled;
    this.key = key;
    this.workerId = workerId;
    this.priority = priority;
    this.vertx = vertx;
    this.runner = runner;
  }

  /** The context of the task running on this thread, if any. */
  public static Optional<TaskContext> current() {
    return Optional.ofNullable(CURRENT.get());
  }

  static void set(TaskContext context) {
    if (context == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(context);
    }
  }

  /** The running task's key. */
  public String key() {
    return key;
  }

  /** The name of the worker running it. */
  public String workerId() {
    return workerId;
  }

  /** The running task's user priority. */
  public int priority() {
    return priority;
  }

  /** The worker's Vert.x instance (on which a client for subtasks can be made). */
  public Vertx vertx() {
    return vertx;
  }

  /** Leaves the thread pool: the worker may start another task while this one waits (once; again is a no-op). */
  public void secede() {
    if (!seceded) {
      seceded = true;
      runner.secede(key, generation);
    }
  }

  /** Waits for a free thread slot and takes it again (a no-op unless seceded). */
  public void rejoin() {
    if (seceded) {
      seceded = false;
      runner.rejoin(key, generation);
    }
  }

  /**
   * Whether the task was cancelled with {@code mayInterruptIfRunning} while it runs: its thread was
   * interrupted too, and whatever it returns is dropped. A long task may check this between steps.
   */
  public boolean cancelled() {
    return cancelled.getAsBoolean();
  }

  /** True between {@link #secede()} and {@link #rejoin()}. */
  public boolean seceded() {
    return seceded;
  }
}

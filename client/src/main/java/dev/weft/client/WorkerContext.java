package dev.weft.client;

import dev.weft.worker.verticle.TaskContext;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Inside a running task: which task and worker this is, a {@link Client} for submitting more
 * tasks, and {@link #secede()}/{@link #rejoin()} to give the thread back while waiting on them
 * (dask's {@code get_worker}, {@code get_client}, {@code secede}, {@code rejoin}). Tasks submitted
 * from a task rank ahead of their parent's priority, so they run before its siblings.
 */
public final class WorkerContext {

  /** One client per worker Vert.x instance, made on first use from a task; weak, so closed clusters go. */
  private static final Map<Vertx, Client> CLIENTS = new WeakHashMap<>();

  private final TaskContext task;

  private WorkerContext(TaskContext task) {
    this.task = task;
  }

  /** The context of the task running on this thread; fails outside a task. */
  public static WorkerContext current() {
    return new WorkerContext(TaskContext.current()
        .orElseThrow(() -> new IllegalStateException("WorkerContext.current() called outside a Weft task")));
  }

  /** The running task's key. */
  public String key() {
    return task.key();
  }

  /** The worker's name. */
  public String workerName() {
    return task.workerId();
  }

  /** A client connected to this worker's cluster, for submitting subtasks. */
  public Client client() {
    synchronized (CLIENTS) {
      Client c = CLIENTS.get(task.vertx());
      if (c == null) {
        c = Client.forTasks(task.vertx());
        CLIENTS.put(task.vertx(), c);
      }
      return c;
    }
  }

  /**
   * Whether this task was cancelled with {@code mayInterruptIfRunning} while it runs
   * ({@link TaskFuture#cancel(boolean)}, {@link Client#cancel(java.util.Collection, boolean)}):
   * a long task may check it between steps and stop, by throwing, when it turns true. Its thread
   * is interrupted at the same moment; whatever the task returns or throws afterwards is dropped.
   */
  public boolean cancelled() {
    return task.cancelled();
  }

  /** Leaves the worker's thread pool so other tasks can run while this one waits. */
  public void secede() {
    task.secede();
  }

  /** Waits for a free thread and takes it again (after {@link #secede()}). */
  public void rejoin() {
    task.rejoin();
  }

  /** The user priority subtasks of the running task get by default: one above their parent's. */
  static int subtaskPriority() {
    return TaskContext.current().map(t -> t.priority() + 1).orElse(0);
  }
}

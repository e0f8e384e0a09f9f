package dev.weft.worker.verticle;

import dev.weft.protocol.DependencyRef;
import dev.weft.protocol.RemoteError;
import dev.weft.protocol.Sizes;
import dev.weft.protocol.TaskFunction;
import dev.weft.protocol.ValueSerializer;
import dev.weft.worker.state.Execute;
import dev.weft.worker.state.ExecuteFailed;
import dev.weft.worker.state.ExecuteSucceeded;
import dev.weft.worker.state.WorkerStimulus;
import io.vertx.core.Context;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs tasks on the worker's own task threads, never on an event loop, and hands each outcome
 * back to the worker's context. How many run at once is decided by the worker state, not here.
 */
final class TaskRunner {

  private final String workerId;
  private final ValueSerializer serializer;
  private final Context context;
  private final Consumer<WorkerStimulus> outcomes;
  private final ExecutorService threads;

  TaskRunner(String workerId, ValueSerializer serializer, Context context, Consumer<WorkerStimulus> outcomes) {
    this.workerId = workerId;
    this.serializer = serializer;
    this.context = context;
    this.outcomes = outcomes;
    this.threads = Executors.newCachedThreadPool(new TaskThreads(workerId));
  }

  void run(Execute e) {
    threads.execute(() -> {
      long start = System.currentTimeMillis();
      WorkerStimulus outcome;
      try {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        TaskFunction fn = (TaskFunction) e.spec().function().value(serializer, loader);
        Object[] args = ((Object[]) e.spec().args().value(serializer, loader)).clone();
        for (int i = 0; i < args.length; i++) {
          if (args[i] instanceof DependencyRef ref) {
            args[i] = e.dependencies().get(ref.key());
          }
        }
        Object value = fn.apply(args);
        outcome = new ExecuteSucceeded(e.key(), value, Sizes.estimate(value),
            value == null ? "null" : value.getClass().getName(), start, System.currentTimeMillis());
      } catch (Throwable t) {
        outcome = new ExecuteFailed(e.key(), RemoteError.of(t), start, System.currentTimeMillis());
      }
      WorkerStimulus done = outcome;
      context.runOnContext(v -> outcomes.accept(done));
    });
  }

  void shutdown() {
    threads.shutdownNow();
  }

  /** Daemon threads named after the worker, so thread dumps say whose task runs where. */
  private static final class TaskThreads implements ThreadFactory {
    private final String workerId;
    private final AtomicInteger next = new AtomicInteger();

    TaskThreads(String workerId) {
      this.workerId = workerId;
    }

    @Override
    public Thread newThread(Runnable r) {
      Thread t = new Thread(r, "weft-" + workerId + "-task-" + next.getAndIncrement());
      t.setDaemon(true);
      return t;
    }
  }
}

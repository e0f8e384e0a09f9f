package dev.weft.client;

import dev.weft.worker.verticle.TaskContext;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;

/**
 * The schedulers a {@link Delayed} or {@link Graph} can be computed on, and the default one.
 *
 * <p>The default is {@link #threaded(int) threaded(availableProcessors)} until a {@link Client} is
 * created; each new client becomes the default (as in dask) until it is closed, when the previous
 * default is restored.
 */
public final class Schedulers {

  /** Clients made default, oldest first, each until closed; weak, so a lost client is no default. */
  private static final List<WeakReference<Client>> CLIENTS = new ArrayList<>();
  /** The default without a client: threaded(availableProcessors), made on first use; guarded by the class. */
  private static Scheduler local;

  private Schedulers() {}

  /** Every task on the calling thread, in dependency order: for debugging (stack traces, breakpoints). */
  public static Scheduler synchronous() {
    return SynchronousScheduler.INSTANCE;
  }

  /** Tasks on a pool of {@code n} threads of this JVM, no cluster and no serialization. */
  public static Scheduler threaded(int n) {
    return new ThreadedScheduler(n);
  }

  /**
   * Tasks on a pool of {@code n} worker JVMs started for each computation (dask's multiprocessing
   * scheduler); functions and values must be serializable.
   */
  public static Scheduler processes(int n) {
    return new ProcessesScheduler(n);
  }

  /** Tasks on {@code client}'s cluster, sent in one message; values stay on workers until needed. */
  public static Scheduler distributed(Client client) {
    return new DistributedScheduler(client);
  }

  /**
   * The scheduler {@link Delayed#compute()} uses: the most recently created {@link Client} still
   * open, else inside a task its worker's cluster ({@link WorkerContext#client()}), else
   * {@code threaded(availableProcessors)}.
   */
  public static synchronized Scheduler defaultScheduler() {
    for (int i = CLIENTS.size() - 1; i >= 0; i--) {
      Client c = CLIENTS.get(i).get();
      if (c != null) {
        return distributed(c);
      }
      CLIENTS.remove(i);
    }
    if (TaskContext.current().isPresent()) {
      return distributed(WorkerContext.current().client());
    }
    if (local == null) {
      local = threaded(Runtime.getRuntime().availableProcessors());
    }
    return local;
  }

  /** Makes {@code client} the default; called when it is created. */
  static synchronized void clientCreated(Client client) {
    CLIENTS.add(new WeakReference<>(client));
  }

  /** Restores the default from before {@code client}; called when it is closed. */
  static synchronized void clientClosed(Client client) {
    CLIENTS.removeIf(ref -> ref.get() == null || ref.get() == client);
  }
}

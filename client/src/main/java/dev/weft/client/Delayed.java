package dev.weft.client;

import dev.weft.protocol.DependencyRef;
import dev.weft.protocol.TaskFunction;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A lazy function call (dask's {@code delayed}): {@code Delayed.call(fn, args…)} records the call
 * and returns at once; each argument is a value or another {@code Delayed} (an edge of the task
 * graph). Nothing runs until {@link #compute()} (on the default scheduler, see
 * {@link Schedulers#defaultScheduler()}), {@link #compute(Scheduler)}, {@link Client#compute} or
 * {@link Client#persist}.
 *
 * <p>Keys are pure by default: derived, as for {@code Client.submit}, from the function's token and
 * the tokens of the arguments ({@code Delayed} arguments by their keys), so equal calls share one
 * key and run once per computation. {@link #withPure(boolean) withPure(false)} gives a fresh key;
 * {@link #withKey(String)} a chosen one. Immutable and thread-safe.
 *
 * @param <T> the type of the call's value
 */
public final class Delayed<T> extends DelayedApi {

  /** The key of this call's value; never null. */
  private final String key;
  /** The function called (an {@code Fn0…Fn5}); null exactly when {@link #future} is not null. */
  private final Object fn;
  /** The adapter calling {@link #fn}; null exactly when {@link #fn} is. */
  private final TaskFunction call;
  /** The arguments: values and {@code Delayed}s (edges); empty when {@link #future} is not null. */
  private final Object[] args;
  /** Whether {@link #key} was derived from the function and arguments. */
  private final boolean pure;
  /** The value held on the cluster, for a persisted {@code Delayed}; kept alive by this object. */
  private final TaskFuture<T> future;

  private Delayed(String key, Object fn, TaskFunction call, Object[] args, boolean pure, TaskFuture<T> future) {
    this.key = key;
    this.fn = fn;
    this.call = call;
    this.args = args;
    this.pure = pure;
    this.future = future;
  }

  /** A call of {@code fn} through {@code call} on {@code args}, with its pure key (used by {@link DelayedApi}). */
  static <R> Delayed<R> of(Object fn, TaskFunction call, Object[] args) {
    Objects.requireNonNull(fn, "fn");
    Object[] argv = args.clone();
    return new Delayed<>(pureKey(fn, call, argv), fn, call, argv, true, null);
  }

  /** A {@code Delayed} standing for the value {@code future} holds on the cluster. */
  static <R> Delayed<R> persisted(TaskFuture<R> future) {
    return new Delayed<>(future.key(), null, null, new Object[0], true, future);
  }

  /**
   * The key of a call as {@code Client.submit} derives it ({@code Delayed} arguments by their keys),
   * or a fresh one when the function cannot be serialized (such a call is then never shared).
   */
  private static String pureKey(Object fn, TaskFunction call, Object[] args) {
    Object[] tokens = args.clone();
    for (int i = 0; i < tokens.length; i++) {
      if (tokens[i] instanceof Delayed<?> d) {
        tokens[i] = new DependencyRef(d.key);
      }
    }
    FunctionInfo info;
    try {
      info = FunctionInfo.of(fn, call);
    } catch (SerializationException localOnly) {
      return FunctionInfo.nameOf(fn) + "-" + UUID.randomUUID();
    }
    return Tokens.key(info.name(), info.token(), tokens);
  }

  /** The key of this call's value (on the cluster, and in {@link #graph()}). */
  public String key() {
    return key;
  }

  /** True when the key is derived from the function and arguments (the default). */
  public boolean isPure() {
    return pure;
  }

  /** True when this stands for a value already computed and held on the cluster ({@link Client#persist}). */
  public boolean isPersisted() {
    return future != null;
  }

  /** This call under the key {@code key} (dask's {@code dask_key_name}); this object is unchanged. */
  public Delayed<T> withKey(String key) {
    Objects.requireNonNull(key, "key");
    requireCall("withKey");
    return new Delayed<>(key, fn, call, args, false, null);
  }

  /**
   * This call with a derived key ({@code true}) or a fresh random one ({@code false}: computed
   * again each time it is part of a new computation); this object is unchanged.
   */
  public Delayed<T> withPure(boolean pure) {
    requireCall("withPure");
    if (pure) {
      return new Delayed<>(pureKey(fn, call, args), fn, call, args, true, null);
    }
    return new Delayed<>(FunctionInfo.nameOf(fn) + "-" + UUID.randomUUID(), fn, call, args, false, null);
  }

  private void requireCall(String what) {
    if (future != null) {
      throw new IllegalStateException(what + ": " + key + " is persisted, not a call");
    }
  }

  /** Computes the value on the default scheduler ({@link Schedulers#defaultScheduler()}); blocks. */
  public T compute() {
    return compute(Schedulers.defaultScheduler());
  }

  /**
   * Computes the value on {@code scheduler}; blocks. A function that throws makes this throw
   * {@link RemoteTaskException} whose cause is the original exception, on every scheduler.
   */
  @SuppressWarnings("unchecked")
  public T compute(Scheduler scheduler) {
    return (T) scheduler.get(graph(), List.of(key)).get(key);
  }

  /**
   * The task graph of this call: its key and the keys of every {@code Delayed} it depends on,
   * directly or not (dask's {@code __dask_graph__}). Calls sharing a key appear once.
   */
  public Graph graph() {
    LinkedHashMap<String, Graph.Task> tasks = new LinkedHashMap<>();
    // Iterative post-order (graphs may be deep): a node is added after everything it depends on.
    Deque<Delayed<?>> stack = new ArrayDeque<>();
    Deque<Boolean> expanded = new ArrayDeque<>();
    stack.push(this);
    expanded.push(false);
    while (!stack.isEmpty()) {
      Delayed<?> d = stack.pop();
      boolean done = expanded.pop();
      Graph.Task existing = tasks.get(d.key);
      if (existing != null && (existing.isHeld() || !d.isPersisted())) {
        continue;
      }
      if (d.isPersisted()) {
        tasks.put(d.key, Graph.Task.held(d.future));
      } else if (done) {
        tasks.put(d.key, d.toTask());
      } else {
        stack.push(d);
        expanded.push(true);
        for (int i = d.args.length - 1; i >= 0; i--) {
          if (d.args[i] instanceof Delayed<?> dep) {
            stack.push(dep);
            expanded.push(false);
          }
        }
      }
    }
    return new Graph(tasks);
  }

  /** This call as a graph task, its {@code Delayed} arguments replaced by references to their keys. */
  private Graph.Task toTask() {
    Object[] argv = args.clone();
    for (int i = 0; i < argv.length; i++) {
      if (argv[i] instanceof Delayed<?> d) {
        argv[i] = new DependencyRef(d.key);
      }
    }
    return Graph.Task.call(key, fn, call, argv, pure);
  }

  /** The future backing a persisted {@code Delayed}, or null. */
  TaskFuture<T> future() {
    return future;
  }

  @Override
  public String toString() {
    return "Delayed('" + key + "'" + (future != null ? ", persisted" : "") + ")";
  }
}

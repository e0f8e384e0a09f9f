package dev.weft.client;

import dev.weft.protocol.DependencyRef;
import dev.weft.protocol.TaskFunction;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A task graph: keys mapped to tasks, each a call of a function on values and on other keys of
 * the graph (dask's raw graph dictionaries). Immutable; build one with
 * {@code Graph.builder().put("a", Demo::inc, 1).put("b", Demo::add, Graph.ref("a"), 2).build()}
 * and run it with {@link Client#get(Graph, Collection)} or {@link Scheduler#get(Graph, Collection)}.
 * A {@link Delayed} is turned into one of these to be computed.
 */
public final class Graph {

  /** The tasks by key; each task comes after every task it depends on, and all dependencies are here. */
  private final Map<String, Task> tasks;

  /** {@code tasks} must be in dependency order and closed under dependencies (callers check it). */
  Graph(LinkedHashMap<String, Task> tasks) {
    this.tasks = Collections.unmodifiableMap(tasks);
  }

  /** A builder of a raw graph; {@link GraphBuilder#build()} checks it. */
  public static GraphBuilder builder() {
    return new GraphBuilder();
  }

  /** An argument standing for the value of the task {@code key} of the same graph (an edge). */
  public static <T> Ref<T> ref(String key) {
    return new Ref<>(key);
  }

  /** The keys, each after the keys it depends on. */
  public Set<String> keys() {
    return tasks.keySet();
  }

  /** The number of tasks. */
  public int size() {
    return tasks.size();
  }

  /** The keys {@code key} depends on directly; an {@link IllegalArgumentException} if it is not a key here. */
  public List<String> dependencies(String key) {
    return task(key).dependencies();
  }

  /** The task of {@code key}. */
  Task task(String key) {
    Task t = tasks.get(key);
    if (t == null) {
      throw new IllegalArgumentException("key '" + key + "' is not in the graph");
    }
    return t;
  }

  /**
   * The tasks {@code keys} need (themselves included), in dependency order; an
   * {@link IllegalArgumentException} names a requested key that is not in the graph.
   */
  List<Task> closure(Collection<String> keys) {
    Set<String> needed = new HashSet<>();
    Deque<String> stack = new ArrayDeque<>();
    for (String key : keys) {
      task(key);
      stack.push(key);
    }
    while (!stack.isEmpty()) {
      String key = stack.pop();
      if (needed.add(key)) {
        for (String dep : tasks.get(key).dependencies()) {
          stack.push(dep);
        }
      }
    }
    List<Task> out = new ArrayList<>(needed.size());
    for (Task t : tasks.values()) {
      if (needed.contains(t.key())) {
        out.add(t);
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return "Graph(" + tasks.size() + " tasks)";
  }

  /**
   * An edge argument of {@link GraphBuilder#put}: the value of the task {@link #key()} of the
   * same graph.
   *
   * @param <T> the type of that task's value
   */
  public static final class Ref<T> {

    /** The referenced key; never null. */
    private final String key;

    private Ref(String key) {
      this.key = Objects.requireNonNull(key, "key");
    }

    /** The referenced key. */
    public String key() {
      return key;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Ref<?> r && r.key.equals(key);
    }

    @Override
    public int hashCode() {
      return key.hashCode();
    }

    @Override
    public String toString() {
      return "Graph.ref(\"" + key + "\")";
    }
  }

  /**
   * One task of a graph. Either a call — {@code call} (the adapter of {@code fn}) on {@code args},
   * in which each {@link DependencyRef} stands for the value of one of {@code dependencies} — or,
   * when {@code future} is not null, a value already held on the cluster (a persisted
   * {@link Delayed}), with no function, arguments or dependencies.
   */
  record Task(String key, Object fn, TaskFunction call, Object[] args, List<String> dependencies,
      boolean pure, TaskFuture<?> future) {

    /** A call of {@code fn} on {@code args}; its dependencies are the {@link DependencyRef} arguments. */
    static Task call(String key, Object fn, TaskFunction call, Object[] args, boolean pure) {
      List<String> deps = new ArrayList<>(2);
      for (Object a : args) {
        if (a instanceof DependencyRef ref && !deps.contains(ref.key())) {
          deps.add(ref.key());
        }
      }
      return new Task(key, fn, call, args, List.copyOf(deps), pure, null);
    }

    /** A value held on the cluster by {@code future}. */
    static Task held(TaskFuture<?> future) {
      return new Task(future.key(), null, null, new Object[0], List.of(), true, future);
    }

    /** True when the value is held on the cluster rather than computed. */
    boolean isHeld() {
      return future != null;
    }

    /** The arguments with each {@link DependencyRef} replaced by its value from {@code values}. */
    Object[] resolve(Map<String, Object> values) {
      Object[] resolved = args.clone();
      for (int i = 0; i < resolved.length; i++) {
        if (resolved[i] instanceof DependencyRef ref) {
          resolved[i] = values.get(ref.key());
        }
      }
      return resolved;
    }
  }
}

package dev.weft.client;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Runs a graph in this JVM for the synchronous and threaded schedulers: only the tasks the
 * requested keys need, each once, after its dependencies; a value is dropped as soon as nothing
 * left needs it. Functions are called directly, nothing is serialized. One instance per run, used
 * by the calling (coordinating) thread only.
 */
final class LocalExecution {

  /** The tasks to run, in dependency order. */
  private final List<Graph.Task> order;
  /** The requested keys, in the order given (possibly repeated). */
  private final List<String> wanted;
  /** Values computed and still needed (by a task not yet started, or as a result). */
  private final Map<String, Object> values = new HashMap<>();
  /** Per key: dependencies not yet computed; the task may start when this is 0. */
  private final Map<String, Integer> waiting = new HashMap<>();
  /** Per key: tasks not yet started that take its value, plus 1 if requested; dropped at 0. */
  private final Map<String, Integer> holds = new HashMap<>();
  /** Per key: the tasks taking its value. */
  private final Map<String, List<Graph.Task>> dependents = new HashMap<>();

  private LocalExecution(Graph graph, Collection<String> keys) {
    this.wanted = List.copyOf(keys);
    this.order = graph.closure(wanted);
    for (Graph.Task t : order) {
      waiting.put(t.key(), t.dependencies().size());
      holds.merge(t.key(), 0, Integer::sum);
      for (String dep : t.dependencies()) {
        holds.merge(dep, 1, Integer::sum);
        dependents.computeIfAbsent(dep, k -> new ArrayList<>(2)).add(t);
      }
    }
    for (String key : new LinkedHashSet<>(wanted)) {
      holds.merge(key, 1, Integer::sum);
    }
  }

  /** Runs the tasks {@code keys} need on the calling thread, in dependency order. */
  static Map<String, Object> runSynchronously(Graph graph, Collection<String> keys) {
    LocalExecution run = new LocalExecution(graph, keys);
    for (Graph.Task t : run.order) {
      run.finished(t, execute(t, run.start(t)), null);
    }
    return run.results();
  }

  /**
   * Runs the tasks {@code keys} need on {@code pool}, at most {@code parallelism} at once, the
   * calling thread coordinating; after a failure no new task starts, the running ones are waited
   * for, and the first failure is thrown.
   */
  static Map<String, Object> runOn(Executor pool, int parallelism, Graph graph, Collection<String> keys) {
    LocalExecution run = new LocalExecution(graph, keys);
    Deque<Graph.Task> ready = new ArrayDeque<>();
    for (int i = run.order.size() - 1; i >= 0; i--) {
      Graph.Task t = run.order.get(i);
      if (t.dependencies().isEmpty()) {
        ready.push(t);
      }
    }
    BlockingQueue<Outcome> outcomes = new LinkedBlockingQueue<>();
    int running = 0;
    Throwable failure = null;
    while (true) {
      while (failure == null && running < parallelism && !ready.isEmpty()) {
        Graph.Task t = ready.pop();
        Object[] args = run.start(t);
        pool.execute(() -> {
          Outcome o;
          try {
            o = new Outcome(t, execute(t, args), null);
          } catch (Throwable e) {
            o = new Outcome(t, null, e);
          }
          outcomes.add(o);
        });
        running++;
      }
      if (running == 0) {
        break;
      }
      Outcome o;
      try {
        o = outcomes.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new WeftException("interrupted while computing " + run.wanted, e);
      }
      running--;
      if (o.error != null) {
        if (failure == null) {
          failure = o.error;
        }
      } else if (failure == null) {
        run.finished(o.task, o.value, ready);
      }
    }
    if (failure instanceof RuntimeException e) {
      throw e;
    } else if (failure instanceof Error e) {
      throw e;
    } else if (failure != null) {
      throw new WeftException("failed to compute " + run.wanted, failure);
    }
    return run.results();
  }

  /** The arguments of {@code t}, resolved; releases this run's hold on each dependency's value. */
  private Object[] start(Graph.Task t) {
    Object[] args = t.resolve(values);
    for (String dep : t.dependencies()) {
      release(dep);
    }
    return args;
  }

  /** Records {@code t}'s value; with {@code ready}, pushes the dependents that may now start. */
  private void finished(Graph.Task t, Object value, Deque<Graph.Task> ready) {
    if (holds.get(t.key()) > 0) {
      values.put(t.key(), value);
    }
    for (Graph.Task d : dependents.getOrDefault(t.key(), List.of())) {
      int left = waiting.merge(d.key(), -1, Integer::sum);
      if (left == 0 && ready != null) {
        ready.push(d);
      }
    }
  }

  private void release(String key) {
    if (holds.merge(key, -1, Integer::sum) == 0) {
      values.remove(key);
    }
  }

  private Map<String, Object> results() {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String key : wanted) {
      out.put(key, values.get(key));
    }
    return Collections.unmodifiableMap(out);
  }

  /**
   * Runs one task: calls its function, or for a value held on the cluster fetches it. A function
   * that throws becomes a {@link RemoteTaskException} with the original exception as its cause.
   */
  private static Object execute(Graph.Task t, Object[] args) {
    if (t.isHeld()) {
      return t.future().result();
    }
    try {
      return t.call().apply(args);
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable e) {
      throw new RemoteTaskException(t.key(), e);
    }
  }

  /** A task's value or failure, handed from a pool thread to the coordinating thread. */
  private record Outcome(Graph.Task task, Object value, Throwable error) {}
}

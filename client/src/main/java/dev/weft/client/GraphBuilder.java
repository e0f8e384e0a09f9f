package dev.weft.client;

import dev.weft.protocol.DependencyRef;
import dev.weft.protocol.TaskFunction;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Builds a raw {@link Graph}: {@code put(key, fn, args…)} adds a task whose arguments are values or
 * {@link Graph#ref(String)}s to other keys; {@link #build()} checks that every reference names a
 * key of the graph and that there is no cycle. Not thread-safe.
 */
public final class GraphBuilder extends GraphBuilderApi {

  /** The tasks put so far, in the order put; keys are unique, references not yet checked. */
  private final Map<String, Graph.Task> tasks = new LinkedHashMap<>();

  GraphBuilder() {}

  @Override
  GraphBuilder add(String key, Object fn, TaskFunction call, Object[] args) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(fn, "fn");
    if (tasks.containsKey(key)) {
      throw new IllegalArgumentException("key '" + key + "' is already in the graph");
    }
    Object[] argv = args.clone();
    for (int i = 0; i < argv.length; i++) {
      if (argv[i] instanceof Graph.Ref<?> ref) {
        argv[i] = new DependencyRef(ref.key());
      }
    }
    tasks.put(key, Graph.Task.call(key, fn, call, argv, true));
    return this;
  }

  /**
   * The graph, its tasks in dependency order. Throws {@link IllegalArgumentException} naming the
   * key when a task refers to a key that is not in the graph, or when tasks depend on each other
   * in a cycle.
   */
  public Graph build() {
    for (Graph.Task t : tasks.values()) {
      for (String dep : t.dependencies()) {
        if (!tasks.containsKey(dep)) {
          throw new IllegalArgumentException("task '" + t.key() + "' refers to missing key '" + dep + "'");
        }
      }
    }
    // Depth-first, iteratively (graphs may be deep): a key is emitted after its dependencies; a
    // dependency found on the current path closes a cycle.
    LinkedHashMap<String, Graph.Task> ordered = new LinkedHashMap<>();
    Set<String> onPath = new HashSet<>();
    List<String> path = new ArrayList<>();
    List<Integer> nextDep = new ArrayList<>();
    for (String root : tasks.keySet()) {
      if (ordered.containsKey(root)) {
        continue;
      }
      path.add(root);
      nextDep.add(0);
      onPath.add(root);
      while (!path.isEmpty()) {
        int top = path.size() - 1;
        Graph.Task t = tasks.get(path.get(top));
        int i = nextDep.get(top);
        if (i < t.dependencies().size()) {
          nextDep.set(top, i + 1);
          String dep = t.dependencies().get(i);
          if (ordered.containsKey(dep)) {
            continue;
          }
          if (onPath.contains(dep)) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(dep), path.size()));
            cycle.add(dep);
            throw new IllegalArgumentException("cycle in graph at key '" + dep + "': " + String.join(" -> ", cycle));
          }
          path.add(dep);
          nextDep.add(0);
          onPath.add(dep);
        } else {
          ordered.put(t.key(), t);
          onPath.remove(t.key());
          path.remove(top);
          nextDep.remove(top);
        }
      }
    }
    return new Graph(ordered);
  }

  /** The keys put so far. */
  public List<String> keys() {
    return Collections.unmodifiableList(new ArrayList<>(tasks.keySet()));
  }
}

package dev.weft.scheduler.state;

import dev.weft.protocol.TaskSpec;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Graph order for newly submitted tasks: a depth-first post-order from the graph's outputs, so a
 * branch's tasks are consecutive and a reduction finishes branches before starting new ones
 * (which keeps memory low). Iterative, so chains of any length are fine.
 */
final class GraphOrder {

  private GraphOrder() {}

  /** Order numbers from {@code base} upward for every key of {@code fresh} (in insertion order). */
  static Map<String, Long> order(Map<String, TaskSpec> fresh, long base) {
    Map<String, Long> out = new HashMap<>(Math.max(16, fresh.size() * 2));
    Set<String> hasFreshDependent = new HashSet<>();
    for (TaskSpec spec : fresh.values()) {
      for (String d : spec.dependencies()) {
        if (fresh.containsKey(d)) {
          hasFreshDependent.add(d);
        }
      }
    }
    long next = base;
    if (hasFreshDependent.isEmpty()) {
      for (String key : fresh.keySet()) {
        out.put(key, next++);
      }
      return out;
    }
    Deque<Frame> stack = new ArrayDeque<>();
    for (TaskSpec sink : fresh.values()) {
      if (hasFreshDependent.contains(sink.key()) || out.containsKey(sink.key())) {
        continue;
      }
      stack.push(new Frame(sink));
      while (!stack.isEmpty()) {
        Frame top = stack.peek();
        if (top.next < top.spec.dependencies().size()) {
          String dep = top.spec.dependencies().get(top.next++);
          TaskSpec depSpec = fresh.get(dep);
          if (depSpec != null && !out.containsKey(dep) && top.visiting.add(dep)) {
            stack.push(new Frame(depSpec));
          }
        } else {
          stack.pop();
          out.putIfAbsent(top.spec.key(), next++);
        }
      }
    }
    for (String key : fresh.keySet()) {
      if (!out.containsKey(key)) {
        out.put(key, next++);
      }
    }
    return out;
  }

  /** A task being visited and the index of its next dependency to visit. */
  private static final class Frame {
    final TaskSpec spec;
    int next;
    final Set<String> visiting = new HashSet<>(2);

    Frame(TaskSpec spec) {
      this.spec = spec;
    }
  }
}

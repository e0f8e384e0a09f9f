package dev.weft.scheduler.state;

import static dev.weft.scheduler.state.TaskStatus.FORGOTTEN;
import static dev.weft.scheduler.state.TaskStatus.MEMORY;

import dev.weft.protocol.SchedulerSnapshot;
import dev.weft.protocol.WorkerMemory;
import dev.weft.protocol.WorkerSnapshot;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Read-only views of the scheduler's tables for queries, the dashboard and {@code /metrics}: task
 * states and counts, who holds what, the workers, the prefixes and the graph. Changes nothing.
 */
final class SchedulerViews {

  private final Tables tables;

  SchedulerViews(Tables tables) {
    this.tables = tables;
  }

  TaskStatus status(String key) {
    TaskState ts = tables.tasks.get(key);
    return ts == null ? FORGOTTEN : ts.status;
  }

  String processingOn(String key) {
    TaskState ts = tables.tasks.get(key);
    return ts == null || ts.processingOn == null ? null : ts.processingOn.id;
  }

  Map<TaskStatus, Long> countsByStatus() {
    Map<TaskStatus, Long> out = new EnumMap<>(TaskStatus.class);
    for (TaskStatus s : TaskStatus.values()) {
      if (s != FORGOTTEN) {
        out.put(s, tables.counts[s.ordinal()]);
      }
    }
    return out;
  }

  Map<String, List<String>> whoHas(Collection<String> keys) {
    Map<String, List<String>> out = new TreeMap<>();
    if (keys.isEmpty()) {
      for (TaskState ts : tables.tasks.values()) {
        if (ts.status == MEMORY) {
          out.put(ts.key, ts.holderIds());
        }
      }
    } else {
      for (String k : keys) {
        TaskState ts = tables.tasks.get(k);
        out.put(k, ts == null ? List.of() : ts.holderIds());
      }
    }
    return out;
  }

  Map<String, List<String>> hasWhat() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (WorkerRecord ws : tables.workers.values()) {
      List<String> keys = new ArrayList<>();
      for (TaskState ts : ws.hasWhat) {
        keys.add(ts.key);
      }
      keys.sort(null);
      out.put(ws.id, keys);
    }
    return out;
  }

  List<String> workerIdsOn(String nodeId) {
    List<String> out = new ArrayList<>();
    for (WorkerRecord ws : tables.workers.values()) {
      if (ws.nodeId.equals(nodeId)) {
        out.add(ws.id);
      }
    }
    return out;
  }

  List<WorkerView> workerViews() {
    List<WorkerView> out = new ArrayList<>(tables.workers.size());
    for (WorkerRecord w : tables.workers.values()) {
      WorkerMemory m = w.memory;
      out.add(new WorkerView(w.id, w.nthreads, w.processing.size(), w.executing, w.cpuPercent,
          m.managedBytes() + m.unmanagedBytes(), w.memoryLimit, w.hasWhat.size(), w.nbytes, w.lastSeen, w.resources,
          status(w), w.pauseReason, m.managedBytes(), m.unmanagedBytes(), m.spilledBytes(), m.spilledKeys(),
          m.spillWrittenBytes(), m.spillReadBytes()));
    }
    return out;
  }

  private static String status(WorkerRecord w) {
    return w.retiring ? WorkerView.CLOSING_GRACEFULLY : w.paused ? WorkerView.PAUSED : WorkerView.RUNNING;
  }

  List<PrefixView> prefixViews() {
    List<PrefixView> out = new ArrayList<>(tables.prefixes.size());
    for (TaskPrefix p : tables.prefixes.values()) {
      Map<TaskStatus, Long> byState = new EnumMap<>(TaskStatus.class);
      for (TaskStatus s : TaskStatus.values()) {
        byState.put(s, p.counts[s.ordinal()]);
      }
      out.add(new PrefixView(p.name, byState));
    }
    return out;
  }

  GraphView graphView(int maxTasks) {
    if (tables.tasks.size() > maxTasks) {
      return new GraphView(true, List.of(), List.of());
    }
    List<GraphView.Node> nodes = new ArrayList<>(tables.tasks.size());
    List<List<String>> edges = new ArrayList<>();
    for (TaskState ts : tables.tasks.values()) {
      nodes.add(new GraphView.Node(ts.key, ts.name(), ts.status));
      for (TaskState dep : ts.dependencies) {
        edges.add(List.of(dep.key, ts.key));
      }
    }
    return new GraphView(false, nodes, edges);
  }

  SchedulerSnapshot snapshot(String address, String dashboardLink, String nodeId) {
    List<WorkerSnapshot> ws = new ArrayList<>();
    for (WorkerRecord w : tables.workers.values()) {
      WorkerMemory m = w.memory;
      ws.add(new WorkerSnapshot(w.id, w.nthreads, w.memoryLimit, w.resources, w.processing.size(),
          w.hasWhat.size(), w.nbytes, w.storedKeys, status(w), w.pauseReason, m.managedBytes(), m.unmanagedBytes(),
          m.spilledBytes(), m.spilledKeys()));
    }
    Map<String, Long> byState = new LinkedHashMap<>();
    countsByStatus().forEach((s, n) -> byState.put(s.daskName(), n));
    return new SchedulerSnapshot(address, ws, byState, dashboardLink, nodeId);
  }
}

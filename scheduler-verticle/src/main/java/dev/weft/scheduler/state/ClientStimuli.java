package dev.weft.scheduler.state;

import static dev.weft.scheduler.state.TaskStatus.ERRED;
import static dev.weft.scheduler.state.TaskStatus.FORGOTTEN;
import static dev.weft.scheduler.state.TaskStatus.MEMORY;
import static dev.weft.scheduler.state.TaskStatus.PROCESSING;
import static dev.weft.scheduler.state.TaskStatus.RELEASED;

import dev.weft.protocol.CancelKeys;
import dev.weft.protocol.ClientHello;
import dev.weft.protocol.KeyCancelled;
import dev.weft.protocol.KeyErred;
import dev.weft.protocol.Payload;
import dev.weft.protocol.Priority;
import dev.weft.protocol.ReleaseKeys;
import dev.weft.protocol.RetryKeys;
import dev.weft.protocol.RemoteError;
import dev.weft.protocol.ScatterData;
import dev.weft.protocol.StoreData;
import dev.weft.protocol.TaskSpec;
import dev.weft.protocol.UpdateGraph;
import dev.weft.protocol.UploadJar;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What clients ask of the scheduler (dask's client stimuli): submit a graph, scatter data, release
 * or cancel keys, upload a jar, say hello. Each changes the tables and recommends; the
 * transitions do the rest.
 */
final class ClientStimuli {

  private final SchedulerConfig config;
  private final Tables tables;
  private final Outbox out;
  private final Wants wants;
  /** Values kept through a failover, which re-sent graphs claim. */
  private final Rebuild rebuild;

  ClientStimuli(SchedulerConfig config, Tables tables, Outbox out, Wants wants, Rebuild rebuild) {
    this.config = config;
    this.tables = tables;
    this.out = out;
    this.wants = wants;
    this.rebuild = rebuild;
  }

  /** A connected client's message shows it alive. */
  void touch(String clientId) {
    ClientRecord c = clientId == null ? null : tables.connected.get(clientId);
    if (c != null) {
      c.lastSeen = out.now();
    }
  }

  void hello(ClientHello m) {
    ClientRecord client = tables.connected.computeIfAbsent(m.clientId(), c -> new ClientRecord(c, m.nodeId(), out.now()));
    client.lastSeen = out.now();
    client.share = m.share();
    tables.clients.computeIfAbsent(m.clientId(), c -> new LinkedHashSet<>());
  }

  /**
   * New tasks enter RELEASED in graph order; wanted keys are then computed (or reported). After a
   * failover, tasks whose values workers kept go to memory instead ({@link Rebuild}).
   */
  void updateGraph(UpdateGraph m) {
    rebuild.recipeless(m);
    long now = out.now();
    if (now - tables.lastSubmitMillis > config.fifoTimeoutMillis()) {
      tables.generation++;
    }
    tables.lastSubmitMillis = now;
    tables.clients.computeIfAbsent(m.clientId(), c -> new LinkedHashSet<>());
    Map<String, TaskSpec> fresh = new LinkedHashMap<>();
    Map<String, String> broken = new HashMap<>();
    for (TaskSpec spec : m.tasks()) {
      if (tables.tasks.containsKey(spec.key()) || fresh.containsKey(spec.key())) {
        continue;
      }
      for (String dep : spec.dependencies()) {
        if (!tables.tasks.containsKey(dep) && !fresh.containsKey(dep)) {
          broken.put(spec.key(), broken.getOrDefault(dep, "dependency " + dep + " is no longer known"));
        } else if (broken.containsKey(dep)) {
          broken.put(spec.key(), broken.get(dep));
        }
      }
      if (!broken.containsKey(spec.key())) {
        fresh.put(spec.key(), spec);
      }
    }
    Map<String, Long> order = GraphOrder.order(fresh, tables.nextOrder);
    tables.nextOrder += fresh.size();
    for (TaskSpec spec : fresh.values()) {
      List<TaskState> deps = new ArrayList<>(spec.dependencies().size());
      for (String d : spec.dependencies()) {
        deps.add(tables.tasks.get(d));
      }
      Priority p = new Priority(spec.options().priority(), tables.generation, order.get(spec.key()));
      TaskState ts = new TaskState(spec.key(), spec, m.clientId(), p, deps.isEmpty() ? List.of() : deps);
      for (TaskState dep : deps) {
        dep.dependents().add(ts);
      }
      tables.add(ts);
    }
    for (String key : m.wanted()) {
      TaskState ts = tables.tasks.get(key);
      if (ts == null) {
        out.toClient(m.clientId(), new KeyCancelled(key, broken.getOrDefault(key, "key " + key + " has no task")));
      } else {
        wants.add(m.clientId(), ts);
      }
    }
    if (rebuild.unclaimedCount() > 0) { // only after a failover: every graph passes here
      Set<String> claimable = new LinkedHashSet<>(fresh.keySet());
      claimable.addAll(m.wanted());
      rebuild.claim(claimable);
    }
    for (String key : fresh.keySet()) {
      TaskState ts = tables.tasks.get(key);
      if (ts.status == RELEASED && !ts.isWanted() && !ts.hasDependents()) {
        out.recommend(ts, FORGOTTEN);
      }
    }
  }

  void release(ReleaseKeys m) {
    for (String key : m.keys()) {
      TaskState ts = tables.tasks.get(key);
      if (ts != null) {
        wants.remove(m.clientId(), ts);
      }
    }
  }

  /**
   * dask's {@code stimulus_cancel}, for {@code m}'s client; with {@code force}, the runs of the
   * tasks this releases while they process are interrupted on their workers.
   */
  void cancel(CancelKeys m) {
    if (m.force()) {
      out.interruptReleasedRuns();
    }
    HashSet<TaskState> seen = new HashSet<>();
    for (String key : m.keys()) {
      TaskState ts = tables.tasks.get(key);
      if (ts != null) {
        wants.cancel(m.clientId(), ts, seen);
      }
    }
  }

  /**
   * dask's {@code stimulus_retry}: every erred task that {@code m}'s erred keys stem from (found up
   * their inputs not in memory, which an erred dependent may have let go) and every erred task
   * downstream of those go back to RELEASED, all before any computes again, so the wanted ones
   * wait on their inputs afresh. Keys that are unknown or not erred are left alone.
   */
  void retry(RetryKeys m) {
    Set<TaskState> seen = new HashSet<>();
    List<TaskState> stack = new ArrayList<>();
    for (String key : m.keys()) {
      TaskState ts = tables.tasks.get(key);
      if (ts != null && ts.status == ERRED) {
        stack.add(ts);
      }
    }
    List<TaskState> again = new ArrayList<>();
    while (!stack.isEmpty()) {
      TaskState ts = stack.remove(stack.size() - 1);
      if (!seen.add(ts)) {
        continue;
      }
      if (ts.status == ERRED) {
        again.add(ts);
      }
      for (TaskState dep : ts.dependencies) {
        if (dep.status != MEMORY) {
          stack.add(dep);
        }
      }
    }
    for (int i = 0; i < again.size(); i++) {
      if (again.get(i).dependents != null) {
        for (TaskState dts : again.get(i).dependents) {
          if (dts.status == ERRED && seen.add(dts)) {
            again.add(dts);
          }
        }
      }
    }
    for (TaskState ts : again) {
      out.recommend(ts, RELEASED);
    }
  }

  /** Values sent by a client go to the least loaded workers (all of them when broadcast). */
  void scatter(ScatterData m) {
    tables.clients.computeIfAbsent(m.clientId(), c -> new LinkedHashSet<>());
    List<WorkerRecord> targets = new ArrayList<>(tables.workers.values());
    Map<WorkerRecord, Map<String, Payload>> perWorker = new LinkedHashMap<>();
    int next = 0;
    targets.sort(Comparator.comparingLong((WorkerRecord w) -> w.nbytes).thenComparingInt(w -> w.hasWhat.size()));
    for (Map.Entry<String, Payload> e : m.data().entrySet()) {
      TaskState ts = tables.tasks.get(e.getKey());
      if (ts == null) {
        ts = new TaskState(e.getKey(), null, m.clientId(), new Priority(0, tables.generation, tables.nextOrder++), List.of());
        tables.add(ts);
      }
      if (targets.isEmpty()) {
        out.toClient(m.clientId(), new KeyErred(ts.key, new RemoteError(IllegalStateException.class.getName(),
            "no workers to scatter to", List.of(), null)));
        if (!ts.isWanted() && ts.status == RELEASED && !ts.hasDependents()) {
          out.recommend(ts, FORGOTTEN);
        }
        continue;
      }
      wants.add(m.clientId(), ts);
      if (ts.status == MEMORY || ts.status == PROCESSING) {
        continue;
      }
      List<WorkerRecord> to = m.broadcast() ? targets : List.of(targets.get(next++ % targets.size()));
      for (WorkerRecord ws : to) {
        perWorker.computeIfAbsent(ws, w -> new LinkedHashMap<>()).put(ts.key, e.getValue());
      }
    }
    perWorker.forEach((ws, data) -> out.toWorker(ws, new StoreData(data)));
  }

  /** A jar every worker loads: sent to the current workers now and to each new one when it joins. */
  void uploadJar(UploadJar m) {
    tables.jars.add(m);
    for (WorkerRecord ws : tables.workers.values()) {
      out.toWorker(ws, m);
    }
  }
}

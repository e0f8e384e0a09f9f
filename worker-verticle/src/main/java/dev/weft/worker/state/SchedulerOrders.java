package dev.weft.worker.state;

import static dev.weft.worker.state.WorkerTables.cancelledFetch;
import static dev.weft.worker.state.WorkerTaskStatus.CANCELLED;
import static dev.weft.worker.state.WorkerTaskStatus.MEMORY;
import static dev.weft.worker.state.WorkerTaskStatus.READY;
import static dev.weft.worker.state.WorkerTaskStatus.RESUMED;
import static dev.weft.worker.state.WorkerTaskStatus.WAITING;

import dev.weft.protocol.AcquireReplicas;
import dev.weft.protocol.AddKeys;
import dev.weft.protocol.ComputeTask;
import dev.weft.protocol.FreeKeys;
import dev.weft.protocol.Payload;
import dev.weft.protocol.StealResponse;
import dev.weft.protocol.StoreData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the scheduler's instructions do: compute a task here, free keys, store scattered values,
 * keep copies of values held elsewhere, give up a task.
 */
final class SchedulerOrders {

  /** The shared tables. */
  private final WorkerTables t;
  /** Runs, which a scattered value turns into strays and a repeated ComputeTask takes over. */
  private final Computing computing;
  /** Fetches, for the dependencies of computed tasks. */
  private final Fetching fetching;

  SchedulerOrders(WorkerTables t, Computing computing, Fetching fetching) {
    this.t = t;
    this.computing = computing;
    this.fetching = fetching;
  }

  /**
   * Run {@code m}'s task here. A task known with its recipe only learns of new holders. A value
   * held already is reported finished; a key being fetched is computed instead (the scheduler asks
   * because no peer holds it); a run of the key still under way is taken over (RESUMED), not
   * started twice — and when that run was interrupted, the task is computed afresh once it returns.
   */
  void compute(ComputeTask m) {
    WorkerTask ts = t.tasks.computeIfAbsent(m.spec().key(), WorkerTask::new);
    if (ts.spec != null) {
      fetching.refreshWhoHas(ts, m.whoHas());
      return;
    }
    switch (ts.status) {
      case FETCH, FLIGHT -> t.release(ts);
      default -> { }
    }
    ts.spec = m.spec();
    ts.priority = m.priority();
    if (ts.status == MEMORY) {
      t.finished(ts, 0, 0);
      return;
    }
    boolean resumed = computing.adopt(ts);
    if (!resumed && ts.status == CANCELLED && !cancelledFetch(ts)) {
      t.move(ts, RESUMED);
      resumed = true;
    }
    if (resumed) {
      if (ts.interrupted) {
        ts.again = m; // the interrupted run's outcome will be dropped: computed afresh when it returns
      }
      return;
    }
    List<String> dependencies = m.spec().dependencies();
    if (!dependencies.isEmpty()) {
      ts.dependencies = new ArrayList<>(dependencies.size());
    }
    for (String depKey : dependencies) {
      WorkerTask dep = t.tasks.computeIfAbsent(depKey, WorkerTask::new);
      ts.dependencies.add(dep);
      dep.addDependent(ts);
      if (dep.status != MEMORY) {
        ts.waitFor(dep);
        dep.whoHas = m.whoHas().getOrDefault(depKey, List.of());
        fetching.need(dep);
      }
    }
    t.move(ts, ts.waitingFor.isEmpty() ? READY : WAITING);
  }

  /**
   * The scheduler no longer needs {@code m}'s keys here; with {@code interrupt} (a forced cancel),
   * the thread of each that is running is interrupted.
   */
  void free(FreeKeys m) {
    for (String key : m.keys()) {
      WorkerTask ts = t.tasks.get(key);
      if (ts != null) {
        t.release(ts);
        if (m.interrupt()) {
          computing.interrupt(ts);
        }
      }
    }
  }

  /** Scattered values: held (the first value stays when a key is held already) and announced. */
  void store(StoreData m) {
    Map<String, Long> sizes = new LinkedHashMap<>();
    for (Map.Entry<String, Payload> e : m.data().entrySet()) {
      WorkerTask ts = t.tasks.computeIfAbsent(e.getKey(), WorkerTask::new);
      if (ts.status != MEMORY) {
        t.release(ts);
        computing.detach(ts);
        t.keep(ts, e.getValue().value(), -1);
        t.move(ts, MEMORY);
        t.unblockDependents(ts);
      }
      sizes.put(ts.key, t.store.nbytes(ts.key));
    }
    t.send(new AddKeys(t.config.workerId(), sizes));
  }

  /**
   * Keep copies of {@code m}'s values (dask's {@code acquire-replicas}, for a worker retiring
   * elsewhere): a value not held here is fetched from the holders named (a fetch under way tries
   * them), and kept until the scheduler frees it; one held already is announced again. A value
   * this worker is computing is left to finish; a key named without holders is skipped.
   */
  void acquire(AcquireReplicas m) {
    Map<String, Long> held = new LinkedHashMap<>();
    m.whoHas().forEach((key, holders) -> {
      WorkerTask ts = holders.isEmpty() ? t.tasks.get(key) : t.tasks.computeIfAbsent(key, WorkerTask::new);
      if (ts != null && ts.status == MEMORY) {
        held.put(key, t.store.nbytes(key));
      } else if (ts != null && ts.spec == null && !holders.isEmpty()) {
        ts.whoHas = holders;
        fetching.need(ts);
      }
    });
    if (!held.isEmpty()) {
      t.send(new AddKeys(t.config.workerId(), held));
    }
  }

  /**
   * The scheduler would move task {@code key} elsewhere: given up only if it has not started
   * (waiting for dependencies or for a thread); answered either way.
   */
  void steal(String key) {
    WorkerTask ts = t.tasks.get(key);
    boolean stealable = ts != null && ts.spec != null && (ts.status == WAITING || ts.status == READY);
    String state = ts == null ? "unknown" : ts.status.name().toLowerCase(Locale.ROOT);
    if (stealable) {
      t.release(ts);
    }
    t.send(new StealResponse(t.config.workerId(), key, stealable, state));
  }
}

package dev.weft.worker.state;

import static dev.weft.worker.state.WorkerTables.cancelledFetch;
import static dev.weft.worker.state.WorkerTaskStatus.CANCELLED;
import static dev.weft.worker.state.WorkerTaskStatus.FETCH;
import static dev.weft.worker.state.WorkerTaskStatus.FLIGHT;
import static dev.weft.worker.state.WorkerTaskStatus.MEMORY;
import static dev.weft.worker.state.WorkerTaskStatus.RELEASED;
import static dev.weft.worker.state.WorkerTaskStatus.RESUMED;

import dev.weft.protocol.AddKeys;
import dev.weft.protocol.MissingData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Getting dependencies from peers: which to fetch from whom (dask's {@code _ensure_communicating},
 * one request per peer), and what their answers do.
 */
final class Fetching {

  /** The shared tables. */
  private final WorkerTables t;
  /** Runs, which a fetch of their key turns into strays. */
  private final Computing computing;
  /** Exactly the FETCH tasks, in the order they became so (kept by the engine's move observer). */
  final Set<WorkerTask> toFetch = new LinkedHashSet<>();
  /** Sum of nbytes of the values received from peers since start; only grows. */
  long bytesFetched;

  Fetching(WorkerTables t, Computing computing) {
    this.t = t;
    this.computing = computing;
  }

  /**
   * A local task needs {@code dep}, which is not in memory: fetched when nothing of it is under
   * way here. A CANCELLED fetch is in flight again; a CANCELLED run goes on as a stray while the
   * value is fetched. Tasks computed here (or RESUMED) are simply waited for.
   */
  void need(WorkerTask dep) {
    if (dep.status == RELEASED) {
      t.move(dep, FETCH);
    } else if (cancelledFetch(dep)) {
      t.move(dep, FLIGHT);
    } else if (dep.status == CANCELLED) {
      computing.detach(dep);
      t.move(dep, FETCH);
    }
  }

  /** The scheduler named holders again for {@code ts}'s dependencies: those still to fetch use them. */
  void refreshWhoHas(WorkerTask ts, Map<String, List<String>> whoHas) {
    for (WorkerTask dep : ts.dependencies) {
      List<String> holders = whoHas.get(dep.key);
      if (holders != null && (dep.status == FETCH || dep.status == FLIGHT)) {
        dep.whoHas = holders;
      }
    }
  }

  /**
   * A peer answered: values still wanted (in flight, to fetch, or RESUMED, whose run then strays)
   * are stored, announced and reported finished when computing them was asked of this worker;
   * CANCELLED fetches are dropped. Keys the peer lacked are fetched from the next holder.
   */
  void gathered(GatherSucceeded m) {
    Map<String, Long> added = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : m.data().entrySet()) {
      WorkerTask ts = t.tasks.get(e.getKey());
      if (ts == null) {
        continue;
      }
      if (ts.status == FLIGHT || ts.status == FETCH || ts.status == RESUMED) {
        if (ts.status == FETCH) {
          t.move(ts, FLIGHT);
        }
        computing.detach(ts);
        t.keep(ts, e.getValue(), -1);
        bytesFetched += t.store.nbytes(ts.key);
        t.move(ts, MEMORY);
        added.put(ts.key, t.store.nbytes(ts.key));
        t.unblockDependents(ts);
        if (ts.spec != null) {
          t.finished(ts, 0, 0);
        }
      } else if (cancelledFetch(ts)) {
        t.move(ts, RELEASED);
      }
    }
    if (!added.isEmpty()) {
      t.send(new AddKeys(t.config.workerId(), added));
    }
    for (String key : m.missing()) {
      failed(t.tasks.get(key), m.worker());
    }
  }

  /** A fetch of {@code ts} from {@code peer} came back empty-handed: reported, and tried from another holder. */
  void failed(WorkerTask ts, String peer) {
    if (ts == null) {
      return;
    }
    t.send(new MissingData(t.config.workerId(), ts.key, peer));
    List<String> rest = new ArrayList<>(ts.whoHas);
    rest.remove(peer);
    ts.whoHas = rest;
    if (ts.status == FLIGHT) {
      t.move(ts, FETCH);
    } else if (cancelledFetch(ts)) {
      t.move(ts, RELEASED);
    }
  }

  /** Sends one request per peer for the FETCH tasks that have a known holder (the first named). */
  void ensureCommunicating() {
    if (toFetch.isEmpty() || t.pausedBecause != null) {
      return;
    }
    Map<String, List<WorkerTask>> byPeer = new LinkedHashMap<>();
    for (WorkerTask ts : toFetch) {
      if (!ts.whoHas.isEmpty()) {
        byPeer.computeIfAbsent(ts.whoHas.get(0), p -> new ArrayList<>()).add(ts);
      }
    }
    byPeer.forEach((peer, deps) -> {
      List<String> keys = new ArrayList<>(deps.size());
      for (WorkerTask ts : deps) {
        t.move(ts, FLIGHT);
        keys.add(ts.key);
      }
      t.instruct(new GatherDep(peer, keys));
    });
  }
}

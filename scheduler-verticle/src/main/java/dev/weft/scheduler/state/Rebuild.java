package dev.weft.scheduler.state;

import static dev.weft.scheduler.state.TaskStatus.MEMORY;
import static dev.weft.scheduler.state.TaskStatus.RELEASED;

import dev.weft.protocol.CancelKeys;
import dev.weft.protocol.Priority;
import dev.weft.protocol.ReleaseKeys;
import dev.weft.protocol.RetryKeys;
import dev.weft.protocol.ScatterData;
import dev.weft.protocol.TaskSpec;
import dev.weft.protocol.ToScheduler;
import dev.weft.protocol.UpdateGraph;
import dev.weft.scheduler.state.SchedulerTransitions.Arrival;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a scheduler that took over after a failover rebuilds its state from the cluster. Workers
 * register again with the values they kept ({@code RegisterWorker.held}), and report tasks that
 * finished while no scheduler was there: values no task claims yet, held here by key. Clients
 * re-send the graphs of their pending futures: a task whose key a worker holds goes straight to
 * memory there instead of being computed again. So that workers are in before graphs are placed,
 * the clients' task messages are parked after the takeover until a worker of every worker node
 * live then has registered (or left), {@link #SETTLE_MILLIS} at most, and then handled in arrival
 * order; values still unclaimed {@link #KEEP_MILLIS} after the takeover are freed on their
 * workers. A scheduler that never took over rebuilds nothing.
 */
final class Rebuild {

  /** How long after a takeover clients' task messages are parked at most, while the workers register again. */
  static final long SETTLE_MILLIS = 30_000;
  /** How long after a takeover a value no task claims is kept for a client to claim it. */
  static final long KEEP_MILLIS = 60_000;

  private final Tables tables;
  private final Outbox out;
  /** When this scheduler took over from a lost one; -1 while it never did. */
  private long tookOverAt = -1;
  /** The worker nodes whose workers have not registered since the takeover; settled once empty. */
  private final Set<String> awaited = new HashSet<>();
  /** True once settled after a takeover: clients' messages are no longer parked. */
  private boolean settled;
  /** Takeovers so far (0 or 1 for one scheduler's life; counted for metrics). */
  private long failovers;
  /** Clients' task messages received while settling, in arrival order; empty once settled. */
  private final List<ToScheduler> parked = new ArrayList<>();
  /** Values workers hold that no task claims yet: key → holder → estimated bytes; empty once kept long enough. */
  private final Map<String, Map<WorkerRecord, Long>> unclaimed = new LinkedHashMap<>();

  Rebuild(Tables tables, Outbox out) {
    this.tables = tables;
    this.out = out;
  }

  /** This scheduler took over from a lost one at {@code nowMillis}, when {@code workerNodes} held workers. */
  void tookOver(Collection<String> workerNodes, long nowMillis) {
    tookOverAt = nowMillis;
    failovers++;
    awaited.addAll(workerNodes);
    settled = awaited.isEmpty();
  }

  /** A worker of node {@code nodeId} registered, or the node left: it is no longer awaited. */
  void heardFrom(String nodeId) {
    awaited.remove(nodeId);
    settled = settled || (tookOverAt >= 0 && awaited.isEmpty());
  }

  /** Takeovers so far. */
  long failovers() {
    return failovers;
  }

  /** True while clients' task messages are parked. */
  boolean settling(long nowMillis) {
    settled = settled || (tookOverAt >= 0 && nowMillis >= tookOverAt + SETTLE_MILLIS);
    return tookOverAt >= 0 && !settled;
  }

  /** True while values no task claims are kept. */
  boolean keeping(long nowMillis) {
    return tookOverAt >= 0 && nowMillis < tookOverAt + KEEP_MILLIS;
  }

  /** Parks {@code m} when it is a client's task message that arrived while settling; true when parked. */
  boolean park(ToScheduler m, long nowMillis) {
    boolean taskMessage = m instanceof UpdateGraph || m instanceof ReleaseKeys || m instanceof CancelKeys
        || m instanceof RetryKeys || m instanceof ScatterData;
    if (taskMessage && settling(nowMillis)) {
      parked.add(m);
      return true;
    }
    return false;
  }

  /** The parked messages, in arrival order, once settled (taken: they are handed out once); else none. */
  List<ToScheduler> unpark(long nowMillis) {
    if (settling(nowMillis) || parked.isEmpty()) {
      return List.of();
    }
    List<ToScheduler> due = List.copyOf(parked);
    parked.clear();
    return due;
  }

  /**
   * Worker {@code ws} holds {@code key} ({@code nbytes} estimated) that no task claims: kept while
   * {@link #keeping}, else freed there. True when kept.
   */
  boolean hold(WorkerRecord ws, String key, long nbytes) {
    if (!keeping(out.now())) {
      return false;
    }
    unclaimed.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(ws, nbytes);
    return true;
  }

  /**
   * Before a re-sent graph is read: each key {@code m} wants that has neither a task nor a spec in
   * {@code m} but is held unclaimed (a value a client scattered before the failover) gets a task
   * without a recipe, as a scatter makes.
   */
  void recipeless(UpdateGraph m) {
    if (unclaimed.isEmpty()) {
      return; // no failover values wait: nothing to look up (every graph passes here)
    }
    Set<String> specified = new HashSet<>();
    for (TaskSpec spec : m.tasks()) {
      specified.add(spec.key());
    }
    for (String key : m.wanted()) {
      if (!tables.tasks.containsKey(key) && !specified.contains(key) && unclaimed.containsKey(key)) {
        tables.add(new TaskState(key, null, m.clientId(), new Priority(0, tables.generation, tables.nextOrder++), List.of()));
      }
    }
  }

  /**
   * After a re-sent graph's tasks and wants were added: each of {@code keys} still released whose
   * value a live worker holds unclaimed goes to memory there (the other holders become replicas).
   * One that no client wants and no task still to run needs is let go again, freed on its workers.
   */
  void claim(Collection<String> keys) {
    if (unclaimed.isEmpty()) {
      return;
    }
    List<TaskState> claimed = new ArrayList<>();
    for (String key : keys) {
      TaskState ts = tables.tasks.get(key);
      Map<WorkerRecord, Long> holders = unclaimed.remove(key);
      if (ts == null || holders == null || ts.status != RELEASED) {
        continue;
      }
      for (Map.Entry<WorkerRecord, Long> h : holders.entrySet()) {
        if (!tables.registered(h.getKey())) {
          continue;
        }
        if (ts.status == MEMORY) {
          h.getKey().addReplica(ts, h.getValue());
        } else {
          out.transition(ts, MEMORY, new Arrival(h.getKey(), h.getValue()));
          claimed.add(ts);
        }
      }
    }
    for (TaskState ts : claimed) {
      if (ts.status == MEMORY && (ts.isWanted() || neededByUnfinished(ts))) {
        out.recommend(ts, MEMORY); // replaces the released or waiting move recommended before it arrived
      }
    }
  }

  /** Frees the values still unclaimed on their workers once {@link #KEEP_MILLIS} have passed. */
  void expire(long nowMillis) {
    if (keeping(nowMillis) || unclaimed.isEmpty()) {
      return;
    }
    unclaimed.forEach((key, holders) -> holders.keySet().forEach(ws -> out.free(ws, key)));
    unclaimed.clear();
  }

  /** Values held unclaimed; 0 except for a while after a failover. */
  int unclaimedCount() {
    return unclaimed.size();
  }

  private static boolean neededByUnfinished(TaskState ts) {
    if (ts.dependents == null) {
      return false;
    }
    for (TaskState d : ts.dependents) {
      if (d.status != MEMORY) {
        return true;
      }
    }
    return false;
  }
}

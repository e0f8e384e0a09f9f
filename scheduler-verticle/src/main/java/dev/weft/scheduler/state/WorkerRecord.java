package dev.weft.scheduler.state;

import dev.weft.protocol.WorkerMemory;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** The scheduler's record of one worker: what it runs and holds, and its last reported load. */
final class WorkerRecord {

  /** The worker's name, also its inbox suffix; unique in the cluster. */
  final String id;
  /** The cluster node it runs on: only that node may speak for it, and its leaving removes it. */
  final String nodeId;
  /** Threads that run tasks. */
  final int nthreads;
  /** Memory limit in bytes (0: none). */
  final long memoryLimit;
  /** Abstract resources and their totals. */
  final Map<String, Double> resources;
  /** Tasks sent to it and not yet finished; each has {@code processingOn == this}. */
  final Set<TaskState> processing = new LinkedHashSet<>();
  /** Keys whose value it holds; each has this worker in {@code whoHas}. */
  final Set<TaskState> hasWhat = new HashSet<>();
  /** Tasks of {@link #processing} that seceded (long-running); they hold no thread. */
  int longRunning;
  /** Sum of expected milliseconds of {@link #processing} that are not long-running. */
  double occupancy;
  /** Sum of {@code nbytes} of {@link #hasWhat}. */
  long nbytes;
  /** Time of its last message or heartbeat. */
  long lastSeen;
  /** Tasks executing, as last reported by a heartbeat. */
  int executing;
  /** Its memory (managed, process, spilled) as last reported by a heartbeat. */
  WorkerMemory memory = WorkerMemory.EMPTY;
  /**
   * Paused (dask's status "paused", out of its {@code running} set): it is sent no new task;
   * {@link #pauseReason} says why, and is "" exactly when not paused.
   */
  boolean paused;
  /** Why it paused, as the worker said; "" while running. */
  String pauseReason = "";
  /**
   * Closing gracefully (dask's status "closing_gracefully", out of its {@code running} set, see
   * {@link Retirement}): it is sent no new task and its values are copied away; never undone but by
   * a refused retirement.
   */
  boolean retiring;
  /** Its process's CPU use as last reported by a heartbeat (100 = one core). */
  double cpuPercent;
  /** Bytes it has received from peers, as last reported by a heartbeat; only grows. */
  long bytesFetched;
  /** Values it holds, as last reported by a heartbeat. */
  int storedKeys;
  /** Messages it rejected, as last reported by a heartbeat; only grows. */
  long rejected;

  WorkerRecord(String id, String nodeId, int nthreads, long memoryLimit, Map<String, Double> resources, long now) {
    this.id = id;
    this.nodeId = nodeId;
    this.nthreads = nthreads;
    this.memoryLimit = memoryLimit;
    this.resources = resources;
    this.lastSeen = now;
  }

  /** Counts {@code ts} as processing here, expected to take {@code ts.expectedMillis}. */
  void assign(TaskState ts) {
    ts.processingOn = this;
    processing.add(ts);
    occupancy += ts.expectedMillis;
  }

  /** Stops counting {@code ts} as processing here (finished, failed, lost, released or stolen). */
  void unassign(TaskState ts) {
    processing.remove(ts);
    if (ts.longRunning) {
      ts.longRunning = false;
      longRunning--;
    } else {
      occupancy = Math.max(0, occupancy - ts.expectedMillis);
    }
    if (processing.isEmpty()) {
      occupancy = 0;
    }
    ts.processingOn = null;
  }

  /** Records that this worker holds the value of {@code ts}, of {@code size} bytes. */
  void addReplica(TaskState ts, long size) {
    ts.nbytes = size;
    if (!ts.whoHas().contains(this)) {
      ts.whoHas().add(this);
      hasWhat.add(ts);
      nbytes += Math.max(0, size);
    }
  }

  /** Records that this worker no longer holds the value of {@code ts}. */
  void removeReplica(TaskState ts) {
    if (ts.whoHas != null && ts.whoHas.remove(this)) {
      hasWhat.remove(ts);
      nbytes -= Math.max(0, ts.nbytes);
    }
  }

  /** Whether it is in the running set: neither paused nor retiring, so it may be sent new tasks and values. */
  boolean running() {
    return !paused && !retiring;
  }

  /** Whether values of {@code bytes} fit under its memory limit (always, without a limit). */
  boolean canHold(long bytes) {
    return memoryLimit <= 0 || bytes <= memoryLimit;
  }

  /** True when this worker has at least {@code amount} of every resource the task asks for. */
  boolean offers(Map<String, Double> wanted) {
    for (Map.Entry<String, Double> e : wanted.entrySet()) {
      if (resources.getOrDefault(e.getKey(), 0.0) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return "<Worker " + id + " processing=" + processing.size() + " keys=" + hasWhat.size() + ">";
  }
}

package dev.weft.scheduler.state;

import dev.weft.protocol.MemoryLimit;
import dev.weft.protocol.RemoteError;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where a task goes (dask's {@code decide_worker}): the running workers its restrictions allow
 * and its inputs fit in (or why it can never run: {@link #tooLarge}), whether
 * it is a root task that queues on the scheduler, the least busy worker with a free slot for
 * those, and for the others the worker where it can start earliest (queued work per thread plus
 * time to fetch missing inputs, among the holders of its inputs when any is allowed). Reads the
 * scheduler's worker table; changes nothing but its thread count. A new placement policy starts here.
 */
final class Placement {

  /** The error type of a task too large for every worker (the client raises {@code TaskTooLargeException}). */
  static final String TOO_LARGE = "dev.weft.client.TaskTooLargeException";

  /**
   * Scheduler-to-worker round trips a worker's queue of short root tasks should cover: below this
   * expected duration a worker is given enough of them to stay busy for this long, so it does not
   * wait for the scheduler between two tasks (dask gives {@code ceil(saturation * nthreads)}
   * whatever their length).
   */
  static final double PIPELINE_MILLIS = 2;
  /** Most short root tasks in flight per worker thread the pipeline adds up to. */
  static final int MAX_PIPELINED_PER_THREAD = 64;

  private final SchedulerConfig config;
  /** The scheduler's registered workers by id (shared, read only here). */
  private final Map<String, WorkerRecord> workers;
  /** Average run time by function name (shared, read only here). */
  private final Map<String, Double> durations;
  /** Task threads over all registered workers: the sum of their nthreads. */
  private long totalThreads;

  Placement(SchedulerConfig config, Map<String, WorkerRecord> workers, Map<String, Double> durations) {
    this.config = config;
    this.workers = workers;
    this.durations = durations;
  }

  /** How long {@code ts} is expected to run: its function's average, or the configured guess before one finished. */
  double expectedMillis(TaskState ts) {
    Double known = durations.get(ts.name());
    return known != null ? known : config.unknownTaskDurationMillis();
  }

  /** {@code ws} registered. */
  void workerAdded(WorkerRecord ws) {
    totalThreads += ws.nthreads;
  }

  /** {@code ws} left. */
  void workerRemoved(WorkerRecord ws) {
    totalThreads -= ws.nthreads;
  }

  /**
   * Workers that may take {@code ts} now (dask's {@code valid_workers} within its {@code running}
   * set): running, not paused; allowed by its worker restrictions (or, with allowOtherWorkers, any
   * when none of those can take it); offering its resources; and with a memory limit its inputs
   * fit under.
   */
  List<WorkerRecord> validWorkers(TaskState ts) {
    List<String> restrict = ts.options().workers();
    Map<String, Double> resources = ts.options().resources();
    long input = ts.inputBytes();
    List<WorkerRecord> out = new ArrayList<>();
    for (WorkerRecord ws : workers.values()) {
      if ((restrict.isEmpty() || restrict.contains(ws.id)) && takes(ws, resources, input)) {
        out.add(ws);
      }
    }
    if (out.isEmpty() && ts.options().allowOtherWorkers()) {
      for (WorkerRecord ws : workers.values()) {
        if (takes(ws, resources, input)) {
          out.add(ws);
        }
      }
    }
    return out;
  }

  private static boolean takes(WorkerRecord ws, Map<String, Double> resources, long input) {
    return ws.running() && ws.offers(resources) && ws.canHold(input);
  }

  /**
   * Why {@code ts} can never run (dask's check when a task goes to processing): the values of its
   * dependencies exceed the memory limit of every registered worker allowed to run it, naming the
   * one with the largest limit; null when some allowed worker has no limit or room, or when none is
   * registered (it waits for one). Paused workers count: they may resume.
   */
  RemoteError tooLarge(TaskState ts) {
    if (ts.dependencies.isEmpty()) {
      return null;
    }
    long input = ts.inputBytes();
    List<String> restrict = ts.options().workers();
    WorkerRecord largest = null;
    for (WorkerRecord ws : workers.values()) {
      boolean allowed = restrict.isEmpty() || restrict.contains(ws.id) || ts.options().allowOtherWorkers();
      if (allowed && ws.offers(ts.options().resources())) {
        if (ws.canHold(input)) {
          return null;
        }
        if (largest == null || ws.memoryLimit > largest.memoryLimit) {
          largest = ws;
        }
      }
    }
    if (largest == null) {
      return null;
    }
    return new RemoteError(TOO_LARGE, "Task " + ts.key + " has " + MemoryLimit.format(input) + " worth of input dependencies,"
        + " but worker " + largest.id + " has memory_limit set to " + MemoryLimit.format(largest.memoryLimit) + ".", List.of(), null);
  }

  /**
   * dask's {@code is_rootish}: a task without dependencies or restrictions whose function has more
   * tasks than twice the cluster's threads. Such tasks queue on the scheduler and go out as
   * workers free up; any other task goes to its worker at once, where the worker's own queue
   * orders it by priority.
   */
  boolean isRootish(TaskState ts) {
    return ts.isUnrestrictedRoot() && ts.prefix.active() > 2 * totalThreads;
  }

  /**
   * Among running workers with a free slot for root task {@code ts}, the least busy per thread;
   * null when all are saturated or paused.
   */
  WorkerRecord rootishWorker(TaskState ts) {
    double expected = expectedMillis(ts);
    WorkerRecord best = null;
    double bestLoad = Double.MAX_VALUE;
    for (WorkerRecord ws : workers.values()) {
      int active = ws.processing.size() - ws.longRunning;
      if (ws.running() && active < slots(ws, expected)) {
        double load = (double) active / ws.nthreads;
        if (load < bestLoad) {
          best = ws;
          bestLoad = load;
        }
      }
    }
    return best;
  }

  /**
   * Root tasks {@code ws} may have in flight: dask's {@code ceil(saturation * nthreads)}, or for
   * tasks expected to take under {@link #PIPELINE_MILLIS}, enough to cover that long (at most
   * {@link #MAX_PIPELINED_PER_THREAD} per thread).
   */
  private long slots(WorkerRecord ws, double expectedMillis) {
    double s = config.workerSaturation();
    if (Double.isInfinite(s)) {
      return Long.MAX_VALUE;
    }
    long saturated = Math.max(1, (long) Math.ceil(ws.nthreads * s));
    if (expectedMillis >= PIPELINE_MILLIS) {
      return saturated;
    }
    double perTask = Math.max(expectedMillis, PIPELINE_MILLIS / MAX_PIPELINED_PER_THREAD);
    return Math.max(saturated, (long) Math.ceil(ws.nthreads * PIPELINE_MILLIS / perTask));
  }

  /** Earliest estimated start: queued work per thread plus time to fetch missing dependencies. */
  WorkerRecord bestWorker(TaskState ts, List<WorkerRecord> valid) {
    Collection<WorkerRecord> candidates = valid;
    if (!ts.dependencies.isEmpty()) {
      Set<WorkerRecord> holders = new LinkedHashSet<>();
      for (TaskState dep : ts.dependencies) {
        if (dep.whoHas != null) {
          holders.addAll(dep.whoHas);
        }
      }
      holders.retainAll(valid);
      if (!holders.isEmpty()) {
        candidates = holders;
      }
    }
    WorkerRecord best = null;
    double bestCost = Double.MAX_VALUE;
    for (WorkerRecord ws : candidates) {
      long missing = 0;
      for (TaskState dep : ts.dependencies) {
        if (dep.whoHas == null || !dep.whoHas.contains(ws)) {
          missing += Math.max(0, dep.nbytes);
        }
      }
      double cost = ws.occupancy / ws.nthreads + 1000.0 * missing / config.bandwidthBytesPerSecond();
      if (cost < bestCost || cost == bestCost && best != null && ws.processing.size() < best.processing.size()) {
        best = ws;
        bestCost = cost;
      }
    }
    return best;
  }
}

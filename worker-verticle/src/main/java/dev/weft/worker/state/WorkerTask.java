package dev.weft.worker.state;

import dev.weft.protocol.ComputeTask;
import dev.weft.protocol.Priority;
import dev.weft.protocol.TaskSpec;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One key as a worker knows it: a task to run here, or a dependency to hold or fetch. */
final class WorkerTask {

  /** The key; unique among this worker's tasks. */
  final String key;
  /** Current state; changed only by the edges of {@link WorkerEdges}. */
  WorkerTaskStatus status = WorkerTaskStatus.RELEASED;
  /**
   * What a CANCELLED or RESUMED task is still doing (EXECUTING, LONG_RUNNING, or FLIGHT for a
   * CANCELLED one; dask's {@code previous}); null in every other state. Set by the edges, and by
   * {@link Computing} when such a run secedes, rejoins or is taken over.
   */
  WorkerTaskStatus previous;
  /** The recipe when the scheduler asked this worker to run it; null for a mere dependency, and when RELEASED or CANCELLED. */
  TaskSpec spec;
  /** Run order among ready tasks; null when {@link #spec} is. */
  Priority priority;
  /** Local tasks that need this value; a shared empty set until the first (most tasks have none). */
  Set<WorkerTask> dependents = Collections.emptySet();
  /** This task's dependencies (empty for a mere dependency, and once released); a shared empty list when none. */
  List<WorkerTask> dependencies = Collections.emptyList();
  /** Dependencies not yet in memory here; empty unless WAITING; a shared empty set until the first. */
  Set<WorkerTask> waitingFor = Collections.emptySet();
  /** Peers believed to hold the value (for FETCH/FLIGHT). */
  List<String> whoHas = List.of();
  /** Resources taken from the worker by this task's run; empty unless it has one ({@link WorkerTables#hasRun}). */
  Map<String, Double> held = Map.of();
  /**
   * Whether this task's run was told to stop ({@link Interrupt}); its outcome will be dropped. True
   * only while CANCELLED or RESUMED with a run of its own.
   */
  boolean interrupted;
  /**
   * The order to compute this task afresh once its interrupted run returns: the scheduler asked
   * for it again (RESUMED) after the interrupt. Null unless RESUMED and {@link #interrupted}.
   */
  ComputeTask again;
  /**
   * Whether this task's run was of a function known short when it started (see {@link Computing});
   * meaningful only while the run holds a slot, false once it seceded.
   */
  boolean quickRun;

  WorkerTask(String key) {
    this.key = key;
  }

  /** {@code dependent} needs this value. */
  void addDependent(WorkerTask dependent) {
    if (dependents.isEmpty()) {
      dependents = new HashSet<>(2);
    }
    dependents.add(dependent);
  }

  /** This task waits for {@code dependency}'s value. */
  void waitFor(WorkerTask dependency) {
    if (waitingFor.isEmpty()) {
      waitingFor = new HashSet<>(2);
    }
    waitingFor.add(dependency);
  }

  @Override
  public String toString() {
    return "<WorkerTask " + key + " " + status + (previous == null ? "" : "(" + previous + ")") + ">";
  }
}

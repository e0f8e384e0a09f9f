package dev.weft.worker.state;

import dev.weft.protocol.Priority;
import dev.weft.protocol.TaskSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One key as a worker knows it: a task to run here, or a dependency to hold or fetch. */
final class WorkerTask {

  /** The key; unique among this worker's tasks. */
  final String key;
  /** Current state; changed only by {@link WorkerState}'s transitions. */
  WorkerTaskStatus status = WorkerTaskStatus.RELEASED;
  /** The recipe when the scheduler asked this worker to run it; null for a mere dependency. */
  TaskSpec spec;
  /** Run order among ready tasks; null for a mere dependency. */
  Priority priority;
  /** Local tasks that need this value. */
  final Set<WorkerTask> dependents = new HashSet<>(2);
  /** This task's dependencies (empty for a mere dependency). */
  final List<WorkerTask> dependencies = new ArrayList<>(2);
  /** Dependencies not yet in memory here; empty unless WAITING. */
  final Set<WorkerTask> waitingFor = new HashSet<>(2);
  /** Peers believed to hold the value (for FETCH/FLIGHT). */
  List<String> whoHas = List.of();
  /** True while a thread runs it, even after it was released (its result is then dropped). */
  boolean running;
  /** True while it counts against the worker's threads (running and not seceded). */
  boolean holdsThread;
  /** True while a fetch request for it is out, even after it was released. */
  boolean fetching;
  /** Resources taken from the worker while this task runs; returned when it stops. */
  Map<String, Double> held = Map.of();
  /** Size of the value in bytes (estimated). */
  long nbytes;

  WorkerTask(String key) {
    this.key = key;
  }

  @Override
  public String toString() {
    return "<WorkerTask " + key + " " + status + ">";
  }
}

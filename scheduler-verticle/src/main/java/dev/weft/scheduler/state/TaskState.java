package dev.weft.scheduler.state;

import dev.weft.protocol.Priority;
import dev.weft.protocol.RemoteError;
import dev.weft.protocol.TaskOptions;
import dev.weft.protocol.TaskSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The scheduler's record of one key. Its state changes only through {@link SchedulerTransitions};
 * collections are allocated on first use to keep pending tasks small.
 */
final class TaskState {

  /** The task's key; unique among live tasks. */
  final String key;
  /** The recipe; null for scattered data, which cannot be recomputed. */
  final TaskSpec spec;
  /** The client whose graph (or scatter) created it: its lane in the fair share of queued tasks. */
  final String owner;
  /** Run order; fixed when the task is created. */
  final Priority priority;
  /** Current state; changed only by a transition. */
  TaskStatus status = TaskStatus.RELEASED;
  /**
   * Tasks whose values this one needs; fixed at creation, except that a dependency forgotten while
   * this task is in memory or erred is dropped (see {@link #lostDependencies}).
   */
  final List<TaskState> dependencies;
  /** Tasks that need this one's value; null when none. */
  Set<TaskState> dependents;
  /** Dependencies not yet in memory; non-empty only while WAITING. */
  Set<TaskState> waitingOn;
  /** Dependents not yet finished that still need this value; the value is kept while non-empty. */
  Set<TaskState> waiters;
  /**
   * Clients holding futures on this key, in the order they asked; null when none, else a non-empty
   * immutable list replaced on every change (see {@link Wants}), shared between tasks when equal.
   */
  List<String> wantedBy;
  /** Workers holding the value; non-empty exactly when MEMORY. */
  List<WorkerRecord> whoHas;
  /** The worker running it; non-null exactly when PROCESSING. */
  WorkerRecord processingOn;
  /** Expected run time counted into {@code processingOn}'s occupancy while PROCESSING. */
  double expectedMillis;
  /** True while PROCESSING after the task seceded; then it does not count against its worker's threads. */
  boolean longRunning;
  /** Retries left after the function throws. */
  int retriesLeft;
  /** Worker deaths while this task was processing on them. */
  int suspicious;
  /** Why it erred; non-null exactly when ERRED. */
  RemoteError exception;
  /** Size of the value as reported by the worker. */
  long nbytes = -1;
  /** Class name of the value. */
  String type;
  /** Counters of its function name; set once when the task enters the task table. */
  TaskPrefix prefix;
  /** A dependency was forgotten while this task was in memory or erred: it cannot be recomputed. */
  boolean lostDependencies;

  TaskState(String key, TaskSpec spec, String owner, Priority priority, List<TaskState> dependencies) {
    this.key = key;
    this.spec = spec;
    this.owner = owner;
    this.priority = priority;
    this.dependencies = dependencies;
    this.retriesLeft = options().retries();
  }

  /** Options of the recipe ({@link TaskOptions#DEFAULT} for scattered data). */
  TaskOptions options() {
    return spec == null ? TaskOptions.DEFAULT : spec.options();
  }

  /** Display name of the function, or "scatter" for scattered data. */
  String name() {
    return spec == null ? "scatter" : spec.name();
  }

  /** Has a recipe whose inputs are all still known, so it can be (re)computed. */
  boolean recomputable() {
    return spec != null && !lostDependencies;
  }

  boolean isWanted() {
    return wantedBy != null;
  }

  boolean isWantedBy(String clientId) {
    return wantedBy != null && wantedBy.contains(clientId);
  }

  boolean hasWaiters() {
    return waiters != null && !waiters.isEmpty();
  }

  boolean hasDependents() {
    return dependents != null && !dependents.isEmpty();
  }

  boolean isWaiting() {
    return waitingOn != null && !waitingOn.isEmpty();
  }

  /** No dependencies and no restrictions: may queue on the scheduler when its function has many tasks. */
  boolean isUnrestrictedRoot() {
    TaskOptions options = options();
    return dependencies.isEmpty() && options.workers().isEmpty() && options.resources().isEmpty();
  }

  /** Bytes of its dependencies' values, as last reported (unknown sizes count 0). */
  long inputBytes() {
    long bytes = 0;
    for (TaskState dep : dependencies) {
      bytes += Math.max(0, dep.nbytes);
    }
    return bytes;
  }

  Set<TaskState> dependents() {
    if (dependents == null) {
      dependents = new HashSet<>(4);
    }
    return dependents;
  }

  Set<TaskState> waitingOn() {
    if (waitingOn == null) {
      waitingOn = new HashSet<>(4);
    }
    return waitingOn;
  }

  Set<TaskState> waiters() {
    if (waiters == null) {
      waiters = new HashSet<>(4);
    }
    return waiters;
  }

  List<WorkerRecord> whoHas() {
    if (whoHas == null) {
      whoHas = new ArrayList<>(1);
    }
    return whoHas;
  }

  /** Ids of the workers holding the value, in the order they got it. */
  List<String> holderIds() {
    if (whoHas == null || whoHas.isEmpty()) {
      return List.of();
    }
    List<String> ids = new ArrayList<>(whoHas.size());
    for (WorkerRecord ws : whoHas) {
      ids.add(ws.id);
    }
    return ids;
  }

  @Override
  public String toString() {
    return "<Task " + key + " " + status + ">";
  }
}

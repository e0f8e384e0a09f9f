package dev.weft.scheduler.state;

import static dev.weft.scheduler.state.TaskStatus.ERRED;
import static dev.weft.scheduler.state.TaskStatus.FORGOTTEN;
import static dev.weft.scheduler.state.TaskStatus.MEMORY;
import static dev.weft.scheduler.state.TaskStatus.NO_WORKER;
import static dev.weft.scheduler.state.TaskStatus.PROCESSING;
import static dev.weft.scheduler.state.TaskStatus.QUEUED;
import static dev.weft.scheduler.state.TaskStatus.WAITING;

import dev.weft.protocol.state.TransitionEngine;

/**
 * The scheduler's invariants, checked over its tables (after every stimulus when validating):
 * each task's state agrees with the tables that index it, its links to dependencies, dependents,
 * waiters, holders and wanting clients are mutual, and the per-state counters add up. Reads only.
 */
final class Invariants {

  /** The scheduler's tables, shared and read only here. */
  private final Tables tables;
  /** For the story of a task that breaks an invariant. */
  private final TransitionEngine<TaskState, TaskStatus> engine;

  Invariants(Tables tables, TransitionEngine<TaskState, TaskStatus> engine) {
    this.tables = tables;
    this.engine = engine;
  }

  /** Checks every invariant over the whole state; throws {@link IllegalStateException} if one fails. */
  void validate() {
    for (TaskState ts : tables.tasks.values()) {
      validateTask(ts);
    }
    validateCounts();
    for (WorkerRecord ws : tables.workers.values()) {
      if (ws.paused == ws.pauseReason.isEmpty()) {
        throw new IllegalStateException("worker " + ws.id + " paused=" + ws.paused + " with reason \"" + ws.pauseReason + "\"");
      }
      for (TaskState ts : ws.processing) {
        check(ts.processingOn == ws && ts.status == PROCESSING, ts, "in processing of " + ws.id);
      }
      for (TaskState ts : ws.hasWhat) {
        check(ts.whoHas != null && ts.whoHas.contains(ws), ts, "in hasWhat of " + ws.id);
      }
    }
    tables.clients.forEach((c, wanted) -> wanted.forEach(ts -> check(ts.isWantedBy(c), ts, "wanted by " + c)));
  }

  /** Checks the invariants of one task. */
  void validateTask(TaskState ts) {
    if (ts.status == FORGOTTEN) {
      check(!tables.tasks.containsKey(ts.key) || tables.tasks.get(ts.key) != ts, ts, "forgotten but still known");
      return;
    }
    check(tables.tasks.get(ts.key) == ts, ts, "not in the task table");
    check((ts.status == PROCESSING) == (ts.processingOn != null), ts, "processingOn iff PROCESSING");
    if (ts.processingOn != null) {
      check(tables.workers.get(ts.processingOn.id) == ts.processingOn, ts, "processing on a removed worker");
      check(ts.processingOn.processing.contains(ts), ts, "missing from its worker's processing");
    }
    check((ts.status == MEMORY) == (ts.whoHas != null && !ts.whoHas.isEmpty()), ts, "whoHas iff MEMORY");
    if (ts.whoHas != null) {
      for (WorkerRecord ws : ts.whoHas) {
        check(ws.hasWhat.contains(ts) && tables.registered(ws), ts, "held by unknown " + ws.id);
      }
    }
    check((ts.status == QUEUED) == tables.queued.contains(ts), ts, "queued iff QUEUED");
    check((ts.status == NO_WORKER) == tables.unrunnable.contains(ts), ts, "unrunnable iff NO_WORKER");
    check((ts.status == ERRED) == (ts.exception != null), ts, "exception iff ERRED");
    check(ts.status == WAITING || !ts.isWaiting(), ts, "waitingOn outside WAITING");
    if (ts.status == WAITING) {
      check(ts.isWaiting(), ts, "WAITING on nothing");
      for (TaskState dep : ts.dependencies) {
        check((dep.status != MEMORY) == ts.waitingOn.contains(dep), ts, "waitingOn out of sync with " + dep.key);
      }
    }
    for (TaskState dep : ts.dependencies) {
      check(dep.status != FORGOTTEN && dep.dependents != null && dep.dependents.contains(ts), ts,
          "dependency link to " + dep.key);
    }
    if (ts.status == PROCESSING || ts.status == NO_WORKER || ts.status == QUEUED) {
      for (TaskState dep : ts.dependencies) {
        check(dep.status == MEMORY, ts, "ready while " + dep.key + " is " + dep.status);
        check(dep.waiters != null && dep.waiters.contains(ts), ts, "not among waiters of " + dep.key);
      }
    }
    if (ts.waiters != null) {
      for (TaskState w : ts.waiters) {
        check(w.dependencies.contains(ts) && w.status != MEMORY && w.status != ERRED
            && w.status != FORGOTTEN, ts, "stale waiter " + w);
      }
    }
    if (ts.status == MEMORY) {
      check(ts.isWanted() || ts.hasWaiters(), ts, "in memory though nothing needs it");
    }
    if (ts.wantedBy != null) {
      for (String c : ts.wantedBy) {
        check(tables.clients.containsKey(c) && tables.clients.get(c).contains(ts), ts, "want of unknown client " + c);
      }
    }
  }

  /** Checks that the per-state counters add up to the task table. */
  void validateCounts() {
    long total = 0;
    for (TaskStatus s : TaskStatus.values()) {
      if (s != FORGOTTEN) {
        total += tables.counts[s.ordinal()];
      }
    }
    if (total != tables.tasks.size()) {
      throw new IllegalStateException("state counters sum to " + total + " but " + tables.tasks.size() + " tasks are known");
    }
  }

  private void check(boolean ok, TaskState ts, String what) {
    if (!ok) {
      throw new IllegalStateException("invariant broken for " + ts + ": " + what + "; story: " + engine.story(ts.key));
    }
  }
}

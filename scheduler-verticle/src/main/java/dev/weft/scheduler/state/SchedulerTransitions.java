package dev.weft.scheduler.state;

import static dev.weft.scheduler.state.TaskStatus.ERRED;
import static dev.weft.scheduler.state.TaskStatus.FORGOTTEN;
import static dev.weft.scheduler.state.TaskStatus.MEMORY;
import static dev.weft.scheduler.state.TaskStatus.NO_WORKER;
import static dev.weft.scheduler.state.TaskStatus.PROCESSING;
import static dev.weft.scheduler.state.TaskStatus.QUEUED;
import static dev.weft.scheduler.state.TaskStatus.RELEASED;
import static dev.weft.scheduler.state.TaskStatus.WAITING;

import dev.weft.protocol.KeyCancelled;
import dev.weft.protocol.KeyLost;
import dev.weft.protocol.RemoteError;
import dev.weft.protocol.TaskFinished;
import dev.weft.protocol.state.TransitionEngine;
import java.util.ArrayList;
import java.util.List;

/**
 * The scheduler's transition table (dask's {@code _transition_*} methods): one method per edge,
 * each changing the task and the tables that index it, and recommending what follows. What an
 * edge does to the task's neighbours (unblocking, failing, letting go) lives in {@link Consequences}.
 */
final class SchedulerTransitions {

  /** Why a task left memory or processing without finishing. */
  enum Cause {
    /** The value, or the worker running it, was lost. */
    LOST
  }

  /** Cause of RELEASED → MEMORY: scattered data reached a worker. */
  record Arrival(WorkerRecord worker, long nbytes) {}

  private final SchedulerConfig config;
  private final Tables tables;
  private final Outbox out;
  private final Placement placement;
  private final Consequences then;

  SchedulerTransitions(SchedulerConfig config, Tables tables, Outbox out, Placement placement, Consequences then) {
    this.config = config;
    this.tables = tables;
    this.out = out;
    this.placement = placement;
    this.then = then;
  }

  /** Declares every edge on {@code engine}. */
  void declare(TransitionEngine<TaskState, TaskStatus> engine) {
    engine.edge(RELEASED, WAITING, this::releasedToWaiting)
        .edge(RELEASED, MEMORY, this::releasedToMemory)
        .edge(RELEASED, FORGOTTEN, this::releasedToForgotten)
        .edge(WAITING, PROCESSING, this::readyToProcessing)
        .edge(WAITING, QUEUED, this::waitingToQueued)
        .edge(WAITING, NO_WORKER, this::waitingToNoWorker)
        .edge(WAITING, RELEASED, this::unfinishedToReleased)
        .edge(WAITING, ERRED, this::waitingToErred)
        .edge(QUEUED, PROCESSING, this::readyToProcessing)
        .edge(QUEUED, RELEASED, this::unfinishedToReleased)
        .edge(NO_WORKER, PROCESSING, this::readyToProcessing)
        .edge(NO_WORKER, RELEASED, this::unfinishedToReleased)
        .edge(NO_WORKER, ERRED, this::noWorkerToErred)
        .edge(PROCESSING, MEMORY, this::processingToMemory)
        .edge(PROCESSING, ERRED, this::processingToErred)
        .edge(PROCESSING, RELEASED, this::unfinishedToReleased)
        .edge(MEMORY, RELEASED, this::memoryToReleased)
        .edge(ERRED, RELEASED, this::erredToReleased)
        .via(RELEASED);
  }

  private void releasedToWaiting(TaskState ts, Object cause) {
    if (ts.spec == null) {
      throw new IllegalStateException("scattered data " + ts.key + " has no recipe to wait for");
    }
    ts.status = WAITING;
    boolean depErred = false;
    for (TaskState dep : ts.dependencies) {
      dep.waiters().add(ts);
      if (dep.status != MEMORY) {
        ts.waitingOn().add(dep);
        if (dep.status == RELEASED && dep.recomputable()) {
          out.recommend(dep, WAITING);
        } else if (dep.status == ERRED) {
          depErred = true;
        }
      }
    }
    if (depErred) {
      out.recommend(ts, ERRED);
    } else if (!ts.isWaiting()) {
      out.recommend(ts, PROCESSING);
    }
  }

  /**
   * WAITING, QUEUED or NO_WORKER to PROCESSING, unless placement finds no running worker (then
   * queued or no-worker) or its inputs fit no allowed worker (then erred).
   */
  private void readyToProcessing(TaskState ts, Object cause) {
    WorkerRecord ws;
    if (placement.isRootish(ts)) {
      ws = placement.rootishWorker(ts);
      if (ws == null) {
        // With queuing off (saturation = infinity) a root task waits only for lack of workers: dask's no-worker.
        out.recommend(ts, Double.isInfinite(config.workerSaturation()) ? NO_WORKER : QUEUED);
        return;
      }
    } else {
      List<WorkerRecord> valid = placement.validWorkers(ts);
      if (valid.isEmpty()) {
        // Inputs larger than every allowed worker's memory limit: it errs here and never reaches a worker.
        out.recommend(ts, placement.tooLarge(ts) != null ? ERRED : NO_WORKER);
        return;
      }
      ws = placement.bestWorker(ts, valid);
    }
    if (ts.status == QUEUED) {
      tables.queued.take(ts);
    } else if (ts.status == NO_WORKER) {
      tables.unrunnable.remove(ts);
    }
    ts.status = PROCESSING;
    ts.expectedMillis = placement.expectedMillis(ts);
    ws.assign(ts);
    out.compute(ws, ts);
  }

  private void waitingToQueued(TaskState ts, Object cause) {
    ts.status = QUEUED;
    tables.queued.add(ts);
  }

  private void waitingToNoWorker(TaskState ts, Object cause) {
    ts.status = NO_WORKER;
    tables.unrunnable.add(ts);
  }

  /** WAITING, QUEUED, NO_WORKER or PROCESSING back to RELEASED: unwanted, retried or lost. */
  private void unfinishedToReleased(TaskState ts, Object cause) {
    switch (ts.status) {
      case QUEUED -> tables.queued.remove(ts);
      case NO_WORKER -> tables.unrunnable.remove(ts);
      case PROCESSING -> {
        WorkerRecord ws = ts.processingOn;
        ws.unassign(ts);
        if (cause != Cause.LOST) {
          out.freeProcessing(ws, ts.key);
        }
      }
      default -> { }
    }
    ts.waitingOn = null;
    ts.status = RELEASED;
    then.afterRelease(ts);
  }

  /** A dependency erred, or the task's inputs fit no worker allowed to run it ({@link Placement#tooLarge}). */
  private void waitingToErred(TaskState ts, Object cause) {
    RemoteError blame = null;
    for (TaskState dep : ts.dependencies) {
      if (dep.status == ERRED && blame == null) {
        blame = dep.exception;
      }
    }
    if (blame == null) {
      blame = placement.tooLarge(ts);
    }
    if (blame == null) {
      throw new IllegalStateException(ts.key + " recommended erred without an erred dependency or too large an input");
    }
    ts.waitingOn = null;
    then.dropDependencies(ts);
    then.fail(ts, blame);
  }

  /** A worker joined or resumed, and the task's inputs fit none of the workers allowed to run it. */
  private void noWorkerToErred(TaskState ts, Object cause) {
    RemoteError blame = placement.tooLarge(ts);
    if (blame == null) {
      throw new IllegalStateException(ts.key + " recommended erred though its inputs fit a worker");
    }
    tables.unrunnable.remove(ts);
    then.dropDependencies(ts);
    then.fail(ts, blame);
  }

  private void processingToMemory(TaskState ts, Object cause) {
    TaskFinished f = (TaskFinished) cause;
    WorkerRecord ws = ts.processingOn;
    ws.unassign(ts);
    double took = Math.max(0, f.stopMillis() - f.startMillis());
    tables.durations.merge(ts.name(), took, (old, x) -> 0.5 * old + 0.5 * x);
    ts.type = f.type();
    ts.status = MEMORY;
    ws.addReplica(ts, f.nbytes());
    then.arrived(ts, f.inline());
    then.dropDependencies(ts);
  }

  private void releasedToMemory(TaskState ts, Object cause) {
    Arrival a = (Arrival) cause;
    ts.status = MEMORY;
    a.worker().addReplica(ts, a.nbytes());
    then.arrived(ts, null);
  }

  private void processingToErred(TaskState ts, Object cause) {
    // The worker keeps a failed task, and ignores a new ComputeTask for its key, until freed.
    WorkerRecord ws = ts.processingOn;
    ws.unassign(ts);
    out.free(ws, ts.key);
    then.dropDependencies(ts);
    then.fail(ts, (RemoteError) cause);
  }

  private void memoryToReleased(TaskState ts, Object cause) {
    for (WorkerRecord ws : new ArrayList<>(ts.whoHas())) {
      ws.removeReplica(ts);
      out.free(ws, ts.key);
    }
    ts.whoHas = null;
    ts.status = RELEASED;
    if (ts.dependents != null) {
      for (TaskState dts : ts.dependents) {
        switch (dts.status) {
          case WAITING -> dts.waitingOn().add(ts);
          case PROCESSING, QUEUED, NO_WORKER -> out.recommend(dts, RELEASED);
          default -> { }
        }
      }
    }
    if (!ts.recomputable()) {
      then.cancelAndForget(ts, ts.spec == null ? KeyCancelled.LOST_SCATTERED_TASKS : Consequences.UNRECOVERABLE);
      return;
    }
    if (cause == Cause.LOST && ts.wantedBy != null) {
      for (String c : ts.wantedBy) {
        out.toClient(c, new KeyLost(ts.key));
      }
    }
    then.afterRelease(ts);
  }

  private void erredToReleased(TaskState ts, Object cause) {
    ts.exception = null;
    ts.status = RELEASED;
    then.afterRelease(ts);
  }

  private void releasedToForgotten(TaskState ts, Object cause) {
    ts.status = FORGOTTEN;
    tables.tasks.remove(ts.key);
    if (ts.dependents != null) {
      for (TaskState dts : ts.dependents) {
        if (dts.waitingOn != null) {
          dts.waitingOn.remove(ts);
        }
        if (dts.status == MEMORY || dts.status == ERRED) {
          dts.lostDependencies = true;
          dts.dependencies.removeIf(d -> d == ts);
        } else if (dts.status != FORGOTTEN) {
          then.cancelAndForget(dts, "dependency " + ts.key + " was lost");
        }
      }
      ts.dependents = null;
    }
    for (TaskState dep : ts.dependencies) {
      if (dep.dependents != null) {
        dep.dependents.remove(ts);
      }
      if (dep.waiters != null) {
        dep.waiters.remove(ts);
      }
      if (!dep.hasDependents() && !dep.isWanted() && dep.status != FORGOTTEN) {
        out.recommend(dep, FORGOTTEN);
      }
    }
    ts.waiters = null;
  }
}

package dev.weft.scheduler.state;

import static dev.weft.scheduler.state.TaskStatus.ERRED;
import static dev.weft.scheduler.state.TaskStatus.FORGOTTEN;
import static dev.weft.scheduler.state.TaskStatus.PROCESSING;
import static dev.weft.scheduler.state.TaskStatus.RELEASED;
import static dev.weft.scheduler.state.TaskStatus.WAITING;

import dev.weft.protocol.KeyErred;
import dev.weft.protocol.KeyInMemory;
import dev.weft.protocol.Payload;
import dev.weft.protocol.RemoteError;
import dev.weft.protocol.UpdateGraph;
import java.util.List;

/**
 * What a transition means for a task's neighbours and clients: a value that arrives unblocks
 * dependents and is reported, a failure spreads to waiting dependents, a finished task lets go of
 * its inputs, and a released one is recomputed or forgotten. Used by the edges in
 * {@link SchedulerTransitions}; recommends, never moves a task itself.
 */
final class Consequences {

  /** Why a task whose value is gone and whose dependency is forgotten is cancelled. */
  static final String UNRECOVERABLE = "a dependency was forgotten; it cannot be recomputed";

  private final Outbox out;
  private final Wants wants;

  Consequences(Outbox out, Wants wants) {
    this.out = out;
    this.wants = wants;
  }

  /** A value became available: unblock waiting dependents, tell wanting clients. */
  void arrived(TaskState ts, Payload inline) {
    if (ts.dependents != null) {
      for (TaskState dts : ts.dependents) {
        if (dts.waitingOn != null && dts.waitingOn.remove(ts) && dts.status == WAITING && !dts.isWaiting()) {
          out.recommend(dts, PROCESSING);
        }
      }
    }
    if (ts.wantedBy != null) {
      List<String> holders = ts.holderIds();
      for (String c : ts.wantedBy) {
        if (!c.equals(UpdateGraph.FIRE_AND_FORGET)) {
          out.toClient(c, new KeyInMemory(ts.key, ts.type, holders, inline));
        }
      }
      wants.remove(UpdateGraph.FIRE_AND_FORGET, ts);
    }
    if (!ts.isWanted() && !ts.hasWaiters()) {
      out.recommend(ts, RELEASED);
    }
  }

  /** A finished or failed task no longer needs its dependencies' values. */
  void dropDependencies(TaskState ts) {
    for (TaskState dep : ts.dependencies) {
      if (dep.waiters != null && dep.waiters.remove(ts) && !dep.hasWaiters() && !dep.isWanted()) {
        out.recommend(dep, RELEASED);
      }
    }
  }

  /** {@code ts} failed with {@code error}: waiting dependents fail too, wanting clients are told. */
  void fail(TaskState ts, RemoteError error) {
    ts.exception = error;
    ts.status = ERRED;
    if (ts.dependents != null) {
      for (TaskState dts : ts.dependents) {
        if (dts.status == WAITING) {
          out.recommend(dts, ERRED);
        }
      }
    }
    if (ts.wantedBy != null) {
      for (String c : ts.wantedBy) {
        if (!c.equals(UpdateGraph.FIRE_AND_FORGET)) {
          out.toClient(c, new KeyErred(ts.key, error));
        }
      }
      wants.remove(UpdateGraph.FIRE_AND_FORGET, ts);
    }
  }

  /** After any edge into RELEASED: recompute if still needed, else let go of it. */
  void afterRelease(TaskState ts) {
    if (ts.lostDependencies) {
      cancelAndForget(ts, UNRECOVERABLE);
      return;
    }
    boolean needed = ts.isWanted() || ts.hasWaiters();
    if (needed && ts.spec != null) {
      out.recommend(ts, WAITING);
      return;
    }
    for (TaskState dep : ts.dependencies) {
      if (dep.waiters != null && dep.waiters.remove(ts) && !dep.hasWaiters() && !dep.isWanted()) {
        out.recommend(dep, dep.status == RELEASED ? FORGOTTEN : RELEASED);
      }
    }
    if (!needed && !ts.hasDependents()) {
      out.recommend(ts, FORGOTTEN);
    }
  }

  /** {@code ts} can never be computed: every wanting client is told why, and it is forgotten. */
  void cancelAndForget(TaskState ts, String reason) {
    wants.cancelEverywhere(ts, reason);
    out.recommend(ts, FORGOTTEN);
  }
}

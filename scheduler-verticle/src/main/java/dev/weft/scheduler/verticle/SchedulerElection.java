package dev.weft.scheduler.verticle;

import dev.weft.protocol.cluster.SchedulerCandidates;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.function.Function;

/**
 * Decides whether this scheduler is the active one (see {@link SchedulerCandidates}): a
 * scheduler whose member is no candidate (an embedded or {@code LocalCluster} scheduler) is active
 * at once; a candidate is active while it is the oldest live candidate, and waits as a standby
 * otherwise, looking again at every membership change. A standby whose elder left takes over. An
 * active scheduler that finds an older live candidate (two partitions of one cluster merged) is
 * fenced: it stops at once and for good, so that two schedulers are never active together.
 * Confined to the scheduler's context.
 */
final class SchedulerElection {

  private static final Logger LOG = System.getLogger(SchedulerElection.class.getName());

  private final Vertx vertx;
  private final Context context;
  /** This scheduler's cluster node. */
  private final String nodeId;
  /**
   * Told once, when this scheduler becomes active, the node of the scheduler it waited behind (null
   * for none); completes once the scheduler takes messages.
   */
  private final Function<String, Future<Void>> onElected;
  /** Told once, when an active scheduler finds an older live candidate. */
  private final Runnable onFenced;
  /** True from being elected until fenced. */
  private boolean active;
  /** True once fenced: never active again. */
  private boolean fenced;
  /** The active scheduler's node while this one waits as its standby; null otherwise. */
  private String waitingBehind;
  /** Stops the membership listener. */
  private Runnable stop = () -> { };

  SchedulerElection(Vertx vertx, Context context, String nodeId, Function<String, Future<Void>> onElected, Runnable onFenced) {
    this.vertx = vertx;
    this.context = context;
    this.nodeId = nodeId;
    this.onElected = onElected;
    this.onFenced = onFenced;
  }

  /**
   * Elects at once (no candidate: completes once the scheduler takes messages), or looks at the
   * candidates now and at every membership change (completes at once, active or standby).
   */
  Future<Void> start() {
    if (!SchedulerCandidates.isCandidate(vertx)) {
      active = true;
      return onElected.apply(null);
    }
    stop = SchedulerCandidates.onChange(vertx, () -> context.runOnContext(v -> look()));
    look();
    return Future.succeededFuture();
  }

  /** Stops looking. */
  void close() {
    stop.run();
  }

  private void look() {
    if (fenced) {
      return;
    }
    List<String> live = SchedulerCandidates.live(vertx);
    String oldest = live.isEmpty() ? null : live.get(0);
    if (oldest == null) {
      return; // this member's own entry not seen yet: look again at the next change
    }
    if (!active && nodeId.equals(oldest)) {
      active = true;
      String lost = waitingBehind;
      waitingBehind = null;
      if (lost != null) {
        LOG.log(Level.WARNING, "scheduler on node " + nodeId + " takes over: the active scheduler's node " + lost + " left");
      }
      onElected.apply(lost);
    } else if (!active && !oldest.equals(waitingBehind)) {
      waitingBehind = oldest;
      LOG.log(Level.INFO, "standby scheduler on node " + nodeId + ": waiting while the scheduler on node " + oldest + " is active");
    } else if (active && !nodeId.equals(oldest)) {
      active = false;
      fenced = true;
      LOG.log(Level.ERROR, "scheduler on node " + nodeId + " steps down for good: the older scheduler on node " + oldest
          + " is active (two partitions of the cluster merged); restart this one to have a standby again");
      onFenced.run();
    }
  }
}

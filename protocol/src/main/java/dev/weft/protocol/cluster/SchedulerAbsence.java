package dev.weft.protocol.cluster;

import io.vertx.core.AsyncResult;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/**
 * Reads heartbeat outcomes for one sign: no scheduler subscribed. That means the scheduler is gone
 * when its node has left the cluster (or the Vert.x is not clustered, where subscriptions are
 * exact), and after three heartbeats in a row otherwise, since the cluster's subscription table
 * may lag a membership change and a false alarm would drop every future or value. Confined to one
 * thread.
 */
public final class SchedulerAbsence {

  /** Heartbeats in a row that found no scheduler subscribed before it counts as gone regardless. */
  private static final int CERTAIN_AFTER = 3;

  private final Vertx vertx;
  /** Heartbeats in a row that found no scheduler subscribed. */
  private int inARow;

  /** Reads heartbeats sent on {@code vertx}. */
  public SchedulerAbsence(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Notes one heartbeat's outcome; true when it shows the scheduler on {@code schedulerNode} is gone. */
  public boolean gone(AsyncResult<?> heartbeat, String schedulerNode) {
    boolean unsubscribed = heartbeat.failed() && heartbeat.cause() instanceof ReplyException re
        && re.failureType() == ReplyFailure.NO_HANDLERS;
    inARow = unsubscribed ? inARow + 1 : 0;
    return unsubscribed && (schedulerNode == null || !vertx.isClustered()
        || !Membership.isMember(vertx, schedulerNode) || inARow >= CERTAIN_AFTER);
  }
}

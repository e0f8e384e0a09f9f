package dev.weft.client;

import dev.weft.protocol.Addresses;
import dev.weft.protocol.ClientHeartbeat;
import dev.weft.protocol.HeartbeatReply;
import dev.weft.protocol.Message;
import dev.weft.protocol.cluster.Membership;
import dev.weft.protocol.cluster.SchedulerAbsence;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;

/**
 * Keeps a client's view of its scheduler current: heartbeats (so the scheduler can drop a client
 * that stopped), and declares the scheduler lost as soon as its cluster node leaves, no scheduler
 * is subscribed any more, a scheduler answers that it does not know this client, or none has
 * answered for the client's timeout. A lost client reconnects when a scheduler answers again.
 */
final class SchedulerWatch {

  private final Vertx vertx;
  /** The connection whose scheduler this watches. */
  private final SchedulerConnection connection;
  /** Heartbeat requests: Weft's codec, the client's node header, a timeout. */
  private final DeliveryOptions options;
  /** The heartbeat, the same every time. */
  private final ClientHeartbeat beat;
  /** No answer for this long (timeouts only) counts as a lost scheduler. */
  private final long silenceNanos;
  /** The periodic heartbeat timer. */
  private final long timer;
  /** Stops the membership listener. */
  private final Runnable stopWatching;
  /** When the scheduler last answered (nanoTime). */
  private volatile long lastAnswerNanos = System.nanoTime();
  /** True while a heartbeat awaits its answer (one at a time); touched on the timer's context. */
  private boolean beating;
  /** Whether a failed heartbeat means the scheduler is gone; touched on the timer's context. */
  private final SchedulerAbsence absence;

  SchedulerWatch(Vertx vertx, SchedulerConnection connection, long heartbeatMillis, long silenceMillis) {
    this.vertx = vertx;
    this.connection = connection;
    this.options = new DeliveryOptions(connection.options()).setSendTimeout(Math.max(3_000, 5 * heartbeatMillis));
    this.beat = new ClientHeartbeat(connection.clientId());
    this.absence = new SchedulerAbsence(vertx);
    this.silenceNanos = silenceMillis * 1_000_000L;
    this.stopWatching = Membership.onNodeLeft(vertx, node -> {
      if (node.equals(connection.schedulerNode())) {
        connection.schedulerLost("the scheduler's node " + node + " left the cluster");
      }
    });
    this.timer = vertx.setPeriodic(heartbeatMillis, id -> heartbeat());
  }

  private void heartbeat() {
    if (beating) {
      return;
    }
    beating = true;
    vertx.eventBus().<Message>request(Addresses.SCHEDULER, beat, options).onComplete(ar -> {
      beating = false;
      boolean gone = absence.gone(ar, connection.schedulerNode());
      if (ar.succeeded() && ar.result().body() instanceof HeartbeatReply reply) {
        lastAnswerNanos = System.nanoTime();
        answered(reply);
      } else if (gone) {
        connection.schedulerLost("no scheduler is subscribed at " + Addresses.SCHEDULER);
      } else if (System.nanoTime() - lastAnswerNanos > silenceNanos) {
        connection.schedulerLost("the scheduler has not answered for " + silenceNanos / 1_000_000 + " ms");
      }
    });
  }

  private void answered(HeartbeatReply reply) {
    String node = connection.schedulerNode();
    if (node != null && (!reply.known() || !reply.schedulerNode().equals(node))) {
      connection.schedulerLost("the scheduler on node " + reply.schedulerNode() + " does not know this client");
    }
    connection.reconnect(reply.schedulerNode());
  }

  /** Stops heartbeating and listening. */
  void close() {
    vertx.cancelTimer(timer);
    stopWatching.run();
  }
}

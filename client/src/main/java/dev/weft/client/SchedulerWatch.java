package dev.weft.client;

import dev.weft.protocol.Addresses;
import dev.weft.protocol.ClientHeartbeat;
import dev.weft.protocol.HeartbeatReply;
import dev.weft.protocol.Message;
import dev.weft.protocol.cluster.Membership;
import dev.weft.protocol.wire.WireCodec;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/**
 * Keeps a client's view of its scheduler current: heartbeats (so the scheduler can drop a client
 * that stopped), and declares the scheduler lost as soon as its cluster node leaves, no scheduler
 * is subscribed any more, a scheduler answers that it does not know this client, or none has
 * answered for the client's timeout. A lost client reconnects when a scheduler answers again.
 */
final class SchedulerWatch {

  private final Vertx vertx;
  private final Client client;
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
  /** Heartbeats in a row that found no scheduler subscribed; touched on the timer's context. */
  private int unsubscribedInARow;

  SchedulerWatch(Vertx vertx, Client client, String nodeId, long heartbeatMillis, long silenceMillis) {
    this.vertx = vertx;
    this.client = client;
    this.options = WireCodec.options(nodeId).setSendTimeout(Math.max(3_000, 5 * heartbeatMillis));
    this.beat = new ClientHeartbeat(client.id());
    this.silenceNanos = silenceMillis * 1_000_000L;
    this.stopWatching = Membership.onNodeLeft(vertx, node -> {
      if (node.equals(client.schedulerNode())) {
        client.schedulerLost("the scheduler's node " + node + " left the cluster");
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
      boolean unsubscribed = ar.failed() && ar.cause() instanceof ReplyException re && re.failureType() == ReplyFailure.NO_HANDLERS;
      unsubscribedInARow = unsubscribed ? unsubscribedInARow + 1 : 0;
      if (ar.succeeded() && ar.result().body() instanceof HeartbeatReply reply) {
        lastAnswerNanos = System.nanoTime();
        answered(reply);
      } else if (unsubscribed && schedulerGone()) {
        client.schedulerLost("no scheduler is subscribed at " + Addresses.SCHEDULER);
      } else if (System.nanoTime() - lastAnswerNanos > silenceNanos) {
        client.schedulerLost("the scheduler has not answered for " + silenceNanos / 1_000_000 + " ms");
      }
    });
  }

  /**
   * No scheduler is subscribed: certain when the scheduler's node has left (or its own Vert.x is
   * not clustered), and taken as certain after three heartbeats in a row otherwise (the cluster's
   * subscription table may lag a moment behind a membership change).
   */
  private boolean schedulerGone() {
    String node = client.schedulerNode();
    return node == null || !vertx.isClustered() || !Membership.isMember(vertx, node) || unsubscribedInARow >= 3;
  }

  private void answered(HeartbeatReply reply) {
    String node = client.schedulerNode();
    if (node != null && (!reply.known() || !reply.schedulerNode().equals(node))) {
      client.schedulerLost("the scheduler on node " + reply.schedulerNode() + " does not know this client");
    }
    client.reconnect(reply.schedulerNode());
  }

  /** Stops heartbeating and listening. */
  void close() {
    vertx.cancelTimer(timer);
    stopWatching.run();
  }
}

package dev.weft.worker.verticle;

import dev.weft.protocol.Ack;
import dev.weft.protocol.Addresses;
import dev.weft.protocol.Heartbeat;
import dev.weft.protocol.HeartbeatReply;
import dev.weft.protocol.Message;
import dev.weft.protocol.RegisterWorker;
import dev.weft.protocol.Retry;
import dev.weft.protocol.cluster.Membership;
import dev.weft.protocol.cluster.SchedulerAbsence;
import dev.weft.protocol.cluster.SchedulerCandidates;
import dev.weft.protocol.wire.WireCodec;
import dev.weft.worker.state.WorkerConfig;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A worker's tie to its scheduler: registers (retrying until a scheduler answers) with the values
 * it holds, heartbeats as requests, and notices when the scheduler is gone — its cluster node
 * left, no scheduler is subscribed any more, or a scheduler answers that it does not know this
 * worker (it restarted, or removed the worker). Then it tells the worker — which keeps its values
 * and runs when a standby scheduler is there to take over, and starts clean otherwise — and
 * registers again on its own. Confined to the worker's context.
 */
final class SchedulerLink {

  /** Told each time the scheduler is lost, before registering again. */
  interface LossListener {
    /** The scheduler is gone as {@code why} says; {@code standby}: a standby scheduler takes over. */
    void lost(String why, boolean standby);
  }

  private static final Logger LOG = System.getLogger(SchedulerLink.class.getName());
  /** Pause between registration attempts. */
  private static final long RETRY_MILLIS = 250;
  /**
   * How long one registration attempt may wait: longer than the scheduler takes to verify the
   * worker, short enough that an attempt lost with a dying scheduler is soon retried.
   */
  private static final long REGISTER_TIMEOUT_MILLIS = 10_000;

  private final Vertx vertx;
  private final Context context;
  private final WorkerConfig config;
  /** This worker's cluster node. */
  private final String nodeId;
  /** How the worker registers: Weft's codec, its node header, {@link #REGISTER_TIMEOUT_MILLIS}. */
  private final DeliveryOptions options;
  /** Heartbeat requests: {@link #options} with a timeout of a few heartbeats. */
  private final DeliveryOptions beatOptions;
  /** The heartbeat to send now. */
  private final Supplier<Heartbeat> beat;
  /** The values this worker holds (key → estimated bytes), read at each registration attempt. */
  private final Supplier<Map<String, Long>> held;
  /** Told each time the scheduler is lost (before registering again). */
  private final LossListener onLost;
  /** The node of the scheduler this worker is registered with; null while not registered. */
  private String schedulerNode;
  /** True while a registration is being attempted (one at a time). */
  private boolean registering;
  /** True while a heartbeat awaits its answer (one at a time). */
  private boolean beating;
  /** Whether a failed heartbeat means the scheduler is gone. */
  private final SchedulerAbsence absence;
  /** Stops the membership listener. */
  private Runnable stopWatching = () -> { };
  /** True once closed: nothing is sent or retried any more. */
  private boolean closed;

  SchedulerLink(Vertx vertx, Context context, WorkerConfig config, long heartbeatMillis,
      Supplier<Heartbeat> beat, Supplier<Map<String, Long>> held, LossListener onLost) {
    this.vertx = vertx;
    this.context = context;
    this.config = config;
    this.nodeId = Membership.nodeId(vertx);
    this.options = WireCodec.options(nodeId).setSendTimeout(REGISTER_TIMEOUT_MILLIS);
    this.beatOptions = WireCodec.options(nodeId).setSendTimeout(Math.max(3_000, 5 * heartbeatMillis));
    this.beat = beat;
    this.held = held;
    this.absence = new SchedulerAbsence(vertx);
    this.onLost = onLost;
  }

  /** Registers, giving up after {@code deadlineNanos}; then heartbeats every {@code heartbeatMillis}. */
  Future<Void> start(long deadlineNanos, long heartbeatMillis) {
    stopWatching = Membership.onNodeLeft(vertx, node -> context.runOnContext(v -> {
      if (node.equals(schedulerNode)) {
        lost("the scheduler's node " + node + " left the cluster");
      }
    }));
    return register(deadlineNanos).onSuccess(v -> vertx.setPeriodic(heartbeatMillis, id -> heartbeat()));
  }

  /** The scheduler's cluster node; null while not registered. */
  String schedulerNode() {
    return schedulerNode;
  }

  /** Leaves: no more heartbeats or registrations. */
  void close() {
    closed = true;
    stopWatching.run();
  }

  /** The worker dropped its state on its own (an internal error): register again from scratch. */
  void reregister() {
    schedulerNode = null;
    registerAgain();
  }

  private Future<Void> register(long deadlineNanos) {
    registering = true;
    return Retry.until(vertx, deadlineNanos, RETRY_MILLIS,
        () -> closed ? Future.failedFuture("closed")
            : vertx.eventBus().<Message>request(Addresses.SCHEDULER, new RegisterWorker(config.workerId(), config.nthreads(),
                config.memoryLimit(), config.resources(), nodeId, held.get()), options).map(reply -> {
              schedulerNode = ((Ack) reply.body()).from();
              return (Void) null;
            }),
        e -> !closed && !isRefusal(e),
        e -> new IllegalStateException("no scheduler answered at " + Addresses.SCHEDULER, e))
        .onComplete(ar -> registering = false)
        .onFailure(e -> {
          if (isRefusal(e)) {
            LOG.log(Level.ERROR, "worker " + config.workerId() + " was refused by the scheduler: " + e.getMessage());
          }
        });
  }

  private void registerAgain() {
    if (registering || closed) {
      return;
    }
    register(Long.MAX_VALUE).onSuccess(v -> LOG.log(Level.INFO,
        "worker " + config.workerId() + " registered again with the scheduler on node " + schedulerNode));
  }

  private void heartbeat() {
    if (schedulerNode == null || beating || closed) {
      return;
    }
    beating = true;
    vertx.eventBus().<Message>request(Addresses.SCHEDULER, beat.get(), beatOptions).onComplete(ar -> {
      beating = false;
      boolean gone = absence.gone(ar, schedulerNode);
      if (ar.succeeded() && ar.result().body() instanceof HeartbeatReply reply && !reply.known()) {
        lost("the scheduler on node " + reply.schedulerNode() + " does not know this worker");
      } else if (gone) {
        lost("no scheduler is subscribed at " + Addresses.SCHEDULER);
      }
    });
  }

  private void lost(String why) {
    if (schedulerNode == null || closed) {
      return;
    }
    boolean standby = SchedulerCandidates.standbyBeyond(vertx, schedulerNode);
    LOG.log(Level.WARNING, "worker " + config.workerId() + " lost its scheduler (" + why + "); " + (standby
        ? "keeping its values and runs for the standby scheduler" : "dropping its tasks and data") + ", and registering again");
    schedulerNode = null;
    onLost.lost(why, standby);
    registerAgain();
  }

  /** The scheduler refused the name as taken by another node's worker: retrying cannot help. */
  private static boolean isRefusal(Throwable e) {
    return e instanceof ReplyException re && re.failureType() == ReplyFailure.RECIPIENT_FAILURE
        && re.failureCode() == 400 && String.valueOf(re.getMessage()).startsWith("name-taken");
  }
}

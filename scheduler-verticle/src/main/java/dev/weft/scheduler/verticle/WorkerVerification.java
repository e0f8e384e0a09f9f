package dev.weft.scheduler.verticle;

import dev.weft.protocol.Addresses;
import dev.weft.protocol.Identify;
import dev.weft.protocol.Message;
import dev.weft.protocol.RegisterWorker;
import dev.weft.protocol.WorkerIdentity;
import dev.weft.protocol.wire.WireCodec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;

/**
 * Before a worker is registered, asks its inbox ({@code weft.worker.<name>}) who answers there: the
 * registration stands only if a worker of that name on the registering node replies. A message
 * alone (a fuzzer's, a stale retry's) cannot create a phantom worker that would absorb tasks.
 * Bounds how many checks run at once, so a flood of registrations cannot pile up requests.
 * Confined to the scheduler's context.
 */
final class WorkerVerification {

  /** Most checks in flight; further registrations are refused until some finish. */
  static final int MAX_IN_FLIGHT = 64;
  /** How long a worker's inbox has to answer. */
  private static final long TIMEOUT_MILLIS = 8_000;

  private final Vertx vertx;
  /** How the scheduler asks: Weft's codec, its node header, the timeout. */
  private final DeliveryOptions options;
  /** Checks started and not finished; at most {@link #MAX_IN_FLIGHT}. */
  private int inFlight;

  WorkerVerification(Vertx vertx, String schedulerNode) {
    this.vertx = vertx;
    this.options = WireCodec.options(schedulerNode).setSendTimeout(TIMEOUT_MILLIS);
  }

  /** Succeeds when worker {@code r.workerId()} on node {@code r.nodeId()} confirms it is registering. */
  Future<Void> verify(RegisterWorker r) {
    if (inFlight >= MAX_IN_FLIGHT) {
      return Future.failedFuture("too many registrations in flight (" + inFlight + ")");
    }
    inFlight++;
    return vertx.eventBus().<Message>request(Addresses.worker(r.workerId()), new Identify(r.workerId()), options)
        .transform(ar -> {
          inFlight--;
          if (ar.failed()) {
            return Future.failedFuture("worker " + r.workerId() + " did not answer at its inbox: " + ar.cause().getMessage());
          }
          if (ar.result().body() instanceof WorkerIdentity id && id.workerId().equals(r.workerId())
              && id.nodeId().equals(r.nodeId())) {
            return Future.succeededFuture();
          }
          return Future.failedFuture("the inbox of " + r.workerId() + " is not that worker on node " + r.nodeId());
        });
  }
}

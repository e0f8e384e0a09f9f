package dev.weft.worker.verticle;

import dev.weft.protocol.Ack;
import dev.weft.protocol.Addresses;
import dev.weft.protocol.Heartbeat;
import dev.weft.protocol.HeartbeatReply;
import dev.weft.protocol.Message;
import dev.weft.protocol.RegisterWorker;
import dev.weft.protocol.cluster.Membership;
import dev.weft.protocol.wire.WireCodec;
import io.vertx.core.Vertx;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scheduler's inbox for worker tests on one (non-clustered) Vert.x: acknowledges registrations
 * and answers heartbeats, as knowing the worker until told otherwise (a registration makes it
 * known again).
 */
final class StandInScheduler {

  /** The stand-in's node: the Vert.x's own. */
  final String node;
  /** Whether heartbeats are answered as knowing the worker. */
  private final AtomicBoolean knowsTheWorker = new AtomicBoolean(true);
  /** Registrations acknowledged so far. */
  private final AtomicInteger registrations = new AtomicInteger();

  StandInScheduler(Vertx vertx) {
    node = Membership.nodeId(vertx);
    vertx.eventBus().<Message>consumer(Addresses.SCHEDULER, m -> {
      if (m.body() instanceof RegisterWorker) {
        knowsTheWorker.set(true);
        registrations.incrementAndGet();
        m.reply(new Ack(node), WireCodec.OPTIONS);
      } else if (m.body() instanceof Heartbeat) {
        m.reply(new HeartbeatReply(node, knowsTheWorker.get()), WireCodec.OPTIONS);
      }
    });
  }

  /** From now on heartbeats are answered as from a scheduler that does not know the worker. */
  void forgetTheWorker() {
    knowsTheWorker.set(false);
  }

  /** Registrations acknowledged so far. */
  int registrations() {
    return registrations.get();
  }
}

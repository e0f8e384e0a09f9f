package dev.weft.client;

import dev.weft.protocol.AdaptiveTarget;
import dev.weft.protocol.Addresses;
import dev.weft.protocol.Message;
import dev.weft.protocol.Query;
import dev.weft.protocol.QueryKind;
import dev.weft.protocol.RetireWorkers;
import dev.weft.protocol.Retired;
import dev.weft.protocol.wire.WireCodec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * What a {@link LocalCluster} asks its scheduler to scale: the adaptive target, and graceful
 * retirement of workers (sent on the scheduler's JVM-local address, the only one that accepts it).
 */
final class ScalingRequests {

  /** Longest a retirement may take: copying the values of the retiring workers and letting their running tasks finish. */
  static final long RETIRE_TIMEOUT_MILLIS = 10 * 60_000;

  private ScalingRequests() {}

  /** How many workers the work in sight asks for, which may close, and the order to retire workers in. */
  static Future<AdaptiveTarget> target(Vertx vertx) {
    return vertx.eventBus().<Message>request(Addresses.SCHEDULER, new Query(QueryKind.ADAPTIVE_TARGET, List.of()), WireCodec.OPTIONS)
        .map(m -> (AdaptiveTarget) m.body());
  }

  /** Retires {@code workers} gracefully; completes with those retired (empty, and safe to close), in the order asked. */
  static Future<List<String>> retire(Vertx vertx, List<String> workers) {
    if (workers.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    DeliveryOptions options = new DeliveryOptions(WireCodec.OPTIONS).setSendTimeout(RETIRE_TIMEOUT_MILLIS);
    return vertx.eventBus().<Message>request(Addresses.SCHEDULER_LOCAL, new RetireWorkers(List.copyOf(workers)), options)
        .map(m -> ((Retired) m.body()).workerIds());
  }

  /**
   * The first {@code count} workers of {@code own} in the scheduler's {@code order} (idle ones, then
   * the least busy, then fewest bytes; workers it does not know or that retire already are not in it).
   */
  static List<String> pick(List<String> order, List<String> own, int count) {
    List<String> out = new ArrayList<>();
    for (String name : order) {
      if (out.size() < count && own.contains(name)) {
        out.add(name);
      }
    }
    return out;
  }
}

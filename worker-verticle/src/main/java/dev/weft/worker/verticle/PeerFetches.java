package dev.weft.worker.verticle;

import dev.weft.protocol.Addresses;
import dev.weft.protocol.Identify;
import dev.weft.protocol.cluster.Membership;
import dev.weft.protocol.wire.WireCodec;
import dev.weft.worker.state.GatherFailed;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The worker's fetches from peers that await an answer. A request to a peer whose JVM dies may
 * never be answered (the bytes were accepted by the socket, the peer is gone), and the bus would
 * only time it out after 30 s; so whenever a cluster node leaves, each peer with fetches in flight
 * is asked who it is, and the fetches of a peer that no longer answers fail at once, to be tried
 * elsewhere. Confined to the worker's context.
 */
final class PeerFetches {

  /** How long a peer has to answer after a node left. */
  private static final long PROBE_TIMEOUT_MILLIS = 5_000;

  private final Vertx vertx;
  /** How probes are sent: Weft's codec, this worker's node header, a short timeout. */
  private final DeliveryOptions probe;
  /** Told of the fetches whose peer is gone. */
  private final Consumer<GatherFailed> onPeerGone;
  /** Fetches awaiting an answer, by peer; a fetch is in here until {@link #finish} or its peer is found gone. */
  private final Map<String, Set<Fetch>> inFlight = new HashMap<>();
  /** Stops the membership listener. */
  private final Runnable stopWatching;

  PeerFetches(Vertx vertx, Context context, String nodeId, Consumer<GatherFailed> onPeerGone) {
    this.vertx = vertx;
    this.probe = WireCodec.options(nodeId).setSendTimeout(PROBE_TIMEOUT_MILLIS);
    this.onPeerGone = onPeerGone;
    this.stopWatching = Membership.onNodeLeft(vertx, node -> context.runOnContext(v -> probeAll()));
  }

  /** One fetch of {@code keys} from {@code peer}. */
  static final class Fetch {
    private final String peer;
    private final List<String> keys;

    private Fetch(String peer, List<String> keys) {
      this.peer = peer;
      this.keys = keys;
    }
  }

  /** Notes a fetch of {@code keys} from {@code peer} that was just requested. */
  Fetch start(String peer, List<String> keys) {
    Fetch f = new Fetch(peer, keys);
    inFlight.computeIfAbsent(peer, p -> new LinkedHashSet<>()).add(f);
    return f;
  }

  /** The peer answered (or the request failed): true the first time, false when the fetch was already failed here. */
  boolean finish(Fetch f) {
    Set<Fetch> fetches = inFlight.get(f.peer);
    if (fetches == null || !fetches.remove(f)) {
      return false;
    }
    if (fetches.isEmpty()) {
      inFlight.remove(f.peer);
    }
    return true;
  }

  private void probeAll() {
    for (String peer : new ArrayList<>(inFlight.keySet())) {
      vertx.eventBus().request(Addresses.worker(peer), new Identify(peer), probe).onFailure(gone -> {
        Set<Fetch> fetches = inFlight.remove(peer);
        if (fetches != null) {
          for (Fetch f : fetches) {
            onPeerGone.accept(new GatherFailed(f.peer, f.keys));
          }
        }
      });
    }
  }

  /** Stops listening for departures. */
  void close() {
    stopWatching.run();
  }
}

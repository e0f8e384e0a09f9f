package dev.weft.worker.verticle;

import dev.weft.protocol.Addresses;
import dev.weft.protocol.DataReply;
import dev.weft.protocol.GetData;
import dev.weft.protocol.Identify;
import dev.weft.protocol.Message;
import dev.weft.protocol.cluster.Membership;
import dev.weft.protocol.wire.WireCodec;
import dev.weft.worker.state.GatherDep;
import dev.weft.worker.state.GatherFailed;
import dev.weft.worker.state.GatherSucceeded;
import dev.weft.worker.state.WorkerStimulus;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The worker's fetches of values from peers: a {@link GetData} to the peer, its inline values
 * decoded and its ticketed ones read over the data channel, the outcome told as
 * {@link GatherSucceeded} or {@link GatherFailed}. A request to a peer whose JVM dies may
 * never be answered (the bytes were accepted by the socket, the peer is gone), and the bus would
 * only time it out after 30 s; so whenever a cluster node leaves, each peer with fetches in flight
 * is asked who it is, and the fetches of a peer that no longer answers fail at once, to be tried
 * elsewhere. Confined to the worker's context.
 */
final class PeerFetches {

  /** How long a peer has to answer after a node left. */
  private static final long PROBE_TIMEOUT_MILLIS = 5_000;

  private static final Logger LOG = System.getLogger(PeerFetches.class.getName());

  private final Vertx vertx;
  /** The worker's context, where outcomes are told. */
  private final Context context;
  /** The fetching worker's name, for the log. */
  private final String workerId;
  /** The classes fetched values are read with now. */
  private final Supplier<UploadedJars.Generation> classes;
  /** How probes are sent: Weft's codec, this worker's node header, a short timeout. */
  private final DeliveryOptions probe;
  /** Told the outcome of each fetch, on the worker's context. */
  private final Consumer<WorkerStimulus> outcomes;
  /** Fetches awaiting an answer, by peer; a fetch is in here until {@link #finish} or its peer is found gone. */
  private final Map<String, Set<Fetch>> inFlight = new HashMap<>();
  /** Stops the membership listener. */
  private final Runnable stopWatching;

  PeerFetches(Vertx vertx, Context context, String nodeId, String workerId, Supplier<UploadedJars.Generation> classes,
      Consumer<WorkerStimulus> outcomes) {
    this.vertx = vertx;
    this.context = context;
    this.workerId = workerId;
    this.classes = classes;
    this.probe = WireCodec.options(nodeId).setSendTimeout(PROBE_TIMEOUT_MILLIS);
    this.outcomes = outcomes;
    this.stopWatching = Membership.onNodeLeft(vertx, node -> context.runOnContext(v -> probeAll()));
  }

  /** One fetch of {@code keys} from {@code peer}. */
  private static final class Fetch {
    private final String peer;
    private final List<String> keys;

    private Fetch(String peer, List<String> keys) {
      this.peer = peer;
      this.keys = keys;
    }
  }

  /** Fetches what {@code g} asks for from its peer; the outcome is told later. */
  void gather(GatherDep g) {
    Fetch fetch = new Fetch(g.worker(), g.keys());
    inFlight.computeIfAbsent(g.worker(), p -> new LinkedHashSet<>()).add(fetch);
    vertx.eventBus().<Message>request(Addresses.worker(g.worker()), new GetData(g.keys()), WireCodec.OPTIONS)
        .onComplete(ar -> {
          if (!finish(fetch)) {
            return; // its peer was found gone and the fetch failed already
          }
          if (ar.succeeded() && ar.result().body() instanceof DataReply reply) {
            Map<String, Object> data = new HashMap<>();
            UploadedJars.Generation with = classes.get();
            reply.data().forEach((k, p) -> data.put(k, p.value(with.serializer(), with.loader())));
            if (reply.tickets().isEmpty()) {
              outcomes.accept(new GatherSucceeded(g.worker(), data, reply.missing()));
            } else {
              collect(g, reply, data, with);
            }
          } else {
            outcomes.accept(new GatherFailed(g.worker(), g.keys()));
          }
        });
  }

  /** Reads the ticketed values of {@code reply} over the data channel, then tells the whole gather. */
  private void collect(GatherDep g, DataReply reply, Map<String, Object> data, UploadedJars.Generation with) {
    List<String> keys = new ArrayList<>(reply.tickets().keySet());
    List<Future<Object>> reads = new ArrayList<>();
    for (String k : keys) {
      reads.add(DataChannel.fetchValue(vertx, reply.tickets().get(k), with.serializer(), with.loader()));
    }
    Future.all(reads).onComplete(all -> context.runOnContext(v -> {
      if (all.succeeded()) {
        for (int i = 0; i < keys.size(); i++) {
          data.put(keys.get(i), reads.get(i).result());
        }
        outcomes.accept(new GatherSucceeded(g.worker(), data, reply.missing()));
      } else {
        LOG.log(Level.WARNING, "worker " + workerId + " could not read " + keys + " from " + g.worker(), all.cause());
        outcomes.accept(new GatherFailed(g.worker(), g.keys()));
      }
    }));
  }

  /** The peer answered (or the request failed): true the first time, false when the fetch was already failed here. */
  private boolean finish(Fetch f) {
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
            outcomes.accept(new GatherFailed(f.peer, f.keys));
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

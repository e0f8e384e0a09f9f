package dev.weft.scheduler.verticle;

import dev.weft.protocol.Addresses;
import dev.weft.protocol.Broadcast;
import dev.weft.protocol.Message;
import dev.weft.protocol.RemoteError;
import dev.weft.protocol.RunFunction;
import dev.weft.protocol.RunResult;
import dev.weft.protocol.RunResults;
import dev.weft.protocol.wire.WireCodec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a client's {@link Broadcast} on every worker: one {@link RunFunction} request each, sent
 * from the scheduler's node (workers accept them from no one else), gathered into
 * {@link RunResults}. A worker that does not answer gives an error result naming it. The
 * function's bytes pass through unread: the scheduler never deserializes user code.
 */
final class RunBroadcast {

  private RunBroadcast() {}

  /** Sends {@code b} to {@code workers} from node {@code nodeId}; completes with every answer. */
  static Future<RunResults> run(Vertx vertx, String nodeId, List<String> workers, Broadcast b) {
    List<Future<RunResult>> replies = new ArrayList<>();
    for (String worker : workers) {
      replies.add(vertx.eventBus().<Message>request(Addresses.worker(worker), new RunFunction(b.function()), WireCodec.options(nodeId))
          .map(m -> m.body() instanceof RunResult r ? r : failed(worker, "answered " + m.body().getClass().getSimpleName()))
          .otherwise(e -> failed(worker, "did not answer: " + e.getMessage())));
    }
    return Future.join(replies).map(all -> new RunResults(replies.stream().map(Future::result).toList()));
  }

  private static RunResult failed(String worker, String why) {
    return new RunResult(worker, null, new RemoteError("dev.weft.client.WeftException", "worker " + worker + " " + why, List.of(), null));
  }
}

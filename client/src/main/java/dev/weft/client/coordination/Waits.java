package dev.weft.client.coordination;

import dev.weft.protocol.Coordination;
import dev.weft.protocol.CoordinationReply;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.function.LongFunction;

/**
 * Waiting on the scheduler for longer than one request may ({@link Coordination#MAX_WAIT_MILLIS}):
 * the request is asked again, each time for what is left of the wait, until it is answered ok,
 * fails, or the time is up. Never blocks a thread.
 */
final class Waits {

  private Waits() {}

  /**
   * Asks {@code request} (given the milliseconds it may wait) until it is answered ok or
   * {@code timeout} has passed (null: no limit); completes with the last reply.
   */
  static Future<CoordinationReply> until(SchedulerChannel channel, Duration timeout, LongFunction<Coordination> request) {
    long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
    Promise<CoordinationReply> result = Promise.promise();
    attempt(channel, deadline, request, result);
    return result.future();
  }

  private static void attempt(SchedulerChannel channel, long deadline, LongFunction<Coordination> request,
      Promise<CoordinationReply> result) {
    long left = deadline == Long.MAX_VALUE ? Coordination.MAX_WAIT_MILLIS
        : Math.max(0, Math.min(Coordination.MAX_WAIT_MILLIS, (deadline - System.nanoTime()) / 1_000_000));
    once(channel, request.apply(left), left).onComplete(ar -> {
      if (ar.failed()) {
        result.fail(ar.cause());
      } else if (!ar.result().ok() && left > 0 && System.nanoTime() < deadline) {
        attempt(channel, deadline, request, result);
      } else {
        result.complete(ar.result());
      }
    });
  }

  /** Asks {@code request} once; it may wait on the scheduler up to {@code waitMillis}. */
  static Future<CoordinationReply> once(SchedulerChannel channel, Coordination request, long waitMillis) {
    return channel.ask(request, waitMillis).map(CoordinationReply.class::cast);
  }
}

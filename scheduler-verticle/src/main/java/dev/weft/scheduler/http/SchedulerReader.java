package dev.weft.scheduler.http;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.function.Supplier;

/**
 * Reads the scheduler's state for the dashboard: the read runs on the scheduler's context (the
 * only one that may touch its state) and its result comes back on the dashboard's own context,
 * where it is turned into JSON and written. So the scheduler's event loop only copies views; it
 * never encodes or writes to a socket.
 */
final class SchedulerReader {

  private final Context scheduler;
  private final Context dashboard;

  SchedulerReader(Context scheduler, Context dashboard) {
    this.scheduler = scheduler;
    this.dashboard = dashboard;
  }

  /** Runs {@code read} on the scheduler's context; completes on the dashboard's. */
  <T> Future<T> read(Supplier<T> read) {
    Promise<T> result = Promise.promise();
    scheduler.runOnContext(v -> {
      try {
        T value = read.get();
        dashboard.runOnContext(x -> result.complete(value));
      } catch (RuntimeException e) {
        dashboard.runOnContext(x -> result.fail(e));
      }
    });
    return result.future();
  }
}

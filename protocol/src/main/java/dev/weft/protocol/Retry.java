package dev.weft.protocol;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Repeats an asynchronous attempt on a Vert.x timer until it succeeds or a deadline passes
 * (waiting for a scheduler that may still be starting, for workers to register, ...). Never
 * blocks: safe on an event loop.
 */
public final class Retry {

  private Retry() {}

  /**
   * Runs {@code attempt} until its future succeeds, {@code delayMillis} apart; once
   * {@code deadlineNanos} ({@link System#nanoTime()}) has passed, fails with
   * {@code onDeadline} applied to the last attempt's failure.
   */
  public static <T> Future<T> until(Vertx vertx, long deadlineNanos, long delayMillis, Supplier<Future<T>> attempt,
      Function<Throwable, Throwable> onDeadline) {
    return until(vertx, deadlineNanos, delayMillis, attempt, e -> true, onDeadline);
  }

  /**
   * As {@link #until(Vertx, long, long, Supplier, Function)}, but a failure that {@code retryable}
   * rejects (a refusal that trying again cannot change) fails at once, as it is.
   */
  public static <T> Future<T> until(Vertx vertx, long deadlineNanos, long delayMillis, Supplier<Future<T>> attempt,
      Predicate<Throwable> retryable, Function<Throwable, Throwable> onDeadline) {
    return attempt.get().recover(e -> {
      if (!retryable.test(e)) {
        return Future.failedFuture(e);
      }
      if (System.nanoTime() > deadlineNanos) {
        return Future.failedFuture(onDeadline.apply(e));
      }
      Promise<T> retry = Promise.promise();
      vertx.setTimer(delayMillis,
          t -> until(vertx, deadlineNanos, delayMillis, attempt, retryable, onDeadline).onComplete(retry));
      return retry.future();
    });
  }
}

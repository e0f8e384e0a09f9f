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
    Promise<T> result = Promise.promise();
    tryOnce(vertx, deadlineNanos, delayMillis, attempt, retryable, onDeadline, result);
    return result.future();
  }

  /**
   * One attempt; the next is scheduled on a timer and completes the same {@code result}, so a
   * thousand retries are not a thousand nested futures (whose completion would overflow the stack).
   */
  private static <T> void tryOnce(Vertx vertx, long deadlineNanos, long delayMillis, Supplier<Future<T>> attempt,
      Predicate<Throwable> retryable, Function<Throwable, Throwable> onDeadline, Promise<T> result) {
    Future<T> tried;
    try {
      tried = attempt.get();
    } catch (RuntimeException e) {
      tried = Future.failedFuture(e);
    }
    tried.onComplete(done -> {
      if (done.succeeded()) {
        result.complete(done.result());
      } else if (!retryable.test(done.cause())) {
        result.fail(done.cause());
      } else if (System.nanoTime() > deadlineNanos) {
        result.fail(onDeadline.apply(done.cause()));
      } else {
        vertx.setTimer(delayMillis, t -> tryOnce(vertx, deadlineNanos, delayMillis, attempt, retryable, onDeadline, result));
      }
    });
  }
}

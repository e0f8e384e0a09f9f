package dev.weft.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Retrying until success, a refusal, or a deadline — and thousands of retries without a deep stack. */
class RetryTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void thousandsOfFailedAttemptsThenSuccessDoNotOverflowTheStack() {
    AtomicInteger attempts = new AtomicInteger();
    int failures = 5_000;
    Future<Integer> done = Retry.until(vertx, System.nanoTime() + 600_000_000_000L, 1,
        () -> attempts.incrementAndGet() <= failures ? Future.failedFuture("not yet") : Future.succeededFuture(attempts.get()),
        e -> e);
    assertEquals(failures + 1, done.await());
  }

  @Test
  void aRefusalFailsAtOnceAndTheDeadlineEndsRetrying() {
    IllegalStateException refused = new IllegalStateException("refused");
    AtomicInteger attempts = new AtomicInteger();
    Future<Void> once = Retry.until(vertx, System.nanoTime() + 600_000_000_000L, 1,
        () -> {
          attempts.incrementAndGet();
          return Future.failedFuture(refused);
        }, e -> e != refused, e -> e);
    assertSame(refused, assertThrows(IllegalStateException.class, once::await));
    assertEquals(1, attempts.get());

    Future<Void> late = Retry.until(vertx, System.nanoTime() + 200_000_000L, 1,
        () -> Future.failedFuture("still no"), e -> new IllegalArgumentException("gave up: " + e.getMessage()));
    assertEquals("gave up: still no", assertThrows(IllegalArgumentException.class, late::await).getMessage());
  }

  @Test
  void anAttemptThatThrowsCountsAsAFailedAttempt() {
    AtomicInteger attempts = new AtomicInteger();
    Future<String> done = Retry.until(vertx, System.nanoTime() + 600_000_000_000L, 1, () -> {
      if (attempts.incrementAndGet() < 3) {
        throw new IllegalStateException("thrown");
      }
      return Future.succeededFuture("third");
    }, e -> e);
    assertEquals("third", done.await());
  }
}

package dev.weft.scheduler.http;

import io.vertx.core.Vertx;

/**
 * How late the scheduler's event loop runs a timer: a periodic 100 ms timer notes how far past
 * its due time each firing comes, and {@link #seconds()} reports the worst of the last second.
 * Created and read on the scheduler's context.
 */
final class EventLoopLag {

  private static final long PERIOD_MILLIS = 100;
  private static final int WINDOW = 10;

  private final Vertx vertx;
  private final long timer;
  /** Worst lateness (ns) in each of the last {@link #WINDOW} firings, a ring indexed by firing count. */
  private final long[] lateNanos = new long[WINDOW];
  /** Firings so far. */
  private long firings;
  /** When the next firing is due (System.nanoTime). */
  private long dueNanos;

  EventLoopLag(Vertx vertx) {
    this.vertx = vertx;
    this.dueNanos = System.nanoTime() + PERIOD_MILLIS * 1_000_000;
    this.timer = vertx.setPeriodic(PERIOD_MILLIS, id -> fired());
  }

  private void fired() {
    long now = System.nanoTime();
    lateNanos[(int) (firings++ % WINDOW)] = Math.max(0, now - dueNanos);
    dueNanos = now + PERIOD_MILLIS * 1_000_000;
  }

  /** The worst lateness over the last second, in seconds. */
  double seconds() {
    long worst = 0;
    for (long l : lateNanos) {
      worst = Math.max(worst, l);
    }
    return worst / 1e9;
  }

  void stop() {
    vertx.cancelTimer(timer);
  }
}

package dev.weft.client;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One {@link Client#waitFor} call: counts the given futures' completions (via
 * {@link TaskFuture#onDone}) and completes its promise once {@link ReturnWhen} is met or the
 * timeout fires, with a snapshot of which futures were done.
 */
final class Waiting<T> {

  /** The futures waited for, as given; fixed. */
  private final List<TaskFuture<T>> futures;
  /** The completion condition; fixed. */
  private final ReturnWhen when;
  /** Completed at most once: with the outcome when {@link #when} is met, or failed on timeout. */
  private final Promise<DoneAndNotDone<T>> promise = Promise.promise();
  /** Futures whose completion callback has run; only grows. Guarded by {@code this}. */
  private final Set<TaskFuture<T>> completed = Collections.newSetFromMap(new IdentityHashMap<>());
  /** The number of distinct future objects given (one object may be listed twice). */
  private final int distinct;

  private Waiting(Collection<TaskFuture<T>> futures, ReturnWhen when) {
    this.futures = new ArrayList<>(futures);
    this.when = when;
    Set<TaskFuture<T>> s = Collections.newSetFromMap(new IdentityHashMap<>());
    s.addAll(this.futures);
    this.distinct = s.size();
  }

  /** Waits for {@code futures} as {@code when} says; fails with {@link WeftTimeoutException} after {@code timeout} (null: never). */
  static <T> Future<DoneAndNotDone<T>> start(Vertx vertx, Collection<TaskFuture<T>> futures, ReturnWhen when, Duration timeout) {
    if (when == null) {
      throw new NullPointerException("when");
    }
    Waiting<T> w = new Waiting<>(futures, when);
    if (w.futures.isEmpty()) {
      w.promise.tryComplete(new DoneAndNotDone<>(Set.of(), Set.of()));
      return w.promise.future();
    }
    if (timeout != null) {
      long id = vertx.setTimer(Math.max(1, timeout.toMillis()),
          t -> w.promise.tryFail(new WeftTimeoutException(w.futures.size() + " futures (" + when + ")", timeout)));
      w.promise.future().onComplete(ar -> vertx.cancelTimer(id));
    }
    for (TaskFuture<T> f : w.futures) {
      f.onDone(w::completed);
    }
    return w.promise.future();
  }

  private void completed(TaskFuture<T> f) {
    DoneAndNotDone<T> outcome;
    synchronized (this) {
      completed.add(f);
      boolean met = when == ReturnWhen.FIRST_COMPLETED || completed.size() == distinct;
      if (!met || promise.future().isComplete()) {
        return;
      }
      Set<TaskFuture<T>> done = new LinkedHashSet<>();
      Set<TaskFuture<T>> notDone = new LinkedHashSet<>();
      for (TaskFuture<T> g : futures) {
        (completed.contains(g) || g.done() ? done : notDone).add(g);
      }
      outcome = new DoneAndNotDone<>(Collections.unmodifiableSet(done), Collections.unmodifiableSet(notDone));
    }
    promise.tryComplete(outcome);
  }
}

package dev.weft.client;

import dev.weft.client.state.Outcome;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CompletableFuture;

/**
 * What one {@link TaskFuture} knows of its key: the outcome the client's state last gave it (on the
 * client's context), or its own cancellation (on the cancelling thread, so that a cancelled future
 * reads CANCELLED at once). Lock-free: one atomic view, replaced whole; CANCELLED is final.
 */
final class FutureState {

  /** The key. */
  final String key;
  /** Compare-and-set on {@link #view} (a field, not an {@code AtomicReference}: one object less per future). */
  private static final VarHandle VIEW;

  static {
    try {
      VIEW = MethodHandles.lookup().findVarHandle(FutureState.class, "view", View.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** The outcome and the signal of its being done, together; never null; replaced whole through {@link #VIEW}. */
  private volatile View view = new View(Outcome.PENDING, new CompletableFuture<>());

  /**
   * One moment of a future.
   *
   * @param outcome what is known of the key
   * @param done completed once {@code outcome} is done; replaced by a new one when a value is lost or a failure retried
   */
  private record View(Outcome outcome, CompletableFuture<FutureState> done) {}

  FutureState(String key) {
    this.key = key;
  }

  /** Takes {@code next} from the client's state, unless cancelled already; a LOST or retried (PENDING) outcome waits again. */
  void update(Outcome next) {
    while (true) {
      View v = view;
      if (v.outcome.status() == FutureStatus.CANCELLED) {
        return;
      }
      boolean reopen = !next.done() && v.done.isDone();
      CompletableFuture<FutureState> done = reopen ? new CompletableFuture<>() : v.done;
      if (VIEW.compareAndSet(this, v, new View(next, done))) {
        if (next.done()) {
          done.complete(this);
        }
        return;
      }
    }
  }

  /**
   * Cancels this future for {@code reason}, whatever it was if {@code evenIfDone}, else only while
   * it is not done; false when it was cancelled already or (without {@code evenIfDone}) done.
   */
  boolean cancel(String reason, boolean evenIfDone) {
    while (true) {
      View v = view;
      if (v.outcome.status() == FutureStatus.CANCELLED || (!evenIfDone && v.outcome.done())) {
        return false;
      }
      if (VIEW.compareAndSet(this, v, new View(Outcome.cancelled(reason), v.done))) {
        v.done.complete(this);
        return true;
      }
    }
  }

  Outcome outcome() {
    return view.outcome;
  }

  FutureStatus status() {
    return outcome().status();
  }

  /** Completed once the outcome is done (read {@link #outcome()} then: it may have changed since). */
  CompletableFuture<FutureState> done() {
    return view.done;
  }
}

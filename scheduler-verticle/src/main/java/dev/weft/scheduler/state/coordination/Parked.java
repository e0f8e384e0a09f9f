package dev.weft.scheduler.state.coordination;

import java.util.function.Consumer;

/**
 * A request that waits (an acquire, a get, an event wait) until its owner answers it, it times out,
 * or its client goes. {@link Parking} keeps it by deadline.
 *
 * @param <R> the request
 */
final class Parked<R> {

  /** The request's id, which its answer names. */
  final long id;
  /** The asking client. */
  final String clientId;
  /** When it times out (scheduler time). */
  final long deadline;
  /** What was asked. */
  final R request;
  /** Its owner's clean-up once it timed out or its client went: called once, after it left {@link Parking}. */
  private final Consumer<Parked<R>> onGone;

  Parked(long id, String clientId, long deadline, R request, Consumer<Parked<R>> onGone) {
    this.id = id;
    this.clientId = clientId;
    this.deadline = deadline;
    this.request = request;
    this.onGone = onGone;
  }

  /** Lets its owner drop it (it timed out, or its client went). */
  void gone() {
    onGone.accept(this);
  }
}

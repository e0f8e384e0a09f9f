package dev.weft.scheduler.state.coordination;

import dev.weft.protocol.Reply;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Every waiting request, by deadline: the deferred replies of the coordination part. A request is
 * answered by its owner through {@link #answer}, answered "not yet" when its deadline passes
 * ({@link #expire}), or forgotten when its client goes ({@link #clientGone}); in the last two
 * cases its owner is told to drop it.
 */
final class Parking {

  private final CoordinationHost host;
  /** Exactly the requests waiting now, by deadline, then id. */
  private final TreeSet<Parked<?>> byDeadline =
      new TreeSet<>(Comparator.comparingLong((Parked<?> p) -> p.deadline).thenComparingLong(p -> p.id));

  Parking(CoordinationHost host) {
    this.host = host;
  }

  /** True when no more requests may wait. */
  boolean full() {
    return byDeadline.size() >= Limits.PARKED;
  }

  /** Parks request {@code id} of {@code clientId} for {@code timeoutMillis}; {@code onGone} drops it from its owner. */
  <R> Parked<R> park(long id, String clientId, long timeoutMillis, R request, Consumer<Parked<R>> onGone) {
    Parked<R> p = new Parked<>(id, clientId, host.now() + timeoutMillis, request, onGone);
    byDeadline.add(p);
    return p;
  }

  /** Answers the waiting request {@code p} (its owner has already let go of it). */
  void answer(Parked<?> p, Reply reply) {
    byDeadline.remove(p);
    host.answer(p.id, reply);
  }

  /** Answers "not yet" every request whose deadline has come. */
  void expire() {
    while (!byDeadline.isEmpty() && byDeadline.first().deadline <= host.now()) {
      Parked<?> p = byDeadline.pollFirst();
      host.answer(p.id, Replies.NOT_YET);
      p.gone();
    }
  }

  /** Forgets every request of {@code clientId}, which is gone. */
  void clientGone(String clientId) {
    List<Parked<?>> theirs = new ArrayList<>();
    for (Parked<?> p : byDeadline) {
      if (p.clientId.equals(clientId)) {
        theirs.add(p);
      }
    }
    for (Parked<?> p : theirs) {
      byDeadline.remove(p);
      host.forget(p.id);
      p.gone();
    }
  }

  /** Requests waiting now. */
  int size() {
    return byDeadline.size();
  }
}

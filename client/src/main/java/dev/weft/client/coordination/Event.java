package dev.weft.client.coordination;

import dev.weft.protocol.EventRequest;
import dev.weft.protocol.EventRequest.Op;
import io.vertx.core.Future;
import java.time.Duration;

/**
 * An event on the scheduler (dask's {@code Event}): a flag, clear at first, shared by every client
 * and task; setting it wakes everyone waiting on it. Obtain one with {@code client.event(name)};
 * every method returns at once. ({@code wait()} without arguments is {@link Object}'s, so waiting
 * without a limit is {@link #waitFor()}.)
 */
public final class Event extends Named {

  private static final long serialVersionUID = 1L;


  /** The event {@code name}, reached through {@code channel}. */
  public Event(SchedulerChannel channel, String name) {
    super(channel, name, "event");
  }

  /** Sets it, waking every waiter. */
  public Future<Void> set() {
    return ask(Op.SET, 0).mapEmpty();
  }

  /** Clears it. */
  public Future<Void> clear() {
    return ask(Op.CLEAR, 0).mapEmpty();
  }

  /** Whether it is set. */
  public Future<Boolean> isSet() {
    return ask(Op.IS_SET, 0);
  }

  /** Completes with true once it is set, or with false after {@code timeout} (dask's {@code wait(timeout)}). */
  public Future<Boolean> wait(Duration timeout) {
    SchedulerChannel channel = channel();
    return Waits.until(channel, timeout, wait -> new EventRequest(channel.clientId(), Op.WAIT, name(), wait)).map(r -> r.ok());
  }

  /** Completes with true once it is set, waiting as long as it takes. */
  public Future<Boolean> waitFor() {
    return wait(null);
  }

  private Future<Boolean> ask(Op op, long wait) {
    SchedulerChannel channel = channel();
    return Waits.once(channel, new EventRequest(channel.clientId(), op, name(), wait), wait).map(r -> r.ok());
  }

  @Override
  public String toString() {
    return "Event(\"" + name() + "\")";
  }
}

package dev.weft.scheduler.state.coordination;

import dev.weft.protocol.EventRequest;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Events (dask's {@code EventExtension}): a flag per name, clear at first; setting it wakes every
 * waiter at once, and waiting on a set event returns at once.
 */
final class Events {

  private final CoordinationHost host;
  private final Parking parking;
  /** Events that are set or have waiters, by name. */
  private final Map<String, Event> byName = new HashMap<>();

  /** One event. */
  private static final class Event {
    /** Whether it is set. */
    boolean set;
    /** Waits until it is set, oldest first; empty while it is set. */
    final ArrayDeque<Parked<EventRequest>> waiters = new ArrayDeque<>();
  }

  Events(CoordinationHost host, Parking parking) {
    this.host = host;
    this.parking = parking;
  }

  void handle(EventRequest r, long id) {
    Event e = byName.get(r.name());
    switch (r.op()) {
      case SET -> {
        e = e != null ? e : make(r.name(), id);
        if (e != null) {
          e.set = true;
          while (!e.waiters.isEmpty()) {
            parking.answer(e.waiters.poll(), Replies.OK);
          }
          host.answer(id, Replies.OK);
        }
      }
      case CLEAR -> {
        if (e != null) {
          e.set = false;
          byName.remove(r.name(), e.waiters.isEmpty() ? e : null);
        }
        host.answer(id, Replies.OK);
      }
      case IS_SET -> host.answer(id, Replies.flag(e != null && e.set));
      case WAIT -> await(e, r, id);
    }
  }

  private void await(Event existing, EventRequest r, long id) {
    if (existing != null && existing.set) {
      host.answer(id, Replies.OK);
    } else if (r.timeoutMillis() == 0 || parking.full()) {
      host.answer(id, r.timeoutMillis() == 0 ? Replies.NOT_YET : Replies.error("too many waiting requests"));
    } else {
      Event e = existing != null ? existing : make(r.name(), id);
      if (e != null) {
        e.waiters.add(parking.park(id, r.clientId(), r.timeoutMillis(), r, gone -> {
          e.waiters.remove(gone);
          byName.remove(r.name(), !e.set && e.waiters.isEmpty() ? e : null);
        }));
      }
    }
  }

  /** A new clear event {@code name}; null (request {@code id} answered with the error) when there are too many. */
  private Event make(String name, long id) {
    if (byName.size() >= Limits.OBJECTS) {
      host.answer(id, Replies.error(Limits.tooMany("events")));
      return null;
    }
    Event e = new Event();
    byName.put(name, e);
    return e;
  }
}

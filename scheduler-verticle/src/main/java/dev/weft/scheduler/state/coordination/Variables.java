package dev.weft.scheduler.state.coordination;

import dev.weft.protocol.SharedValue;
import dev.weft.protocol.VariableRequest;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Variables (dask's {@code VariableExtension}): one value per name, shared by every client. A
 * future set as the value keeps its task (the variable's holder wants it) until it is replaced or
 * deleted; a future read from it is held for the reader until the reader holds a future itself.
 * A get waits until a value is set.
 */
final class Variables {

  private final CoordinationHost host;
  private final Parking parking;
  private final Holds holds;
  /** Variables that are set or have readers waiting, by name. */
  private final Map<String, Variable> byName = new HashMap<>();

  /** One variable. */
  private static final class Variable {
    /** Its value; null while unset. */
    SharedValue value;
    /** Gets waiting for a value, oldest first; empty while it is set. */
    final ArrayDeque<Parked<VariableRequest>> getters = new ArrayDeque<>();
  }

  Variables(CoordinationHost host, Parking parking, Holds holds) {
    this.host = host;
    this.parking = parking;
    this.holds = holds;
  }

  void handle(VariableRequest r, long id) {
    Variable v = byName.get(r.name());
    if (v == null && r.op() != VariableRequest.Op.DELETE) {
      if (byName.size() >= Limits.OBJECTS) {
        host.answer(id, Replies.error(Limits.tooMany("variables")));
        return;
      }
      v = new Variable();
      byName.put(r.name(), v);
    }
    switch (r.op()) {
      case SET -> set(v, r, id);
      case GET -> get(v, r, id);
      case DELETE -> {
        if (v != null) {
          unset(v, r.name());
        }
        host.answer(id, Replies.OK);
      }
    }
  }

  private void set(Variable v, VariableRequest r, long id) {
    String holder = Holds.variable(r.name());
    if (r.value().key() != null && !holds.hold(holder, r.value().key())) {
      host.answer(id, Replies.error("Task " + r.value().key() + " unknown to scheduler"));
      if (v.value == null && v.getters.isEmpty()) {
        byName.remove(r.name());
      }
      return;
    }
    SharedValue old = v.value;
    v.value = r.value();
    if (old != null && old.key() != null) {
      holds.release(holder, old.key());
    }
    host.answer(id, Replies.OK);
    while (!v.getters.isEmpty()) {
      Parked<VariableRequest> p = v.getters.poll();
      parking.answer(p, Replies.values(List.of(handOut(v.value, p.clientId))));
    }
  }

  private void get(Variable v, VariableRequest r, long id) {
    if (v.value != null) {
      host.answer(id, Replies.values(List.of(handOut(v.value, r.clientId()))));
    } else if (r.timeoutMillis() == 0 || parking.full()) {
      byName.remove(r.name(), v.getters.isEmpty() ? v : null);
      host.answer(id, r.timeoutMillis() == 0 ? Replies.NOT_YET : Replies.error("too many waiting requests"));
    } else {
      v.getters.add(parking.park(id, r.clientId(), r.timeoutMillis(), r, gone -> {
        v.getters.remove(gone);
        byName.remove(r.name(), v.value == null && v.getters.isEmpty() ? v : null);
      }));
    }
  }

  /** Unsets {@code v} (its future's task is no longer kept by it); it goes unless readers wait. */
  private void unset(Variable v, String name) {
    if (v.value != null && v.value.key() != null) {
      holds.release(Holds.variable(name), v.value.key());
    }
    v.value = null;
    if (v.getters.isEmpty()) {
      byName.remove(name);
    }
  }

  /** {@code value} read by {@code clientId}: a future's task is held for it until it takes it. */
  private SharedValue handOut(SharedValue value, String clientId) {
    if (value.key() != null) {
      holds.hold(Holds.handover(clientId), value.key());
    }
    return value;
  }
}

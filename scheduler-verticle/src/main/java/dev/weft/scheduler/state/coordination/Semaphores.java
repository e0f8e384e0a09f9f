package dev.weft.scheduler.state.coordination;

import dev.weft.protocol.SemaphoreRequest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Semaphores and locks (dask's {@code SemaphoreExtension}; a lock is a semaphore of one lease).
 * A lease belongs to the client that took it: it goes when that client goes or falls silent for
 * the lease timeout (its heartbeats are the lease's refresh), so a dead holder never blocks the
 * others for ever. Waiting acquires are served oldest first whenever a lease is free.
 */
final class Semaphores {

  private final CoordinationHost host;
  private final Parking parking;
  /** Every semaphore made and not closed, by name. */
  private final Map<String, Semaphore> byName = new TreeMap<>();

  /** One semaphore. */
  private static final class Semaphore {
    /** Leases it may grant at once; fixed when it is made. */
    final int maxLeases;
    /** Lease id → the client holding it; at most {@link #maxLeases} entries. */
    final Map<String, String> leases = new LinkedHashMap<>();
    /** Acquires waiting, oldest first; non-empty only while every lease is held. */
    final ArrayDeque<Parked<SemaphoreRequest>> waiting = new ArrayDeque<>();
    /** Leases granted since it was made; only grows. */
    long acquired;
    /** Leases given back or expired since it was made; only grows. */
    long released;

    Semaphore(int maxLeases) {
      this.maxLeases = maxLeases;
    }
  }

  Semaphores(CoordinationHost host, Parking parking) {
    this.host = host;
    this.parking = parking;
  }

  void handle(SemaphoreRequest r, long id) {
    Semaphore s = byName.get(r.name());
    switch (r.op()) {
      case ACQUIRE -> acquire(s, r, id);
      case RELEASE -> release(s, r, id);
      case VALUE -> host.answer(id, Replies.count(s == null ? 0 : s.leases.size()));
      case CLOSE -> close(r.name(), id);
    }
  }

  private void acquire(Semaphore existing, SemaphoreRequest r, long id) {
    Semaphore s = existing;
    if (s == null) {
      if (byName.size() >= Limits.OBJECTS) {
        host.answer(id, Replies.error(Limits.tooMany("semaphores and locks")));
        return;
      }
      s = new Semaphore(r.maxLeases());
      byName.put(r.name(), s);
    } else if (s.maxLeases != r.maxLeases()) {
      host.answer(id, Replies.error("Inconsistent max leases for " + r.name() + ": " + r.maxLeases() + ", expected: " + s.maxLeases));
      return;
    }
    if (s.leases.containsKey(r.leaseId())) {
      host.answer(id, Replies.OK); // asked again: already granted
    } else if (s.waiting.isEmpty() && s.leases.size() < s.maxLeases) {
      grant(s, r.leaseId(), r.clientId());
      host.answer(id, Replies.OK);
    } else if (r.timeoutMillis() == 0) {
      host.answer(id, Replies.NOT_YET);
    } else if (parking.full()) {
      host.answer(id, Replies.error("too many waiting requests"));
    } else {
      Semaphore waitingOn = s;
      s.waiting.add(parking.park(id, r.clientId(), r.timeoutMillis(), r, gone -> {
        waitingOn.waiting.remove(gone);
        serve(waitingOn);
      }));
    }
  }

  private void release(Semaphore s, SemaphoreRequest r, long id) {
    if (s == null || s.leases.remove(r.leaseId()) == null) {
      host.answer(id, Replies.error("Released too often: lease " + r.leaseId() + " of " + r.name()
          + " is not held (released already, or it expired)"));
      return;
    }
    s.released++;
    host.answer(id, Replies.OK);
    serve(s);
  }

  /** dask's hard close: the semaphore goes with its leases; its waiters fail. */
  private void close(String name, long id) {
    Semaphore s = byName.remove(name);
    if (s != null) {
      for (Parked<SemaphoreRequest> p : new ArrayList<>(s.waiting)) {
        parking.answer(p, Replies.error("Semaphore " + name + " was closed"));
      }
      s.waiting.clear();
    }
    host.answer(id, Replies.OK);
  }

  private void grant(Semaphore s, String leaseId, String clientId) {
    s.leases.put(leaseId, clientId);
    s.acquired++;
  }

  /** Grants free leases to the oldest waiters. */
  private void serve(Semaphore s) {
    while (!s.waiting.isEmpty() && s.leases.size() < s.maxLeases) {
      Parked<SemaphoreRequest> p = s.waiting.poll();
      grant(s, p.request.leaseId(), p.clientId);
      parking.answer(p, Replies.OK);
    }
  }

  /** Drops the leases of every client that is gone or silent past the lease timeout. */
  void expireSilent() {
    dropLeases(host::silent);
  }

  /** {@code clientId} is gone: its leases go. */
  void clientGone(String clientId) {
    dropLeases(clientId::equals);
  }

  /** Drops the leases of the clients {@code of} accepts (counted as released) and serves the waiters. */
  private void dropLeases(Predicate<String> of) {
    for (Semaphore s : byName.values()) {
      if (s.leases.values().removeIf(of)) {
        s.released = s.acquired - s.leases.size();
        serve(s);
      }
    }
  }

  /** Every semaphore, by name. */
  List<SemaphoreView> views() {
    List<SemaphoreView> out = new ArrayList<>(byName.size());
    byName.forEach((name, s) -> out.add(new SemaphoreView(name, s.maxLeases, s.leases.size(), s.waiting.size(),
        s.acquired, s.released)));
    return out;
  }
}

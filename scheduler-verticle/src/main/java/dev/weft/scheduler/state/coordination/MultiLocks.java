package dev.weft.scheduler.state.coordination;

import dev.weft.protocol.MultiLockRequest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Multi-locks (dask's {@code MultiLockExtension}): a multi-lock queues on each of its locks and
 * holds them once it is first in the queues of the number it asked for. A multi-lock goes with its
 * client (gone, or silent past the lease timeout), so a dead holder never blocks the others.
 */
final class MultiLocks {

  private final CoordinationHost host;
  private final Parking parking;
  /** Lock name → the multi-locks queued on it, the first holding it; no empty queues. */
  private final Map<String, List<String>> queues = new HashMap<>();
  /** Every multi-lock holding or waiting, by id. */
  private final Map<String, Holder> byId = new HashMap<>();

  /** One multi-lock's request. */
  private static final class Holder {
    /** The client that asked. */
    final String clientId;
    /** The locks it is queued on. */
    final Set<String> queuedOn = new LinkedHashSet<>();
    /** Locks it still needs; 0 once it holds enough. */
    int left;
    /** Its acquire while it waits; null once answered. */
    Parked<MultiLockRequest> waiting;

    Holder(String clientId, int left) {
      this.clientId = clientId;
      this.left = left;
    }
  }

  MultiLocks(CoordinationHost host, Parking parking) {
    this.host = host;
    this.parking = parking;
  }

  void handle(MultiLockRequest r, long id) {
    if (r.op() == MultiLockRequest.Op.RELEASE) {
      if (byId.containsKey(r.lockId())) {
        host.answer(id, Replies.OK);
        refrain(r.lockId());
      } else {
        host.answer(id, Replies.error("multi-lock " + r.lockId() + " is not acquired"));
      }
    } else if (byId.containsKey(r.lockId())) {
      host.answer(id, Replies.error("multi-lock " + r.lockId() + " is acquired or waiting already"));
    } else if (queues.size() + r.names().size() > Limits.OBJECTS) {
      host.answer(id, Replies.error(Limits.tooMany("locks")));
    } else if (request(r)) {
      host.answer(id, Replies.OK);
    } else if (r.timeoutMillis() == 0 || parking.full()) {
      refrain(r.lockId());
      host.answer(id, r.timeoutMillis() == 0 ? Replies.NOT_YET : Replies.error("too many waiting requests"));
    } else {
      byId.get(r.lockId()).waiting = parking.park(id, r.clientId(), r.timeoutMillis(), r, gone -> refrain(r.lockId()));
    }
  }

  /** Queues {@code r} on its locks, shortest queues first; true when it holds enough of them at once. */
  private boolean request(MultiLockRequest r) {
    Holder h = new Holder(r.clientId(), r.numLocks());
    byId.put(r.lockId(), h);
    List<String> names = new ArrayList<>(r.names());
    names.sort(Comparator.comparingInt(n -> queues.getOrDefault(n, List.of()).size()));
    for (String name : names) {
      List<String> queue = queues.computeIfAbsent(name, n -> new ArrayList<>());
      queue.add(r.lockId());
      h.queuedOn.add(name);
      if (queue.size() == 1 && --h.left == 0) {
        return true; // enough: it does not queue on the rest
      }
    }
    return false;
  }

  /** Takes multi-lock {@code lockId} out of every queue; the next in each may now hold enough. */
  private void refrain(String lockId) {
    Holder h = byId.remove(lockId);
    if (h == null) {
      return;
    }
    List<Holder> ready = new ArrayList<>();
    for (String name : h.queuedOn) {
      List<String> queue = queues.get(name);
      boolean wasFirst = queue.get(0).equals(lockId);
      queue.remove(lockId);
      if (queue.isEmpty()) {
        queues.remove(name);
      } else if (wasFirst) {
        Holder next = byId.get(queue.get(0));
        if (next.left > 0 && --next.left == 0) {
          ready.add(next);
        }
      }
    }
    for (Holder next : ready) {
      if (next.waiting != null) {
        parking.answer(next.waiting, Replies.OK);
        next.waiting = null;
      }
    }
  }

  /** Releases the multi-locks held (not waiting) by clients gone or silent past the lease timeout. */
  void expireSilent() {
    for (String id : new ArrayList<>(byId.keySet())) {
      Holder h = byId.get(id);
      if (h != null && h.waiting == null && host.silent(h.clientId)) {
        refrain(id);
      }
    }
  }

  /** {@code clientId} is gone: its multi-locks go (its waiting ones left with their requests). */
  void clientGone(String clientId) {
    for (String id : new ArrayList<>(byId.keySet())) {
      Holder h = byId.get(id);
      if (h != null && h.clientId.equals(clientId)) {
        refrain(id);
      }
    }
  }
}

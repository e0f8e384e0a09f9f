package dev.weft.scheduler.state.coordination;

import dev.weft.protocol.Coordination;
import dev.weft.protocol.QueueRequest;
import dev.weft.protocol.SharedValue;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Queues (dask's {@code QueueExtension}): first in, first out, shared by every client and
 * outliving the one that made them. A future put in a queue keeps its task (the queue's holder
 * wants it) until it is taken; then it is held for the taker until the taker holds a future itself.
 * Getters and putters wait oldest first: a getter of n items until n are there, a putter while the
 * queue is full.
 */
final class Queues {

  private final CoordinationHost host;
  private final Parking parking;
  private final Holds holds;
  /** Every queue made, by name. */
  private final Map<String, Queue> byName = new TreeMap<>();

  /** One queue. */
  private static final class Queue {
    /** The pseudo-client keeping the tasks of its futures. */
    final String holder;
    /** Most items it holds. */
    final int capacity;
    /** Its items, oldest first; at most {@link #capacity}. */
    final ArrayDeque<SharedValue> items = new ArrayDeque<>();
    /** Gets waiting, oldest first; the first wants more items than there are. */
    final ArrayDeque<Parked<QueueRequest>> getters = new ArrayDeque<>();
    /** Puts waiting, oldest first, each item held already; non-empty only while full. */
    final ArrayDeque<Parked<QueueRequest>> putters = new ArrayDeque<>();

    Queue(String holder, int capacity) {
      this.holder = holder;
      this.capacity = capacity;
    }
  }

  Queues(CoordinationHost host, Parking parking, Holds holds) {
    this.host = host;
    this.parking = parking;
    this.holds = holds;
  }

  void handle(QueueRequest r, long id) {
    Queue q = byName.get(r.name());
    if (q == null) {
      if (byName.size() >= Limits.OBJECTS) {
        host.answer(id, Replies.error(Limits.tooMany("queues")));
        return;
      }
      q = new Queue(Holds.queue(r.name()), r.maxsize() == 0 ? Coordination.MAX_QUEUE_ITEMS : r.maxsize());
      byName.put(r.name(), q);
    }
    switch (r.op()) {
      case PUT -> put(q, r, id);
      case GET -> get(q, r, id);
      case GET_ALL -> host.answer(id, Replies.values(take(q, q.items.size(), r.clientId())));
      case QSIZE -> host.answer(id, Replies.count(q.items.size()));
    }
  }

  private void put(Queue q, QueueRequest r, long id) {
    String key = r.item().key();
    if (key != null && !holds.hold(q.holder, key)) {
      host.answer(id, Replies.error("Task " + key + " unknown to scheduler"));
    } else if (q.putters.isEmpty() && q.items.size() < q.capacity) {
      q.items.add(r.item());
      host.answer(id, Replies.OK);
      serve(q);
    } else if (r.timeoutMillis() == 0 || parking.full()) {
      unhold(q, r.item());
      host.answer(id, r.timeoutMillis() == 0 ? Replies.NOT_YET : Replies.error("too many waiting requests"));
    } else {
      q.putters.add(parking.park(id, r.clientId(), r.timeoutMillis(), r, gone -> {
        q.putters.remove(gone);
        unhold(q, gone.request.item());
      }));
    }
  }

  private void get(Queue q, QueueRequest r, long id) {
    if (r.count() > q.capacity) {
      host.answer(id, Replies.error("cannot get " + r.count() + " items at once from queue " + r.name()
          + ", which holds at most " + q.capacity));
    } else if (q.getters.isEmpty() && q.items.size() >= r.count()) {
      host.answer(id, Replies.values(take(q, r.count(), r.clientId())));
      serve(q);
    } else if (r.timeoutMillis() == 0 || parking.full()) {
      host.answer(id, r.timeoutMillis() == 0 ? Replies.NOT_YET : Replies.error("too many waiting requests"));
    } else {
      q.getters.add(parking.park(id, r.clientId(), r.timeoutMillis(), r, gone -> {
        q.getters.remove(gone);
        serve(q);
      }));
    }
  }

  /** Serves waiting getters and putters, oldest first, while any can be. */
  private void serve(Queue q) {
    boolean moved = true;
    while (moved) {
      moved = false;
      while (!q.getters.isEmpty() && q.items.size() >= q.getters.peek().request.count()) {
        Parked<QueueRequest> p = q.getters.poll();
        parking.answer(p, Replies.values(take(q, p.request.count(), p.clientId)));
        moved = true;
      }
      while (!q.putters.isEmpty() && q.items.size() < q.capacity) {
        Parked<QueueRequest> p = q.putters.poll();
        q.items.add(p.request.item());
        parking.answer(p, Replies.OK);
        moved = true;
      }
    }
  }

  /** Takes the {@code n} oldest items for {@code clientId}: the futures among them are held for it. */
  private List<SharedValue> take(Queue q, int n, String clientId) {
    List<SharedValue> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      SharedValue item = q.items.poll();
      if (item.key() != null) {
        holds.move(q.holder, Holds.handover(clientId), item.key());
      }
      out.add(item);
    }
    return out;
  }

  private void unhold(Queue q, SharedValue item) {
    if (item.key() != null) {
      holds.release(q.holder, item.key());
    }
  }

  /** Items in each queue, by name. */
  Map<String, Integer> lengths() {
    Map<String, Integer> out = new LinkedHashMap<>();
    byName.forEach((name, q) -> out.put(name, q.items.size()));
    return out;
  }
}

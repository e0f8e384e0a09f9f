package dev.weft.client.coordination;

import dev.weft.client.WeftTimeoutException;
import dev.weft.protocol.Coordination;
import dev.weft.protocol.CoordinationReply;
import dev.weft.protocol.QueueRequest;
import dev.weft.protocol.QueueRequest.Op;
import dev.weft.protocol.SharedValue;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A first-in first-out queue on the scheduler (dask's {@code Queue}), shared by every client and
 * task and outliving the client that made it. Items are {@link dev.weft.client.TaskFuture}s (the
 * value stays on its worker, and the task is kept until the item is taken; the taker gets a future
 * of its own) or small values, which travel through the scheduler. Obtain one with
 * {@code client.queue(name)} or {@code client.queue(name, maxsize)}; every method returns at once.
 *
 * @param <T> the items' type
 */
public final class Queue<T> extends Named {

  private static final long serialVersionUID = 1L;

  private final int maxsize;

  /** The queue {@code name} holding at most {@code maxsize} items (0: unbounded), reached through {@code channel}. */
  public Queue(SchedulerChannel channel, String name, int maxsize) {
    super(channel, name, "queue");
    if (maxsize < 0 || maxsize > Coordination.MAX_QUEUE_ITEMS) {
      throw new IllegalArgumentException("maxsize must be 0 (unbounded) to " + Coordination.MAX_QUEUE_ITEMS + ", got " + maxsize);
    }
    this.maxsize = maxsize;
  }

  /** Adds {@code item}, waiting as long as the queue is full. */
  public Future<Void> put(T item) {
    return put(item, null);
  }

  /** Adds {@code item}, waiting at most {@code timeout} while the queue is full; fails with {@link WeftTimeoutException} after it. */
  public Future<Void> put(T item, Duration timeout) {
    SchedulerChannel channel = channel();
    SharedValue shared = channel.share(item);
    return Waits.until(channel, timeout, wait -> request(channel, Op.PUT, shared, 0, wait))
        .compose(reply -> reply.ok() ? Future.<Void>succeededFuture() : timedOut("put", timeout));
  }

  /** Takes the oldest item, waiting as long as it takes. */
  public Future<T> get() {
    return get(null);
  }

  /** Takes the oldest item, waiting at most {@code timeout}; fails with {@link WeftTimeoutException} after it. */
  public Future<T> get(Duration timeout) {
    return take(1, timeout).map(items -> items.get(0));
  }

  /** Takes every item there is now (perhaps none), oldest first (dask's {@code get(batch=True)}). */
  public Future<List<T>> getBatch() {
    SchedulerChannel channel = channel();
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    return Waits.once(channel, request(channel, Op.GET_ALL, null, 0, 0), 0).map(reply -> values(channel, reply, loader));
  }

  /** Takes the {@code n} oldest items, waiting until there are that many (dask's {@code get(batch=n)}). */
  public Future<List<T>> getBatch(int n) {
    if (n < 1 || n > Coordination.MAX_QUEUE_ITEMS) {
      return Future.failedFuture(new IllegalArgumentException("batch must be 1 to " + Coordination.MAX_QUEUE_ITEMS + ", got " + n));
    }
    return take(n, null);
  }

  /** The number of items in the queue now. */
  public Future<Integer> qsize() {
    SchedulerChannel channel = channel();
    return Waits.once(channel, request(channel, Op.QSIZE, null, 0, 0), 0).map(reply -> (int) reply.count());
  }

  private Future<List<T>> take(int n, Duration timeout) {
    SchedulerChannel channel = channel();
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    return Waits.until(channel, timeout, wait -> request(channel, Op.GET, null, n, wait))
        .compose(reply -> reply.ok() ? Future.succeededFuture(values(channel, reply, loader)) : timedOut("get", timeout));
  }

  private List<T> values(SchedulerChannel channel, CoordinationReply reply, ClassLoader loader) {
    List<T> out = new ArrayList<>(reply.values().size());
    for (SharedValue v : reply.values()) {
      out.add(channel.unshare(v, loader));
    }
    return out;
  }

  private QueueRequest request(SchedulerChannel channel, Op op, SharedValue item, int count, long wait) {
    return new QueueRequest(channel.clientId(), op, name(), maxsize, item, count, wait);
  }

  private <R> Future<R> timedOut(String what, Duration timeout) {
    return Future.failedFuture(new WeftTimeoutException("Queue " + name() + ": " + what + " timed out after " + timeout.toMillis() + " ms"));
  }

  @Override
  public String toString() {
    return "Queue(\"" + name() + "\", maxsize=" + maxsize + ")";
  }
}

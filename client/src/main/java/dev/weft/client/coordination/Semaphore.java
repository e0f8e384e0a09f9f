package dev.weft.client.coordination;

import dev.weft.client.WeftException;
import dev.weft.protocol.Coordination;
import dev.weft.protocol.SemaphoreRequest;
import dev.weft.protocol.SemaphoreRequest.Op;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.Deque;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * A semaphore on the scheduler (dask's {@code Semaphore}): at most {@code maxLeases} leases of
 * {@code name} are held at once, by any clients and tasks. A lease belongs to the client that took
 * it and is refreshed by that client's heartbeats: when the client (or the worker JVM it runs in)
 * dies, its leases go within the scheduler's lease timeout, so a dead holder never blocks the
 * others. Releasing more leases than this object acquired fails. Obtain one with
 * {@code client.semaphore(name, maxLeases)}; every method returns at once.
 */
public final class Semaphore extends Named {

  private static final long serialVersionUID = 1L;

  private final int maxLeases;
  /** The leases this object holds, oldest first (a copy sent to a task starts with none). */
  private transient volatile Deque<String> leases = new ConcurrentLinkedDeque<>();

  /** The semaphore {@code name} of {@code maxLeases} leases, reached through {@code channel}. */
  public Semaphore(SchedulerChannel channel, String name, int maxLeases) {
    super(channel, name, "semaphore");
    if (maxLeases < 1 || maxLeases > Coordination.MAX_LEASES) {
      throw new IllegalArgumentException("maxLeases must be 1 to " + Coordination.MAX_LEASES + ", got " + maxLeases);
    }
    this.maxLeases = maxLeases;
  }

  /** Leases it grants at once. */
  public int maxLeases() {
    return maxLeases;
  }

  /** Takes a lease, waiting as long as it takes; completes with true. */
  public Future<Boolean> acquire() {
    return acquire(null);
  }

  /**
   * Takes a lease, waiting at most {@code timeout} (null: no limit; zero: only if one is free now);
   * completes with whether it got one.
   */
  public Future<Boolean> acquire(Duration timeout) {
    String lease = UUID.randomUUID().toString();
    SchedulerChannel channel = channel();
    return Waits.until(channel, timeout, wait -> request(channel, Op.ACQUIRE, lease, wait))
        .map(reply -> {
          if (reply.ok()) {
            leases().add(lease);
          }
          return reply.ok();
        })
        .onFailure(e -> channel.tell(request(channel, Op.RELEASE, lease, 0))); // granted after all? give it back
  }

  /** Gives back the oldest lease this object holds; fails with {@link WeftException} when it holds none. */
  public Future<Void> release() {
    String lease = leases().pollFirst();
    if (lease == null) {
      return Future.failedFuture(new WeftException("Released too often: this " + kind() + " holds no lease of " + name()));
    }
    SchedulerChannel channel = channel();
    return Waits.once(channel, request(channel, Op.RELEASE, lease, 0), 0).mapEmpty();
  }

  /** The number of leases held now, by anyone. */
  public Future<Integer> getValue() {
    SchedulerChannel channel = channel();
    return Waits.once(channel, request(channel, Op.VALUE, "", 0), 0).map(reply -> (int) reply.count());
  }

  /** Drops the semaphore on the scheduler with its leases (dask's hard close); its waiters fail. */
  public Future<Void> close() {
    SchedulerChannel channel = channel();
    leases().clear();
    return Waits.once(channel, request(channel, Op.CLOSE, "", 0), 0).mapEmpty();
  }

  private SemaphoreRequest request(SchedulerChannel channel, Op op, String lease, long wait) {
    return new SemaphoreRequest(channel.clientId(), op, name(), maxLeases, lease, wait);
  }

  private String kind() {
    return maxLeases == 1 ? "lock" : "semaphore";
  }

  private Deque<String> leases() {
    Deque<String> held = leases;
    if (held == null) {
      synchronized (this) {
        if (leases == null) {
          leases = new ConcurrentLinkedDeque<>();
        }
        held = leases;
      }
    }
    return held;
  }

  @Override
  public String toString() {
    return "Semaphore(\"" + name() + "\", maxLeases=" + maxLeases + ")";
  }
}

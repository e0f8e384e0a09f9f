package dev.weft.client.coordination;

import dev.weft.client.WeftException;
import dev.weft.protocol.MultiLockRequest;
import dev.weft.protocol.MultiLockRequest.Op;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

/**
 * Several locks taken together (dask's {@code MultiLock}): it queues on each of its locks and holds
 * them once it is first in line on all of them (or on {@code numLocks} of them), so two multi-locks
 * over shared locks never deadlock. It goes with its client. Obtain one with
 * {@code client.multiLock(names)}; every method returns at once.
 */
public final class MultiLock extends Bound {

  private static final long serialVersionUID = 1L;

  private final List<String> names;
  /** This object's id on the scheduler (a copy sent to a task gets its own). */
  private transient volatile String id = UUID.randomUUID().toString();
  /** Whether this object holds its locks. */
  private transient volatile boolean held;

  /** The multi-lock over the locks {@code names} (distinct), reached through {@code channel}. */
  public MultiLock(SchedulerChannel channel, List<String> names) {
    super(channel);
    if (names.isEmpty() || names.size() > dev.weft.protocol.Coordination.MAX_LOCKS
        || new LinkedHashSet<>(names).size() != names.size()) {
      throw new IllegalArgumentException("a multi-lock names 1 to " + dev.weft.protocol.Coordination.MAX_LOCKS
          + " distinct locks, got " + names);
    }
    names.forEach(n -> checkName(n, "lock"));
    this.names = List.copyOf(names);
  }

  /** The names of its locks. */
  public List<String> names() {
    return names;
  }

  /** Takes every lock, waiting as long as it takes; completes with true. */
  public Future<Boolean> acquire() {
    return acquire(null, names.size());
  }

  /** Takes every lock, waiting at most {@code timeout}; completes with whether it got them. */
  public Future<Boolean> acquire(Duration timeout) {
    return acquire(timeout, names.size());
  }

  /** Takes {@code numLocks} of its locks, waiting at most {@code timeout} (null: no limit); completes with whether it got them. */
  public Future<Boolean> acquire(Duration timeout, int numLocks) {
    if (numLocks < 1 || numLocks > names.size()) {
      return Future.failedFuture(new IllegalArgumentException("numLocks must be 1 to " + names.size() + ", got " + numLocks));
    }
    if (held) {
      return Future.failedFuture(new WeftException("this multi-lock is acquired already"));
    }
    SchedulerChannel channel = channel();
    String lockId = id();
    return Waits.until(channel, timeout, wait -> new MultiLockRequest(channel.clientId(), Op.ACQUIRE, names, lockId, numLocks, wait))
        .map(reply -> {
          held = reply.ok();
          return reply.ok();
        });
  }

  /** Gives back every lock it holds; fails with {@link WeftException} when it holds none. */
  public Future<Void> release() {
    if (!held) {
      return Future.failedFuture(new WeftException("Lock is not yet acquired"));
    }
    held = false;
    SchedulerChannel channel = channel();
    return Waits.once(channel, new MultiLockRequest(channel.clientId(), Op.RELEASE, List.of(), id(), 0, 0), 0).mapEmpty();
  }

  /** Whether this object holds its locks. */
  public boolean locked() {
    return held;
  }

  private String id() {
    String lockId = id;
    if (lockId == null) {
      lockId = UUID.randomUUID().toString();
      id = lockId;
    }
    return lockId;
  }

  @Override
  public String toString() {
    return "MultiLock(" + names + ")";
  }
}

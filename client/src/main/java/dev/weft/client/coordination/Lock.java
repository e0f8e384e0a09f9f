package dev.weft.client.coordination;

import io.vertx.core.Future;
import java.io.Serializable;
import java.time.Duration;

/**
 * A lock on the scheduler (dask's {@code Lock}): a {@link Semaphore} of one lease, so one holder at
 * a time across every client and task. Not reentrant: acquiring it again waits like anyone else.
 * Its lease goes with its holder's client (or worker JVM), within the scheduler's lease timeout.
 * Obtain one with {@code client.lock(name)}; every method returns at once.
 */
public final class Lock implements Serializable {

  private static final long serialVersionUID = 1L;

  private final Semaphore semaphore;

  /** The lock {@code name}, reached through {@code channel}. */
  public Lock(SchedulerChannel channel, String name) {
    this.semaphore = new Semaphore(channel, name, 1);
  }

  /** Its name. */
  public String name() {
    return semaphore.name();
  }

  /** Takes the lock, waiting as long as it takes; completes with true. */
  public Future<Boolean> acquire() {
    return semaphore.acquire();
  }

  /** Takes the lock, waiting at most {@code timeout} (zero: only if free now); completes with whether it got it. */
  public Future<Boolean> acquire(Duration timeout) {
    return semaphore.acquire(timeout);
  }

  /** Gives the lock back; fails with {@link dev.weft.client.WeftException} when this object does not hold it. */
  public Future<Void> release() {
    return semaphore.release();
  }

  /** Whether anyone holds the lock now. */
  public Future<Boolean> locked() {
    return semaphore.getValue().map(n -> n == 1);
  }

  @Override
  public String toString() {
    return "Lock(\"" + name() + "\")";
  }
}

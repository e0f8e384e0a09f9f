package dev.weft.protocol;

/**
 * About the semaphore {@code name} (dask's {@code Semaphore}; a {@code Lock} is a semaphore of one
 * lease), made on first use with {@code maxLeases} (asking with another number is an error).
 * ACQUIRE takes lease {@code leaseId}, waiting up to {@code timeoutMillis} (answer ok when taken;
 * asking again for a lease already held is answered ok, so a retry is harmless); RELEASE gives it
 * back (an error when it is not held: released already, or expired); VALUE counts the leases held;
 * CLOSE drops the semaphore with its leases, and fails its waiters. {@code leaseId} is "" for VALUE
 * and CLOSE.
 */
public record SemaphoreRequest(String clientId, Op op, String name, int maxLeases, String leaseId, long timeoutMillis)
    implements Coordination {

  /** What is asked. */
  public enum Op { ACQUIRE, RELEASE, VALUE, CLOSE }
}

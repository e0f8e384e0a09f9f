package dev.weft.protocol;

import java.util.List;

/**
 * About the multi-lock {@code lockId} (dask's {@code MultiLock}): ACQUIRE queues it on each of the
 * locks {@code names} and is answered ok once it holds {@code numLocks} of them, waiting up to
 * {@code timeoutMillis} (then it leaves every queue); RELEASE gives back every lock it holds or
 * waits for ({@code names} empty, {@code numLocks} 0).
 */
public record MultiLockRequest(String clientId, Op op, List<String> names, String lockId, int numLocks, long timeoutMillis)
    implements Coordination {

  /** What is asked. */
  public enum Op { ACQUIRE, RELEASE }
}

package dev.weft.scheduler.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.protocol.ClientGoodbye;
import dev.weft.protocol.MultiLockRequest;
import dev.weft.protocol.SemaphoreRequest;
import dev.weft.protocol.SemaphoreRequest.Op;
import dev.weft.scheduler.state.coordination.SemaphoreView;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Semaphores, locks and multi-locks in the pure state, with dask's semantics: never more holders
 * than leases, waiters served oldest first when a lease is freed, timeouts answered on the tick,
 * over-release refused, and a holder that goes or falls silent for the lease timeout releases.
 */
class CoordinationLocksTest extends CoordinationScenario {

  private static final long LEASE_TIMEOUT = SchedulerConfig.defaults().leaseTimeoutMillis();

  private static SemaphoreRequest acquire(String client, String name, int max, String lease, long timeout) {
    return new SemaphoreRequest(client, Op.ACQUIRE, name, max, lease, timeout);
  }

  private static SemaphoreRequest release(String client, String name, int max, String lease) {
    return new SemaphoreRequest(client, Op.RELEASE, name, max, lease, 0);
  }

  private static SemaphoreRequest value(String client, String name) {
    return new SemaphoreRequest(client, Op.VALUE, name, 1, "", 0);
  }

  @Test
  void aLockHasOneHolderAndItsNextWaiterGetsItOnRelease() {
    assertEquals(List.of(answer(1, ok())), ask(acquire(C, "L", 1, "a", 10_000)));
    assertEquals(List.of(), ask(acquire(C2, "L", 1, "b", 10_000)));
    assertEquals(List.of(), ask(acquire(C3, "L", 1, "c", 10_000)));
    assertEquals(List.of(answer(4, count(1))), ask(value(C, "L")));
    assertEquals(List.of(answer(5, ok()), answer(2, ok())), ask(release(C, "L", 1, "a")));
    assertEquals(List.of(answer(6, ok()), answer(3, ok())), ask(release(C2, "L", 1, "b")));
    assertEquals(List.of(new SemaphoreView("L", 1, 1, 0, 3, 2)), state.coordination().semaphores());
  }

  @Test
  void aSemaphoreOfTwoNeverGrantsAThirdLease() {
    ask(acquire(C, "db", 2, "a", 0));
    ask(acquire(C2, "db", 2, "b", 0));
    assertEquals(List.of(answer(3, notYet())), ask(acquire(C3, "db", 2, "c", 0)), "no wait: not acquired");
    assertEquals(List.of(), ask(acquire(C3, "db", 2, "c", 5_000)));
    assertEquals(List.of(answer(5, count(2))), ask(value(C, "db")));
    assertEquals(List.of(new SemaphoreView("db", 2, 2, 1, 2, 0)), state.coordination().semaphores());
  }

  @Test
  void aWaitingAcquireIsAnsweredNotYetOnTheFirstTickPastItsDeadline() {
    ask(acquire(C, "L", 1, "a", 0));
    askAt(1_000, acquire(C2, "L", 1, "b", 500));
    assertEquals(List.of(), answers(tick(1_499)));
    assertEquals(List.of(answer(2, notYet())), answers(tick(1_500)));
    assertEquals(List.of(answer(3, ok())), ask(release(C, "L", 1, "a")), "the timed-out acquire is not served");
    assertEquals(List.of(answer(4, count(0))), ask(value(C, "L")));
  }

  @Test
  void releasingMoreThanAcquiredIsAnError() {
    ask(acquire(C, "L", 1, "a", 0));
    assertEquals(List.of(answer(2, ok())), ask(release(C, "L", 1, "a")));
    assertEquals(List.of(answer(3, error("Released too often: lease a of L is not held (released already, or it expired)"))),
        ask(release(C, "L", 1, "a")));
    assertEquals(List.of(answer(4, error("Released too often: lease x of never is not held (released already, or it expired)"))),
        ask(release(C, "never", 1, "x")));
  }

  @Test
  void askingAgainForAHeldLeaseIsAnsweredOkAndAnotherMaximumIsAnError() {
    ask(acquire(C, "L", 1, "a", 0));
    assertEquals(List.of(answer(2, ok())), ask(acquire(C, "L", 1, "a", 0)));
    assertEquals(List.of(answer(3, count(1))), ask(value(C, "L")));
    assertEquals(List.of(answer(4, error("Inconsistent max leases for L: 3, expected: 1"))), ask(acquire(C2, "L", 3, "b", 0)));
  }

  @Test
  void aLeaseExpiresWhenItsClientIsSilentForTheLeaseTimeout() {
    ask(acquire(C, "L", 1, "a", 0));
    askAt(1_000, acquire(C2, "L", 1, "b", 60_000));
    beat(C2, LEASE_TIMEOUT);
    assertEquals(List.of(), answers(tick(LEASE_TIMEOUT)), "C was heard from at 0: not silent yet");
    beat(C2, LEASE_TIMEOUT + 1);
    assertEquals(List.of(answer(2, ok())), answers(tick(LEASE_TIMEOUT + 1)), "C silent past the lease timeout");
    assertEquals(List.of(answer(3, error("Released too often: lease a of L is not held (released already, or it expired)"))),
        ask(release(C, "L", 1, "a")));
  }

  @Test
  void heartbeatsRefreshALease() {
    ask(acquire(C, "L", 1, "a", 0));
    for (long t = 10_000; t <= 3 * LEASE_TIMEOUT; t += 10_000) {
      beat(C, t);
      tick(t);
    }
    assertEquals(List.of(answer(2, count(1))), ask(value(C, "L")));
  }

  @Test
  void aClientThatLeavesReleasesItsLeasesAndItsWaitsAreForgotten() {
    ask(acquire(C, "L", 1, "a", 0));
    ask(acquire(C2, "L", 1, "b", 10_000));
    ask(acquire(C3, "L", 1, "c", 10_000));
    assertEquals(List.of(forgotten(2)), answers(handle(new ClientGoodbye(C2))));
    assertEquals(List.of(answer(3, ok())), answers(handle(new ClientGoodbye(C))));
    assertEquals(List.of(answer(4, count(1))), ask(value(C3, "L")));
  }

  @Test
  void closingASemaphoreFailsItsWaiters() {
    ask(acquire(C, "L", 1, "a", 0));
    ask(acquire(C2, "L", 1, "b", 10_000));
    assertEquals(List.of(answer(2, error("Semaphore L was closed")), answer(3, ok())),
        ask(new SemaphoreRequest(C, Op.CLOSE, "L", 1, "", 0)));
    assertEquals(List.of(), state.coordination().semaphores());
  }

  // ---------------------------------------------------------------- multi-locks

  private static MultiLockRequest multi(String client, String id, int numLocks, long timeout, String... names) {
    return new MultiLockRequest(client, MultiLockRequest.Op.ACQUIRE, List.of(names), id, numLocks, timeout);
  }

  private static MultiLockRequest unlock(String client, String id) {
    return new MultiLockRequest(client, MultiLockRequest.Op.RELEASE, List.of(), id, 0, 0);
  }

  @Test
  void aMultiLockHoldsAllItsLocksAndTheNextGetsThemWhenReleased() {
    assertEquals(List.of(answer(1, ok())), ask(multi(C, "m1", 2, 0, "a", "b")));
    assertEquals(List.of(answer(2, notYet())), ask(multi(C2, "m2", 1, 0, "b")));
    assertEquals(List.of(), ask(multi(C2, "m2", 2, 10_000, "b", "c")));
    assertEquals(List.of(answer(4, ok())), ask(multi(C3, "m3", 1, 0, "c", "d")), "m2 is first on c, d is free");
    assertEquals(List.of(answer(5, ok()), answer(3, ok())), ask(unlock(C, "m1")), "m2 is first on b now too");
    assertEquals(List.of(answer(6, error("multi-lock m1 is not acquired"))), ask(unlock(C, "m1")));
  }

  @Test
  void aMultiLockNeedingSomeOfItsLocksTakesTheFreeOnes() {
    ask(multi(C, "m1", 1, 0, "a"));
    assertEquals(List.of(answer(2, ok())), ask(multi(C2, "m2", 2, 0, "a", "b", "c")));
    assertEquals(List.of(answer(3, notYet())), ask(multi(C3, "m3", 1, 0, "b")));
    assertEquals(List.of(), ask(multi(C3, "m4", 1, 10_000, "a")));
    assertEquals(List.of(answer(5, ok()), answer(4, ok())), ask(unlock(C, "m1")), "m2 took b and c, never queued on a");
  }

  @Test
  void aWaitingMultiLockTimesOutAndLeavesItsQueues() {
    ask(multi(C, "m1", 1, 0, "a"));
    askAt(100, multi(C2, "m2", 1, 1_000, "a"));
    assertEquals(List.of(answer(2, notYet())), answers(tick(1_100)));
    assertEquals(List.of(answer(3, ok())), ask(unlock(C, "m1")));
    assertEquals(List.of(answer(4, ok())), ask(multi(C3, "m3", 1, 0, "a")), "m2 left the queue of a");
  }

  @Test
  void aMultiLockGoesWithItsClient() {
    ask(multi(C, "m1", 2, 0, "a", "b"));
    ask(multi(C2, "m2", 1, 10_000, "b"));
    assertEquals(List.of(answer(2, ok())), answers(handle(new ClientGoodbye(C))));
  }
}

package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.client.coordination.Lock;
import dev.weft.client.coordination.TopicEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A lock held by a task in a worker JVM that is SIGKILLed is not held for ever (dask's lease
 * timeout): another client acquires it within the lease timeout, and a subscriber of the
 * scheduler's "all" topic sees the worker's loss.
 */
@Tag("multi-jvm")
class LockHolderKilledTest {

  private static final Duration LEASE = Duration.ofSeconds(10);
  /** Slack for the scheduler's tick and a loaded machine beyond the lease timeout itself. */
  private static final Duration SLACK = Duration.ofSeconds(3);
  private static final Duration LONG = Duration.ofMinutes(3);

  /** Takes lock {@code name} and keeps it until its JVM dies. */
  static String holdUntilKilled(String name) throws InterruptedException {
    Lock lock = WorkerContext.current().client().lock(name);
    lock.acquire().await();
    Thread.sleep(Long.MAX_VALUE);
    return "never";
  }

  @Test
  void aLockHeldByASigkilledWorkerJvmIsAcquirableByAnotherWithinTheLeaseTimeout() {
    try (LocalCluster cluster = LocalCluster.builder().processes(true).nWorkers(2).threadsPerWorker(1)
            .leaseTimeout(LEASE).dashboardAddress(null).build();
         Client client = Client.connect(cluster)) {
      List<TopicEvent> seen = new CopyOnWriteArrayList<>();
      client.subscribeTopic("all", seen::add).await();
      TaskFuture<String> holder = client.task(LockHolderKilledTest::holdUntilKilled, "held")
          .workers("worker-1").pure(false).submit();
      Lock lock = client.lock("held");
      Poll.until(LONG, "the task in worker-1's JVM holds the lock", () -> lock.locked().await());
      assertFalse(lock.acquire(Duration.ZERO).await(), "held by the task");
      client.cancel(List.of(holder)).await(); // not run again once its worker dies

      long pid = cluster.workerPids().get("worker-1");
      assertTrue(ProcessHandle.of(pid).orElseThrow().destroyForcibly(), "SIGKILL sent");
      long killed = System.nanoTime();
      assertTrue(lock.acquire(LEASE.plus(SLACK)).await(), "acquired after the holder's JVM died");
      long waitedMillis = (System.nanoTime() - killed) / 1_000_000;
      assertTrue(waitedMillis < LEASE.plus(SLACK).toMillis(), "waited " + waitedMillis + " ms");
      lock.release().await();

      Poll.until(LONG, "a subscriber sees worker-1's loss: " + seen, () -> seen.stream().anyMatch(e ->
          e.message() instanceof Map<?, ?> m && "remove-worker".equals(m.get("action")) && "worker-1".equals(m.get("worker"))
              && Boolean.FALSE.equals(m.get("expected"))));
    }
  }
}

package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.protocol.KeyCancelled;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** dask's {@code Client.restart} and {@code retry}, on a real cluster. */
@ExtendWith(Gates.class)
class RestartAndRetryTest {

  /** Calls of {@link #flaky}; the first fails. */
  static final AtomicInteger FLAKY_CALLS = new AtomicInteger();

  /** Fails on its first call in this JVM (an input that is briefly unavailable), then returns {@code x}. */
  static int flaky(int x) {
    if (FLAKY_CALLS.getAndIncrement() == 0) {
      throw new IllegalStateException("input not there yet");
    }
    return x;
  }

  static long sleepLong(int seconds) throws InterruptedException {
    Thread.sleep(seconds * 1000L);
    return seconds;
  }

  private static String cancelReason(TaskFuture<?> f) {
    return assertThrows(CancelledTaskException.class, f::result).reason();
  }

  @Test
  void retryRerunsAFailedInputAndItsErredDependent() {
    FLAKY_CALLS.set(0);
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(2).threadsPerWorker(1).build();
         Client client = Client.connect(cluster)) {
      TaskFuture<Integer> input = client.submit(RestartAndRetryTest::flaky, 20);
      TaskFuture<Integer> out = client.submit(Demo::inc, input);
      assertInstanceOf(IllegalStateException.class, assertThrows(RemoteTaskException.class, out::result).getCause());
      assertEquals(FutureStatus.ERROR, input.status());

      out.retry().await();

      assertEquals(21, out.result(Duration.ofSeconds(60)));
      assertEquals(20, input.result(Duration.ofSeconds(60)), "the erred input the retried future stems from ran again too");
      assertEquals(2, FLAKY_CALLS.get());
      assertEquals(FutureStatus.FINISHED, out.status());

      out.retry().await();
      assertEquals(21, out.result(), "retrying a future that did not err changes nothing");
      assertEquals(2, FLAKY_CALLS.get());
    }
  }

  @Test
  void restartCancelsEveryClientsFuturesWithTheReasonAndTheClusterComputesAgain() {
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(2).threadsPerWorker(1).build();
         Client a = Client.connect(cluster);
         Client b = Client.connect(cluster)) {
      TaskFuture<Integer> done = a.submit(Demo::inc, 1);
      assertEquals(2, done.result(Duration.ofSeconds(60)));
      TaskFuture<Integer> running = a.submit(Gates::gated, 0);
      TaskFuture<Integer> waiting = a.submit(Demo::inc, running);
      TaskFuture<Integer> other = b.submit(Gates::gated, 1);
      Poll.until(Duration.ofSeconds(60), "both gated tasks running",
          () -> cluster.scheduler().tasksByState().getOrDefault("processing", 0L) >= 2);

      a.restart().await();

      assertEquals(KeyCancelled.SCHEDULER_RESTART, cancelReason(running));
      assertEquals(KeyCancelled.SCHEDULER_RESTART, cancelReason(waiting));
      assertEquals(KeyCancelled.SCHEDULER_RESTART, cancelReason(done), "as in dask, even a finished future");
      Poll.until(Duration.ofSeconds(60), "the other client's future cancelled", () -> other.status() == FutureStatus.CANCELLED);
      assertEquals(KeyCancelled.SCHEDULER_RESTART, cancelReason(other));
      assertEquals(2, cluster.workers().size());

      assertEquals(2, a.submit(Demo::inc, 1).result(Duration.ofSeconds(60)), "a key from before the restart computes again");
      assertEquals(List.of(11, 21), a.gather(a.map(Demo::inc, List.of(10, 20))).await());
      assertEquals(8, b.submit(Demo::add, 3, 5).result(Duration.ofSeconds(60)));
    }
  }

  @Test
  void restartStartsFreshWorkerJvmsThroughTheirNannies() {
    try (LocalCluster cluster = LocalCluster.builder().processes(true).nWorkers(1).threadsPerWorker(1).build();
         Client client = Client.connect(cluster)) {
      long before = cluster.workerPids().get("worker-0");
      TaskFuture<Long> longTask = client.submit(RestartAndRetryTest::sleepLong, 600);
      Poll.until(Duration.ofSeconds(60), "the long task running",
          () -> cluster.scheduler().tasksByState().getOrDefault("processing", 0L) >= 1);

      client.restart().await();

      assertEquals(KeyCancelled.SCHEDULER_RESTART, cancelReason(longTask));
      long after = cluster.workerPids().get("worker-0");
      assertNotEquals(before, after, "a fresh JVM");
      assertEquals(Map.of("worker-0", after), client.run(() -> ProcessHandle.current().pid()).await());
      assertEquals(0, cluster.nannyDeaths(), "a requested restart is not a death");
      assertEquals(2, client.submit(Demo::inc, 1).result(Duration.ofSeconds(60)));
    }
  }
}

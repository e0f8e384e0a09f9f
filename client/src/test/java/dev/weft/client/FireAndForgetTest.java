package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code fireAndForget}: the task runs to the end although every future on it was released. A
 * dependent waits behind a gated task, so without the fire-and-forget want the scheduler would
 * forget it before it ever runs.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FireAndForgetTest {

  /** Holds {@link #gated}; replaced before each test. */
  static volatile CountDownLatch gate;
  /** Runs of {@link #record}. */
  static final AtomicInteger RECORDED = new AtomicInteger();

  static int gated(int x) throws InterruptedException {
    gate.await();
    return x;
  }

  static int record(int x) {
    RECORDED.incrementAndGet();
    return x + 1;
  }

  @BeforeEach
  void reset() {
    gate = new CountDownLatch(1);
    RECORDED.set(0);
  }

  @AfterEach
  void openGate() {
    gate.countDown();
  }

  @Test
  void theSchedulerKeepsAReleasedTaskAndRunsIt() {
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(2).threadsPerWorker(2).build();
         Client client = Client.connect(cluster)) {
      TaskFuture<Integer> a = client.submit(FireAndForgetTest::gated, 1);
      TaskFuture<Integer> b = client.submit(FireAndForgetTest::record, a);
      client.fireAndForget(b);
      a.release();
      b.release();
      // a barrier: the scheduler handles this client's messages in order
      TaskFuture<Integer> marker = client.submit(Demo::inc, 0);
      assertEquals(1, marker.result());
      assertEquals(3L, cluster.scheduler().tasks(), "gated, record and the marker are all kept");

      gate.countDown();
      Poll.until(Duration.ofSeconds(30), "the forgotten-by-the-client task runs", () -> RECORDED.get() == 1);
      marker.release();
    }
  }

  @Test
  void theWantLapsesOnceTheTaskIsDone() {
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(2).threadsPerWorker(1).build();
         Client client = Client.connect(cluster)) {
      TaskFuture<Integer> a = client.submit(FireAndForgetTest::gated, 2);
      TaskFuture<Integer> b = client.submit(FireAndForgetTest::record, a);
      client.fireAndForget(b);
      a.release();
      b.release();
      gate.countDown();
      Poll.until(Duration.ofSeconds(30), "the task runs", () -> RECORDED.get() == 1);
      Poll.until(Duration.ofSeconds(30), "the scheduler forgets both tasks", () -> cluster.scheduler().tasks() == 0);
    }
  }

  @Test
  void readmeSnippet() {
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(2).threadsPerWorker(1).build()) {
      try (Client client = Client.connect(cluster)) {
        client.fireAndForget(client.submit(FireAndForgetTest::record, 41));   // runs even if this client leaves
      }
      Poll.until(Duration.ofSeconds(30), "the task runs", () -> RECORDED.get() == 1);
    }
  }

  @Test
  void theTaskSurvivesTheClientClosing() {
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(2).threadsPerWorker(1).build()) {
      try (Client client = Client.connect(cluster)) {
        TaskFuture<Integer> a = client.submit(FireAndForgetTest::gated, 3);
        client.fireAndForget(client.submit(FireAndForgetTest::record, a));
      }
      gate.countDown();
      Poll.until(Duration.ofSeconds(30), "the task runs after its client left", () -> RECORDED.get() == 1);
    }
  }
}

package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Every example of API.md's in-process "Starting", "Submitting work" and "TaskFuture" sections. */
class ApiExamplesTest {

  @Test
  void createStartsAndOwnsAnEmbeddedCluster() {
    try (Client client = Client.create()) {
      assertEquals(11, client.submit(x -> x + 1, 10).result());
      assertTrue(client.nthreads().await().values().stream().mapToInt(Integer::intValue).sum() >= 1);
    }
  }

  @Test
  void builderStartsTheDocumentedCluster() {
    try (LocalCluster cluster = LocalCluster.builder()
            .nWorkers(2).threadsPerWorker(1)
            .processes(false)
            .dashboardAddress(":8787")
            .memoryLimit("2GiB")
            .build();
         Client client = Client.connect(cluster)) {
      Map<String, WorkerInfo> workers = cluster.workers();
      assertEquals(List.of("worker-0", "worker-1"), List.copyOf(workers.keySet()));
      assertEquals(2L << 30, workers.get("worker-0").memoryLimit());
      assertEquals(1, workers.get("worker-1").nthreads());
      assertTrue(cluster.scheduler().toString().matches("<Scheduler: \".+\" workers: 2 cores: 2, tasks: \\d+>"),
          cluster.scheduler().toString());
      assertTrue(cluster.toString().matches("LocalCluster\\(\"weft-.+\", \"inproc://.+\", workers=2, threads=2, memory=.+\\)"), cluster.toString());
      assertEquals(4, client.submit(Demo::inc, 3).result());
    }
  }

  @Test
  void buildAsyncCompletesWithARunningCluster() {
    LocalCluster cluster = LocalCluster.builder().nWorkers(1).buildAsync().await();
    try (cluster; Client client = Client.connect(cluster)) {
      assertEquals(3, client.submit(Demo::add, 1, 2).result());
    }
  }

  @Test
  void connectThroughAnExistingVertx() {
    Vertx vertx = Vertx.vertx();
    try (LocalCluster cluster = LocalCluster.builder().vertx(vertx).nWorkers(1).build()) {
      Future<Client> c = Client.connect(vertx);
      try (Client client = c.await()) {
        assertEquals(8, client.submit(Demo::slow, 4).result());
      }
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void invalidBuilderValuesNameTheKey() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LocalCluster.builder().memoryLimit("lots").build());
    assertTrue(e.getMessage().startsWith("memoryLimit"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> LocalCluster.builder().nWorkers(-1).build());
    assertTrue(e.getMessage().startsWith("nWorkers"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> LocalCluster.builder().threadsPerWorker(0).build());
    assertTrue(e.getMessage().startsWith("threadsPerWorker"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> LocalCluster.builder().dashboardAddress("8787").build());
    assertTrue(e.getMessage().startsWith("dashboardAddress"), e.getMessage());
  }

  @Test
  void submittingWork() {
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(2).threadsPerWorker(1)
            .resources(Map.of("GPU", 1.0)).build();
         Client client = Client.connect(cluster)) {
      TaskFuture<Integer> a = client.submit(x -> x + 1, 10);
      TaskFuture<Integer> b = client.submit(Demo::add, a, 5);
      List<TaskFuture<Integer>> many = client.map(x -> x * 2, List.of(1, 2, 3));
      int v = b.result();
      TaskFuture<Integer> c = client.task(Demo::slow, 7)
          .key("slow-7").pure(false).priority(10).retries(2)
          .workers("worker-0").allowOtherWorkers(true)
          .resources(Map.of("GPU", 1.0))
          .submit();
      assertEquals(16, v);
      assertEquals(11, a.result());
      assertEquals(List.of(2, 4, 6), client.gather(many).await());
      assertEquals("slow-7", c.key());
      assertEquals(14, c.result());
      assertEquals(List.of("worker-0"), client.whoHas(List.of(c)).await().get("slow-7"));
    }
  }

  @Test
  void everyArgumentPositionTakesAValueOrAFuture() {
    try (Client client = Client.create()) {
      TaskFuture<Integer> one = client.submit(() -> 1);
      TaskFuture<Integer> two = client.submit(Demo::inc, one);
      Fn5<Integer, Integer, Integer, Integer, Integer, Integer> sum5 = (p, q, r, s, t) -> p + q + r + s + t;
      assertEquals(1 + 2 + 3 + 2 + 5, client.submit(sum5, one, two, 3, two, 5).result());
      Fn4<Integer, Integer, Integer, Integer, Integer> sum4 = (p, q, r, s) -> p + q + r + s;
      assertEquals(10, client.submit(sum4, 1, two, 3, 4).result());
      Fn3<String, Integer, Integer, String> join = (p, q, r) -> p + q + r;
      assertEquals("x12", client.submit(join, "x", one, two).result());
      assertEquals(3, client.submit((Integer p, Integer q) -> p + q, one, two).result());
    }
  }

  /** Holds a task until the test lets it go (static: task functions must be serializable). */
  static volatile CountDownLatch GATE;

  @Test
  void taskFutureApi() throws Exception {
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(1).threadsPerWorker(1).build();
         Client client = Client.connect(cluster)) {
      TaskFuture<Integer> f = client.submit(Demo::slow, 21);
      assertTrue(f.key().startsWith("slow-"), f.key());
      assertEquals(42, f.result());
      assertEquals(FutureStatus.FINISHED, f.status());
      assertTrue(f.done());
      assertTrue(f.isDone());
      assertEquals(42, f.result(Duration.ofSeconds(5)));
      assertNull(f.exception());
      assertEquals(42, f.future().await());
      assertEquals(42, f.single().blockingGet());
      assertEquals(42, f.toCompletionStage().toCompletableFuture().get());
      assertEquals(42, f.get());
      assertEquals(42, f.get(5, TimeUnit.SECONDS));
      assertFalse(f.cancel(true), "a finished future cannot be cancelled");

      CompletableFuture<String> calledOn = new CompletableFuture<>();
      f.onDone(done -> calledOn.complete(Thread.currentThread().getName() + ":" + done.result()));
      assertTrue(calledOn.get(5, TimeUnit.SECONDS).endsWith(":42"));

      GATE = new CountDownLatch(1);
      TaskFuture<Integer> blocker = client.task((Integer x) -> {
        GATE.await();
        return x;
      }, 1).pure(false).submit();
      TaskFuture<Integer> queued = client.submit(Demo::inc, 99);
      assertThrows(WeftTimeoutException.class, () -> queued.result(Duration.ofMillis(50)));
      assertThrows(TimeoutException.class, () -> queued.get(50, TimeUnit.MILLISECONDS));
      queued.cancel();
      assertEquals(FutureStatus.CANCELLED, queued.status());
      assertTrue(queued.isCancelled());
      assertThrows(CancelledTaskException.class, queued::result);
      assertThrows(CancellationException.class, queued::get);
      GATE.countDown();
      assertEquals(1, blocker.result());

      TaskFuture<Integer> other = client.submit(Demo::inc, 5);
      assertEquals(6, other.result());
      other.release();
      other.release();
      Poll.until(Duration.ofSeconds(10), "released key forgotten",
          () -> !client.whoHas().await().containsKey(other.key()));
    }
  }

  @Test
  void pureSubmissionsShareAKey() {
    try (Client client = Client.create()) {
      TaskFuture<Integer> a = client.submit(Demo::inc, 1);
      TaskFuture<Integer> b = client.submit(Demo::inc, 1);
      TaskFuture<Integer> c = client.submit(Demo::inc, 2);
      TaskFuture<Integer> d = client.task(Demo::inc, 1).pure(false).submit();
      assertEquals(a.key(), b.key());
      assertNotEquals(a.key(), c.key());
      assertNotEquals(a.key(), d.key());
      assertEquals(2, b.result());
    }
  }

  static final AtomicInteger EXECUTIONS = new AtomicInteger();

  static int counted(int x) {
    EXECUTIONS.incrementAndGet();
    return x * 10;
  }

  @Test
  void identicalPureSubmissionsExecuteOnceAndImpureOnesAgain() {
    try (Client client = Client.create()) {
      EXECUTIONS.set(0);
      TaskFuture<Integer> first = client.submit(ApiExamplesTest::counted, 7);
      assertEquals(70, first.result());
      TaskFuture<Integer> second = client.submit(ApiExamplesTest::counted, 7);
      assertEquals(first.key(), second.key());
      assertEquals(70, second.result());
      assertEquals(1, EXECUTIONS.get(), "a pure resubmission shares the first execution");
      assertEquals(70, client.task(ApiExamplesTest::counted, 7).pure(false).submit().result());
      assertEquals(2, EXECUTIONS.get(), "pure(false) executes again");
    }
  }
}

package dev.weft.client.rx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.client.Client;
import dev.weft.client.Demo;
import dev.weft.client.FutureStatus;
import dev.weft.client.LocalCluster;
import dev.weft.client.SchedulerInfo;
import dev.weft.client.TaskFuture;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.subscribers.TestSubscriber;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code client.rx()}: cold RxJava 3 types. The proof that nothing is sent before subscription is
 * a barrier: the scheduler handles one client's messages in order, so once a task submitted
 * afterwards has finished, anything an eager facade had sent would already be known to it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RxClientTest {

  /** Executions of {@link #counted}. */
  static final AtomicInteger CALLS = new AtomicInteger();
  /** Gate i holds {@code gated(i)}; replaced before each test. */
  static volatile CountDownLatch[] gates;

  static int counted(int x) {
    CALLS.incrementAndGet();
    return x + 1;
  }

  static int gated(int i) throws InterruptedException {
    gates[i].await();
    return i;
  }

  @BeforeEach
  void reset() {
    CALLS.set(0);
    gates = new CountDownLatch[] {new CountDownLatch(1), new CountDownLatch(1)};
  }

  @AfterEach
  void openGates() {
    for (CountDownLatch g : gates) {
      g.countDown();
    }
  }

  /** Finishes a task submitted now, so the scheduler has handled every earlier message. */
  private static TaskFuture<Integer> barrier(Client client) {
    TaskFuture<Integer> marker = client.submit(Demo::inc, 1000);
    assertEquals(1001, marker.result());
    return marker;
  }

  @Test
  void nothingIsSentBeforeSubscription() {
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(2).threadsPerWorker(1).build();
         Client client = Client.connect(cluster)) {
      RxClient rx = client.rx();
      Single<Integer> one = rx.submit(RxClientTest::counted, 41);
      Flowable<Integer> many = rx.map(RxClientTest::counted, List.of(1, 2, 3));
      Single<TaskFuture<String>> scattered = rx.scatter("payload");

      TaskFuture<Integer> marker = barrier(client);
      assertEquals(0, CALLS.get(), "no function ran");
      assertEquals(1L, cluster.scheduler().tasks(), "the scheduler knows only the marker");
      assertEquals(Set.of(marker.key()), client.whoHas().await().keySet());

      assertEquals(42, one.blockingGet());
      assertEquals(1, CALLS.get());
      assertEquals(List.of(2, 3, 4), many.toList().blockingGet());
      assertEquals(4, CALLS.get());
      TaskFuture<String> data = scattered.blockingGet();
      assertTrue(data.done());
      assertEquals("payload", data.result());
      assertTrue(client.whoHas().await().containsKey(data.key()));
      marker.release();
    }
  }

  @Test
  void submitWithEveryArityAndFutureArguments() {
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(2).threadsPerWorker(1).build();
         Client client = Client.connect(cluster)) {
      RxClient rx = client.rx();
      assertEquals(7, rx.submit(() -> 7).blockingGet());
      assertEquals(11, rx.submit(x -> x + 1, 10).blockingGet());
      assertEquals(6, rx.submit((x, y, z) -> x + y + z, 1, 2, 3).blockingGet());
      assertEquals(10, rx.submit((a, b, c, d) -> a + b + c + d, 1, 2, 3, 4).blockingGet());
      assertEquals(15, rx.submit((a, b, c, d, e) -> a + b + c + d + e, 1, 2, 3, 4, 5).blockingGet());
      TaskFuture<Integer> a = client.submit(Demo::inc, 1);
      assertEquals(12, rx.submit(Demo::add, a, 10).blockingGet());
      assertEquals(4, rx.submit(Demo::add, a, a).blockingGet());
      assertEquals(3, rx.submit(Demo::inc, a).blockingGet());
    }
  }

  @Test
  void gatherCancelAndClusterInformation() throws Exception {
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(2).threadsPerWorker(1).build();
         Client client = Client.connect(cluster)) {
      RxClient rx = client.rx();
      List<TaskFuture<Integer>> futures = client.map(Demo::inc, List.of(1, 2, 3));
      assertEquals(List.of(2, 3, 4), rx.gather(futures).blockingGet());

      Map<String, List<String>> who = rx.whoHas().blockingGet();
      assertTrue(who.keySet().containsAll(futures.stream().map(TaskFuture::key).toList()), who.toString());
      assertEquals(Set.of(futures.get(0).key()), rx.whoHas(List.of(futures.get(0))).blockingGet().keySet());
      Map<String, List<String>> what = rx.hasWhat().blockingGet();
      assertEquals(Set.of("worker-0", "worker-1"), what.keySet());
      assertEquals(Map.of("worker-0", 1, "worker-1", 1), rx.nthreads().blockingGet());
      SchedulerInfo info = rx.schedulerInfo().blockingGet();
      assertEquals(2, info.cores());

      TaskFuture<Integer> blocked = client.submit(RxClientTest::gated, 0);
      Completable cancel = rx.cancel(List.of(blocked));
      barrier(client);
      assertEquals(FutureStatus.PENDING, blocked.status(), "not cancelled before subscription");
      cancel.blockingAwait();
      assertEquals(FutureStatus.CANCELLED, blocked.status());
    }
  }

  @Test
  void asCompletedEmitsInCompletionOrder() {
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(2).threadsPerWorker(2).build();
         Client client = Client.connect(cluster)) {
      RxClient rx = client.rx();
      TaskFuture<Integer> first = client.submit(RxClientTest::gated, 0);
      TaskFuture<Integer> second = client.submit(RxClientTest::gated, 1);
      TestSubscriber<TaskFuture<Integer>> seen = rx.asCompleted(List.of(first, second)).test();
      gates[1].countDown();
      seen.awaitCount(1);
      seen.assertValueCount(1);
      assertSame(second, seen.values().get(0));
      seen.assertNotComplete();
      gates[0].countDown();
      seen.awaitDone(30, TimeUnit.SECONDS);
      seen.assertComplete();
      assertEquals(List.of(second, first), seen.values());
    }
  }

  @Test
  void readmeSnippet() {
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(2).threadsPerWorker(1).build();
         Client client = Client.connect(cluster)) {
      RxClient rx = client.rx();
      Single<Integer> sum = rx.submit(Demo::add, 1, 2);               // cold: nothing sent yet
      Flowable<Integer> incs = rx.map(Demo::inc, List.of(1, 2, 3));  // values in input order
      assertEquals(3, sum.blockingGet());                             // submits on subscribe
      assertEquals(List.of(2, 3, 4), incs.toList().blockingGet());
    }
  }

  @Test
  void errorsReachTheSubscriber() {
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(1).threadsPerWorker(1).build();
         Client client = Client.connect(cluster)) {
      Single<Integer> failing = client.rx().submit(x -> {
        throw new IllegalStateException("no " + x);
      }, 5);
      RuntimeException e = assertThrows(RuntimeException.class, failing::blockingGet);
      Throwable cause = e;
      while (cause != null && !(cause instanceof IllegalStateException)) {
        cause = cause.getCause();
      }
      assertInstanceOf(IllegalStateException.class, cause, e.toString());
      assertEquals("no 5", cause.getMessage());
    }
  }
}

package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Timeout;

/**
 * {@code asCompleted} and {@code waitFor}: tasks wait on latches the test opens in a chosen order,
 * so completion order differs from submission order. Three threads per worker: every gated task
 * runs at once wherever it is placed.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@ExtendWith(Gates.class)
class WaitingTest {



  static int failing(int i) {
    throw new IllegalStateException("failing " + i);
  }



  private static LocalCluster cluster() {
    return LocalCluster.builder().nWorkers(2).threadsPerWorker(3).build();
  }

  private static List<TaskFuture<Integer>> submitGated(Client client) {
    List<TaskFuture<Integer>> futures = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      futures.add(client.submit(Gates::gated, i));
    }
    return futures;
  }

  @Test
  void asCompletedYieldsInCompletionOrderNotSubmissionOrder() {
    try (LocalCluster cluster = cluster(); Client client = Client.connect(cluster)) {
      List<TaskFuture<Integer>> futures = submitGated(client);
      AsCompleted<Integer> completed = client.asCompleted(futures);
      Iterator<TaskFuture<Integer>> it = completed.iterator();
      for (int i : new int[] {2, 0, 1}) {
        Gates.open(i);
        assertTrue(it.hasNext());
        TaskFuture<Integer> next = it.next();
        assertSame(futures.get(i), next, "after opening gate " + i);
        assertEquals(i, next.result());
      }
      assertFalse(it.hasNext());
      assertTrue(completed.isEmpty());
    }
  }

  @Test
  void forEachLoopWithAddWhileIterating() {
    try (LocalCluster cluster = cluster(); Client client = Client.connect(cluster)) {
      AsCompleted<Integer> completed = client.asCompleted(List.of(client.submit(Demo::inc, 1)));
      List<Integer> seen = new ArrayList<>();
      for (TaskFuture<Integer> f : completed) {
        int v = f.result();
        seen.add(v);
        if (v < 5) {
          completed.add(client.submit(Demo::inc, v));   // as dask: add while iterating
        }
      }
      assertEquals(List.of(2, 3, 4, 5), seen);
    }
  }

  @Test
  void addFromAnotherThreadWhileTheIteratorBlocks() throws Exception {
    try (LocalCluster cluster = cluster(); Client client = Client.connect(cluster)) {
      TaskFuture<Integer> first = client.submit(Gates::gated, 0);
      AsCompleted<Integer> completed = client.asCompleted(List.of(first));
      List<TaskFuture<Integer>> seen = Collections.synchronizedList(new ArrayList<>());
      Thread iterating = new Thread(() -> completed.forEach(seen::add), "iterating");
      iterating.start();
      TaskFuture<Integer> second = client.submit(Gates::gated, 1);
      completed.add(second);
      Gates.open(1);
      Poll.until(Duration.ofSeconds(30), "the added future is yielded", () -> seen.size() == 1);
      assertSame(second, seen.get(0));
      assertTrue(iterating.isAlive(), "iteration waits for the first future");
      Gates.open(0);
      iterating.join(30_000);
      assertFalse(iterating.isAlive());
      assertEquals(List.of(second, first), seen);
    }
  }

  @Test
  void waitForAllCompletesOnlyWhenTheLastIsDone() {
    try (LocalCluster cluster = cluster(); Client client = Client.connect(cluster)) {
      List<TaskFuture<Integer>> futures = submitGated(client);
      Future<DoneAndNotDone<Integer>> all = client.waitFor(futures, ReturnWhen.ALL_COMPLETED);
      Gates.open(0);
      Gates.open(2);
      Poll.until(Duration.ofSeconds(30), "tasks 0 and 2 done", () -> futures.get(0).done() && futures.get(2).done());
      assertFalse(all.isComplete(), "task 1 is still running");
      Gates.open(1);
      DoneAndNotDone<Integer> result = all.await();
      assertEquals(List.copyOf(futures), List.copyOf(result.done()));
      assertTrue(result.notDone().isEmpty());
    }
  }

  @Test
  void waitForFirstCompletedReportsWhichIsDone() {
    try (LocalCluster cluster = cluster(); Client client = Client.connect(cluster)) {
      List<TaskFuture<Integer>> futures = submitGated(client);
      Future<DoneAndNotDone<Integer>> first = client.waitFor(futures, ReturnWhen.FIRST_COMPLETED);
      Gates.open(1);
      DoneAndNotDone<Integer> result = first.await();
      assertEquals(Set.of(futures.get(1)), result.done());
      assertEquals(List.of(futures.get(0), futures.get(2)), List.copyOf(result.notDone()));
      assertFalse(futures.get(0).done());
    }
  }

  @Test
  void errorsAndCancellationsCountAsDone() {
    try (LocalCluster cluster = cluster(); Client client = Client.connect(cluster)) {
      TaskFuture<Integer> failed = client.submit(WaitingTest::failing, 1);
      TaskFuture<Integer> cancelled = client.submit(Gates::gated, 0);
      cancelled.cancel();
      TaskFuture<Integer> ok = client.submit(Demo::inc, 1);
      DoneAndNotDone<Integer> result = client.waitFor(List.of(failed, cancelled, ok), ReturnWhen.ALL_COMPLETED).await();
      assertEquals(3, result.done().size());
      assertEquals(FutureStatus.ERROR, failed.status());
      assertEquals(FutureStatus.CANCELLED, cancelled.status());
      List<TaskFuture<Integer>> order = new ArrayList<>();
      client.asCompleted(List.of(failed, cancelled, ok)).forEach(order::add);
      assertEquals(Set.of(failed, cancelled, ok), Set.copyOf(order));
    }
  }

  @Test
  void waitForWithTimeoutFailsWhenNotDoneInTime() {
    try (LocalCluster cluster = cluster(); Client client = Client.connect(cluster)) {
      List<TaskFuture<Integer>> futures = submitGated(client);
      Future<DoneAndNotDone<Integer>> timed = client.waitFor(futures, ReturnWhen.ALL_COMPLETED, Duration.ofMillis(200));
      assertThrows(WeftTimeoutException.class, timed::await);
      Gates.open(0);
      DoneAndNotDone<Integer> first = client.waitFor(futures, ReturnWhen.FIRST_COMPLETED, Duration.ofSeconds(30)).await();
      assertEquals(Set.of(futures.get(0)), first.done());
    }
  }

  @Test
  void readmeSnippet() {
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(2).threadsPerWorker(1).build();
         Client client = Client.connect(cluster)) {
      int total = 0;
      List<TaskFuture<Integer>> futures = client.map(Demo::inc, List.of(1, 2, 3));
      for (TaskFuture<Integer> f : client.asCompleted(futures)) {     // blocks; yields as they finish
        total += f.result();
      }
      DoneAndNotDone<Integer> w = client.waitFor(futures, ReturnWhen.FIRST_COMPLETED).await();
      assertEquals(9, total);
      assertEquals(3, w.done().size());
    }
  }

  @Test
  void emptyCollectionsCompleteAtOnce() {
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(1).threadsPerWorker(1).build();
         Client client = Client.connect(cluster)) {
      DoneAndNotDone<Integer> r = client.<Integer>waitFor(List.of(), ReturnWhen.FIRST_COMPLETED).await();
      assertTrue(r.done().isEmpty() && r.notDone().isEmpty());
      assertFalse(client.<Integer>asCompleted(List.of()).iterator().hasNext());
    }
  }
}

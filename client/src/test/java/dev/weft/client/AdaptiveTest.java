package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.client.faults.FaultTasks;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, done when: {@code adapt(1, 4)} grows past one worker under a 2,000-task load and
 * shrinks back to one when idle, losing no result; and scaling down retires workers gracefully:
 * their values move to the workers that stay, nothing is recomputed. Executions are counted in
 * this JVM (the workers run in it), and a tree reduction over the kept futures after the shrink
 * proves their values are really on the remaining worker.
 */
class AdaptiveTest {

  /** Generous: the machine is shared and loaded. */
  private static final Duration LONG = Duration.ofMinutes(3);

  /** Runs of {@link #slowSquare} in this JVM. */
  private static final AtomicInteger SQUARES = new AtomicInteger();
  /** Runs of {@link #square} in this JVM. */
  private static final AtomicInteger QUICK_SQUARES = new AtomicInteger();

  /** x², after 10 ms: enough that 2,000 of them ask for more than one worker. */
  static int slowSquare(int x) throws InterruptedException {
    SQUARES.incrementAndGet();
    Thread.sleep(10);
    return x * x;
  }

  static int square(int x) {
    QUICK_SQUARES.incrementAndGet();
    return x * x;
  }

  static int add(int a, int b) {
    return a + b;
  }

  @Test
  void adaptGrowsUnderLoadAndShrinksBackToOneWhenIdleLosingNoResult() {
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(1).threadsPerWorker(1).dashboardAddress(null).build();
         Client client = Client.connect(cluster)) {
      Adaptive adaptive = cluster.adapt(1, 4, 200);
      List<Integer> inputs = IntStream.range(0, 2_000).boxed().toList();
      List<TaskFuture<Integer>> squares = client.map(AdaptiveTest::slowSquare, inputs);
      Poll.until(LONG, "more than one worker under load", () -> cluster.workerNames().size() > 1);
      List<Integer> values = client.gather(squares).await();
      assertEquals(inputs.stream().map(x -> x * x).toList(), values);
      int runs = SQUARES.get();
      assertEquals(2_000, runs, "each task ran once");

      Poll.until(LONG, "back to one worker when idle", () -> cluster.workerNames().size() == 1 && cluster.workers().size() == 1);
      adaptive.stop();
      assertTrue(adaptive.stopped());
      String last = cluster.workerNames().get(0);
      assertEquals(values, client.gather(squares).await());
      assertEveryKeyOn(client, squares, last);
      assertEquals(sum(inputs), FaultTasks.reduce(client, squares, AdaptiveTest::add).result(LONG), "the values are on the remaining worker");
      assertEquals(runs, SQUARES.get(), "no result was recomputed");
    }
  }

  @Test
  void scalingDownRetiresWorkersGracefullyAndRecomputesNothing() {
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(3).threadsPerWorker(1).dashboardAddress(null).build();
         Client client = Client.connect(cluster)) {
      List<Integer> inputs = IntStream.range(0, 300).boxed().toList();
      List<TaskFuture<Integer>> squares = client.map(AdaptiveTest::square, inputs);
      List<Integer> values = client.gather(squares).await();
      int runs = QUICK_SQUARES.get();
      Map<String, List<String>> hasWhat = client.hasWhat().await();
      assertTrue(hasWhat.values().stream().filter(keys -> !keys.isEmpty()).count() > 1, "spread over workers: " + hasWhat);

      cluster.scale(1).await();
      assertEquals(1, cluster.workerNames().size());
      String last = cluster.workerNames().get(0);
      Poll.until(LONG, "the retired workers gone from the scheduler", () -> cluster.workers().keySet().equals(Set.of(last)));
      assertEveryKeyOn(client, squares, last);
      assertEquals(values, client.gather(squares).await());
      assertEquals(sum(inputs), FaultTasks.reduce(client, squares, AdaptiveTest::add).result(LONG));
      assertEquals(runs, QUICK_SQUARES.get(), "no result was recomputed");
    }
  }

  private static void assertEveryKeyOn(Client client, List<TaskFuture<Integer>> futures, String worker) {
    Map<String, List<String>> whoHas = client.whoHas(futures).await();
    assertEquals(futures.size(), whoHas.size());
    whoHas.forEach((key, holders) -> assertEquals(List.of(worker), holders, key + " is held by " + holders));
  }

  private static int sum(List<Integer> inputs) {
    return inputs.stream().mapToInt(x -> x * x).sum();
  }
}

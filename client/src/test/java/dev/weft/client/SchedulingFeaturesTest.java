package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** dask's scheduling options on a real in-process cluster: priorities, resources, retries, scatter, run, subtasks. */
class SchedulingFeaturesTest {

  static final List<Integer> ORDER = Collections.synchronizedList(new ArrayList<>());
  static volatile CountDownLatch GATE = new CountDownLatch(0);

  static int hold(int x) throws InterruptedException {
    assertTrue(GATE.await(30, TimeUnit.SECONDS));
    return x;
  }

  static int record(int x) {
    ORDER.add(x);
    return x;
  }

  @Test
  void higherPriorityRunsFirstFromTheSchedulersQueue() {
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(1).threadsPerWorker(1).build();
         Client client = Client.connect(cluster)) {
      assertPriorityOrder(cluster, client, 2, false);
    }
  }

  @Test
  void higherPriorityRunsFirstFromTheWorkersReadyQueue() {
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(1).threadsPerWorker(1)
            .workerSaturation(Double.POSITIVE_INFINITY).build();
         Client client = Client.connect(cluster)) {
      assertPriorityOrder(cluster, client, 1, true);
    }
  }

  /**
   * Keeps the only thread busy (blockers fill the worker's slots), then checks the run order (with
   * {@code onWorker}, once every task is in the worker's ready queue). Three
   * finished, still held {@code record} tasks come first: as in dask, only a function with more
   * tasks than twice the cluster's threads queues on the scheduler.
   */
  private static void assertPriorityOrder(LocalCluster cluster, Client client, int blockers, boolean onWorker) {
    List<TaskFuture<Integer>> warm = client.map(SchedulingFeaturesTest::record, List.of(100, 101, 102));
    client.gather(warm).await();
    ORDER.clear();
    GATE = new CountDownLatch(1);
    List<TaskFuture<Integer>> held = new ArrayList<>();
    for (int i = 0; i < blockers; i++) {
      held.add(client.task(SchedulingFeaturesTest::hold, -1 - i).pure(false).priority(100).submit());
    }
    List<TaskFuture<Integer>> futures = new ArrayList<>();
    for (int p : new int[] {1, 5, 3, 9, 7}) {
      futures.add(client.task(SchedulingFeaturesTest::record, p).priority(p).submit());
    }
    Poll.until(Duration.ofSeconds(10), "all tasks reached the scheduler",
        () -> cluster.scheduler().tasks() == warm.size() + blockers + 5);
    if (onWorker) {
      // Known to the scheduler is not yet on the worker: had the gate opened first, a task still on
      // its way would have found the thread free and run out of order.
      Poll.until(Duration.ofSeconds(30), "all five tasks ready on the worker",
          () -> futures.stream().allMatch(f -> client.story(f.key()).await().stream().anyMatch(l -> l.contains("->READY "))));
    }
    GATE.countDown();
    client.gather(futures).await();
    client.gather(held).await();
    assertEquals(List.of(9, 7, 5, 3, 1), ORDER);
  }

  static final AtomicInteger GPU_IN_USE = new AtomicInteger();
  static final AtomicInteger GPU_PEAK = new AtomicInteger();

  static int useGpu(int x) throws InterruptedException {
    int now = GPU_IN_USE.incrementAndGet();
    GPU_PEAK.accumulateAndGet(now, Math::max);
    Thread.sleep(5);
    GPU_IN_USE.decrementAndGet();
    return x;
  }

  @Test
  void aWorkerNeverRunsMoreOfAResourceThanItHas() {
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(2).threadsPerWorker(4)
            .resources(Map.of("GPU", 1.0)).build();
         Client client = Client.connect(cluster)) {
      GPU_PEAK.set(0);
      List<TaskFuture<Integer>> futures = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        futures.add(client.task(SchedulingFeaturesTest::useGpu, i).resources(Map.of("GPU", 1.0)).submit());
      }
      assertEquals(IntStream.range(0, 40).boxed().toList(), client.gather(futures).await());
      assertTrue(GPU_PEAK.get() <= 2, "2 workers x 1 GPU, but " + GPU_PEAK.get() + " ran at once");
    }
  }

  @Test
  void aTaskNeedingAnAbsentResourceWaitsForAWorkerThatHasIt() {
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(1).threadsPerWorker(1).build();
         Client client = Client.connect(cluster)) {
      TaskFuture<Integer> f = client.task(Demo::inc, 1).resources(Map.of("FPGA", 1.0)).submit();
      Poll.until(Duration.ofSeconds(10), "task is no-worker",
          () -> cluster.scheduler().tasksByState().getOrDefault("no-worker", 0L) == 1L);
      assertEquals(FutureStatus.PENDING, f.status());
    }
  }

  static final AtomicInteger ATTEMPTS = new AtomicInteger();

  static int flaky(int failures) {
    if (ATTEMPTS.incrementAndGet() <= failures) {
      throw new IllegalStateException("attempt " + ATTEMPTS.get());
    }
    return ATTEMPTS.get();
  }

  @Test
  void retriesReexecuteExactlyNTimes() {
    try (Client client = Client.create()) {
      ATTEMPTS.set(0);
      assertEquals(3, client.task(SchedulingFeaturesTest::flaky, 2).retries(2).pure(false).submit().result());
      ATTEMPTS.set(0);
      TaskFuture<Integer> f = client.task(SchedulingFeaturesTest::flaky, 5).retries(2).pure(false).submit();
      RemoteTaskException e = assertThrows(RemoteTaskException.class, f::result);
      assertEquals("attempt 3", e.getCause().getMessage());
      assertEquals(3, ATTEMPTS.get(), "one run plus exactly two retries");
    }
  }

  @Test
  void scatterBroadcastPutsACopyOnEveryWorker() {
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(3).threadsPerWorker(1).build();
         Client client = Client.connect(cluster)) {
      TaskFuture<String> data = client.scatter("shared lookup table", ScatterOptions.broadcast());
      Poll.until(Duration.ofSeconds(10), "a copy on each of the 3 workers",
          () -> client.whoHas(List.of(data)).await().get(data.key()).size() == 3);
      assertEquals("shared lookup table", data.result());
      assertEquals(19, client.submit((String s) -> s.length(), data).result());
      List<TaskFuture<String>> spread = client.scatter(List.of("a", "b", "c"));
      assertEquals(List.of("a", "b", "c"), client.gather(spread).await());
      assertEquals(3, Set.copyOf(client.whoHas(spread).await().values()).size(), "spread over the workers");
    }
  }

  @Test
  void runCallsAFunctionOnEveryWorker() {
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(2).threadsPerWorker(1).build();
         Client client = Client.connect(cluster)) {
      Map<String, String> names = client.run(() -> WorkerContext.current().workerName()).await();
      assertEquals(Map.of("worker-0", "worker-0", "worker-1", "worker-1"), names);
    }
  }

  static final Set<String> SUBTASK_THREADS = ConcurrentHashMap.newKeySet();

  static int parent(int n) {
    WorkerContext ctx = WorkerContext.current();
    Client client = ctx.client();
    List<TaskFuture<Integer>> subtasks = client.map(SchedulingFeaturesTest::child, IntStream.range(0, n).boxed().toList());
    ctx.secede();
    int sum = client.gather(subtasks).await().stream().mapToInt(Integer::intValue).sum();
    ctx.rejoin();
    return sum;
  }

  static int child(int x) {
    SUBTASK_THREADS.add(WorkerContext.current().workerName());
    return x;
  }

  @Test
  void aTaskWaitingOnItsSubtasksFreesItsThread() {
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(1).threadsPerWorker(1).build();
         Client client = Client.connect(cluster)) {
      TaskFuture<Integer> f = client.submit(SchedulingFeaturesTest::parent, 100);
      assertEquals(99 * 100 / 2, f.result(Duration.ofSeconds(60)));
      assertEquals(Set.of("worker-0"), SUBTASK_THREADS);
      assertTrue(WorkerContextKeyProbe.keyOf(client).startsWith("keyOf-"));
    }
  }

  static int computesAGraph(int n) {
    Delayed<Integer> total = Delayed.call(Demo::add, Delayed.call(Demo::inc, n), Delayed.call(Demo::inc, n + 1));
    return total.compute();
  }

  @Test
  void aTaskComputingAGraphOnTheDefaultSchedulerGivesItsThreadBackMeanwhile() {
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(1).threadsPerWorker(1).build();
         Client client = Client.connect(cluster)) {
      // The only thread runs the parent: the graph's tasks can run only if the parent secedes.
      assertEquals((10 + 1) + (11 + 1), client.submit(SchedulingFeaturesTest::computesAGraph, 10).result(Duration.ofSeconds(60)));
      assertEquals(3, client.submit(Demo::inc, 2).result(Duration.ofSeconds(60)), "the thread was taken back and is free again");
    }
  }

  /** Reads the task key from inside a task. */
  static final class WorkerContextKeyProbe {
    static String keyOf(Client client) {
      return client.submit(WorkerContextKeyProbe::key, 0).result();
    }

    static String key(int ignored) {
      return WorkerContext.current().key().replaceFirst("^key-", "keyOf-");
    }
  }
}

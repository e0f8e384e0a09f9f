package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** The synchronous, threaded, processes and distributed schedulers, and the default one. */
class SchedulersTest {

  /** Threads {@link #traced} ran on. */
  static final Set<Thread> THREADS = ConcurrentHashMap.newKeySet();
  /** Both {@link #meet} tasks must reach it: only possible when they run at the same time. */
  static volatile CyclicBarrier barrier;

  /** x + y, recording the thread. */
  static int traced(int x, int y) {
    THREADS.add(Thread.currentThread());
    return x + y;
  }

  /** x, once another task has reached the barrier too (10 s at most). */
  static int meet(int x) throws InterruptedException, BrokenBarrierException, TimeoutException {
    barrier.await(10, TimeUnit.SECONDS);
    return x;
  }

  /** A diamond (inc 1 → +10, +20 → sum) added to a pairwise tree reduction of inc(0..99). */
  static Delayed<Integer> diamondPlusTree() {
    Delayed<Integer> a = Delayed.call(Demo::inc, 1);
    Delayed<Integer> diamond = Delayed.call(SchedulersTest::traced, Delayed.call(Demo::add, a, 10), Delayed.call(Demo::add, a, 20));
    List<Delayed<Integer>> level = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      level.add(Delayed.call(Demo::inc, i));
    }
    while (level.size() > 1) {
      List<Delayed<Integer>> next = new ArrayList<>();
      for (int i = 0; i + 1 < level.size(); i += 2) {
        next.add(Delayed.call(SchedulersTest::traced, level.get(i), level.get(i + 1)));
      }
      if (level.size() % 2 == 1) {
        next.add(level.get(level.size() - 1));
      }
      level = next;
    }
    return Delayed.call(Demo::add, diamond, level.get(0));
  }

  private static final int EXPECTED = (2 + 10 + 2 + 20) + 100 * 101 / 2;

  @Test
  void theSameGraphGivesTheSameValueOnEveryScheduler() {
    Delayed<Integer> total = diamondPlusTree();
    // diamond 4 + leaves 100 + sums 99 + root 1, but the leaf inc(1) is the diamond's top: one key
    assertEquals(4 + 100 + 99 + 1 - 1, total.graph().size(), "shared calls appear once");
    assertEquals(EXPECTED, total.compute(Schedulers.synchronous()));
    assertEquals(EXPECTED, total.compute(Schedulers.threaded(4)));
    assertEquals(EXPECTED, total.compute(Schedulers.threaded(1)));
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(2).threadsPerWorker(1).build();
         Client client = Client.connect(cluster)) {
      assertEquals(EXPECTED, total.compute(Schedulers.distributed(client)));
      assertEquals(EXPECTED, client.compute(total).result());
      assertEquals(EXPECTED, total.compute());
    }
    assertEquals(EXPECTED, total.compute(Schedulers.processes(2)), "on a pool of two worker JVMs");
  }

  @Test
  void theSynchronousSchedulerRunsEverythingOnTheCallingThread() {
    THREADS.clear();
    assertEquals(EXPECTED, diamondPlusTree().compute(Schedulers.synchronous()));
    assertEquals(Set.of(Thread.currentThread()), THREADS);
  }

  @Test
  void theThreadedSchedulerRunsTasksOnItsPoolAtTheSameTime() {
    THREADS.clear();
    assertEquals(EXPECTED, diamondPlusTree().compute(Schedulers.threaded(3)));
    assertFalse(THREADS.contains(Thread.currentThread()), "tasks ran on pool threads");
    assertTrue(THREADS.stream().allMatch(t -> t.getName().startsWith("weft-threaded-")), THREADS.toString());

    barrier = new CyclicBarrier(2);
    Delayed<Integer> both = Delayed.call(Demo::add, Delayed.call(SchedulersTest::meet, 1), Delayed.call(SchedulersTest::meet, 2));
    assertEquals(3, both.compute(Schedulers.threaded(2)));
  }

  @Test
  void aThreadedTaskMayComputeOnItsOwnScheduler() {
    Scheduler one = Schedulers.threaded(1);
    Delayed<Integer> inner = Delayed.call(Demo::inc, 41);
    Delayed<Integer> outer = Delayed.call(x -> x + inner.compute(one), 100);
    assertEquals(142, outer.compute(one), "no deadlock on a one-thread pool");
  }

  @Test
  void aFailureStopsTheThreadedSchedulerAndIsRethrown() {
    Delayed<Integer> bad = Delayed.call(Demo::add, Delayed.call(DelayedTest::fail, 1), Delayed.call(Demo::inc, 2));
    RemoteTaskException e = assertThrows(RemoteTaskException.class, () -> bad.compute(Schedulers.threaded(2)));
    assertInstanceOf(IllegalStateException.class, e.getCause());
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(2).threadsPerWorker(1).build();
         Client client = Client.connect(cluster)) {
      RemoteTaskException remote = assertThrows(RemoteTaskException.class, () -> bad.compute(Schedulers.distributed(client)));
      assertInstanceOf(IllegalStateException.class, remote.getCause());
      assertEquals("no 1", remote.getCause().getMessage());
    }
  }

  @Test
  void theDefaultIsThreadedUntilAClientIsCreatedAndRestoredWhenItCloses() {
    Scheduler initial = Schedulers.defaultScheduler();
    ThreadedScheduler threaded = assertInstanceOf(ThreadedScheduler.class, initial);
    assertEquals(Runtime.getRuntime().availableProcessors(), threaded.threads());
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(2).threadsPerWorker(1).build();
         Client first = Client.connect(cluster)) {
      assertEquals(Schedulers.distributed(first), Schedulers.defaultScheduler());
      THREADS.clear();
      assertEquals(EXPECTED, diamondPlusTree().compute());
      assertTrue(THREADS.stream().allMatch(t -> t.getName().contains("-task-") && !t.getName().contains("threaded")),
          "ran on worker threads: " + THREADS);
      try (Client second = Client.connect(cluster)) {
        assertEquals(Schedulers.distributed(second), Schedulers.defaultScheduler());
      }
      assertEquals(Schedulers.distributed(first), Schedulers.defaultScheduler(), "closing restores the previous");
    }
    assertEquals(initial, Schedulers.defaultScheduler());
    THREADS.clear();
    assertEquals(EXPECTED, diamondPlusTree().compute());
    assertTrue(THREADS.stream().allMatch(t -> t.getName().startsWith("weft-threaded-")), THREADS.toString());
  }
}

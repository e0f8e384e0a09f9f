package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code client.executor()}: a {@link java.util.concurrent.ExecutorService} over Weft tasks. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ExecutorTest {

  /** Holds the gated tasks; replaced before each test. */
  static volatile CountDownLatch gate;
  /** Counted down by a gated task once it runs. */
  static volatile CountDownLatch started;
  /** Runs of the tasks that shutdownNow must prevent. */
  static final AtomicInteger PREVENTED_RUNS = new AtomicInteger();

  @BeforeEach
  void reset() {
    gate = new CountDownLatch(1);
    started = new CountDownLatch(1);
    PREVENTED_RUNS.set(0);
  }

  @AfterEach
  void openGate() {
    gate.countDown();
  }

  private static void awaitGate() {
    started.countDown();
    try {
      gate.await();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static LocalCluster cluster() {
    return LocalCluster.builder().nWorkers(2).threadsPerWorker(1).build();
  }

  @Test
  void invokeAllOfAThousandCallables() throws Exception {
    try (LocalCluster cluster = cluster(); Client client = Client.connect(cluster)) {
      ExecutorService executor = client.executor();
      List<Callable<Integer>> tasks = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        int n = i;
        tasks.add(() -> n * n);
      }
      List<Future<Integer>> futures = executor.invokeAll(tasks);
      assertEquals(1000, futures.size());
      for (int i = 0; i < 1000; i++) {
        assertTrue(futures.get(i).isDone(), "invokeAll returns when all are done");
        assertEquals(i * i, futures.get(i).get());
      }
      executor.shutdown();
      assertTrue(executor.awaitTermination(30, TimeUnit.SECONDS));
      assertTrue(executor.isTerminated());
    }
  }

  @Test
  void callablesNeedNotBeSerializableInProcess() throws Exception {
    try (LocalCluster cluster = cluster(); Client client = Client.connect(cluster)) {
      ExecutorService executor = client.executor();
      Thread notSerializable = Thread.currentThread();       // captured: cannot be serialized
      Future<String> f = executor.submit(() -> "ran beside " + notSerializable.getName());
      assertEquals("ran beside " + notSerializable.getName(), f.get(30, TimeUnit.SECONDS));
      AtomicInteger counter = new AtomicInteger();
      Future<String> r = executor.submit(counter::incrementAndGet, "done");
      assertEquals("done", r.get());
      assertEquals(1, counter.get());
      Future<?> plain = executor.submit(counter::incrementAndGet);
      plain.get();
      assertEquals(2, counter.get());
      executor.shutdown();
    }
  }

  @Test
  void exceptionsSurfaceAsExecutionExceptionWithTheOriginalCause() throws Exception {
    try (LocalCluster cluster = cluster(); Client client = Client.connect(cluster)) {
      ExecutorService executor = client.executor();
      Future<Integer> f = executor.submit(() -> {
        throw new IllegalStateException("boom");
      });
      ExecutionException e = assertThrows(ExecutionException.class, f::get);
      assertInstanceOf(IllegalStateException.class, e.getCause());
      assertEquals("boom", e.getCause().getMessage());

      List<Callable<Integer>> oneFails = List.of(() -> 1, () -> {
        throw new java.io.IOException("io");
      });
      List<Future<Integer>> mixed = executor.invokeAll(oneFails);
      assertEquals(1, mixed.get(0).get());
      ExecutionException io = assertThrows(ExecutionException.class, () -> mixed.get(1).get());
      assertInstanceOf(java.io.IOException.class, io.getCause());
      executor.shutdown();
    }
  }

  @Test
  void shutdownRejectsNewTasksAndAwaitTerminationWaitsForSubmittedOnes() throws Exception {
    try (LocalCluster cluster = cluster(); Client client = Client.connect(cluster)) {
      ExecutorService executor = client.executor();
      assertFalse(executor.isShutdown());
      assertFalse(executor.isTerminated());
      AtomicInteger ran = new AtomicInteger();
      executor.execute(() -> {
        awaitGate();
        ran.incrementAndGet();
      });
      assertTrue(started.await(30, TimeUnit.SECONDS));
      executor.shutdown();
      assertTrue(executor.isShutdown());
      assertFalse(executor.isTerminated(), "a task is still running");
      assertFalse(executor.awaitTermination(100, TimeUnit.MILLISECONDS));
      assertThrows(RejectedExecutionException.class, () -> executor.submit(() -> 1));
      assertThrows(RejectedExecutionException.class, () -> executor.execute(() -> { }));

      gate.countDown();
      assertTrue(executor.awaitTermination(30, TimeUnit.SECONDS));
      assertTrue(executor.isTerminated());
      assertEquals(1, ran.get(), "the task submitted before shutdown ran to the end");

      ExecutorService idle = client.executor();
      assertFalse(idle.isTerminated(), "terminated only after shutdown");
      idle.shutdown();
      assertTrue(idle.isTerminated());
      assertTrue(idle.awaitTermination(0, TimeUnit.SECONDS));
    }
  }

  @Test
  void shutdownNowCancelsPendingTasksAndReturnsThoseNotStarted() throws Exception {
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(1).threadsPerWorker(1).build();
         Client client = Client.connect(cluster)) {
      ExecutorService executor = client.executor();
      Runnable blocking = ExecutorTest::awaitGate;
      Runnable second = PREVENTED_RUNS::incrementAndGet;
      Callable<Integer> third = PREVENTED_RUNS::incrementAndGet;
      Future<?> f0 = executor.submit(blocking);
      assertTrue(started.await(30, TimeUnit.SECONDS));          // the only thread is busy now
      Future<?> f1 = executor.submit(second);
      Future<Integer> f2 = executor.submit(third);

      List<Runnable> neverStarted = executor.shutdownNow();
      assertEquals(2, neverStarted.size());
      assertSame(second, neverStarted.get(0));
      assertTrue(executor.isShutdown());
      assertTrue(f1.isCancelled() && f2.isCancelled() && f0.isCancelled());
      assertThrows(CancellationException.class, f2::get);
      assertTrue(executor.awaitTermination(30, TimeUnit.SECONDS));
      assertThrows(RejectedExecutionException.class, () -> executor.submit(() -> 1));

      gate.countDown();
      // the worker's only thread is free again and would run anything still queued before this
      assertEquals(5, client.submit(Demo::inc, 4).result());
      assertEquals(0, PREVENTED_RUNS.get(), "tasks returned by shutdownNow never run");
      neverStarted.get(1).run();                                  // the Callable, as a Runnable
      assertEquals(1, PREVENTED_RUNS.get());
    }
  }

  @Test
  void invokeAnyReturnsTheFirstSuccessAndCancelsTheRest() throws Exception {
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(2).threadsPerWorker(3).build();
         Client client = Client.connect(cluster)) {
      ExecutorService executor = client.executor();
      List<Callable<String>> tasks = List.of(
          () -> {
            throw new IllegalArgumentException("fails");
          },
          () -> {
            awaitGate();
            return "slow";
          },
          () -> "fast");
      assertEquals("fast", executor.invokeAny(tasks));
      executor.shutdown();
      assertTrue(executor.awaitTermination(30, TimeUnit.SECONDS), "the slow task was cancelled, gate still closed");
      assertEquals(1, gate.getCount());
    }
  }

  @Test
  void invokeAnyFailsWhenAllFailAndTimesOut() throws Exception {
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(2).threadsPerWorker(3).build();
         Client client = Client.connect(cluster)) {
      ExecutorService executor = client.executor();
      List<Callable<String>> failing = List.of(
          () -> {
            throw new IllegalStateException("one");
          },
          () -> {
            throw new IllegalStateException("two");
          });
      ExecutionException all = assertThrows(ExecutionException.class, () -> executor.invokeAny(failing));
      assertInstanceOf(IllegalStateException.class, all.getCause());

      Callable<String> slow = () -> {
        awaitGate();
        return "slow";
      };
      assertThrows(TimeoutException.class, () -> executor.invokeAny(List.of(slow), 100, TimeUnit.MILLISECONDS));
      Callable<String> quick = () -> "quick";
      List<Future<String>> timed = executor.invokeAll(List.of(slow, quick), 2, TimeUnit.SECONDS);
      assertTrue(timed.get(0).isCancelled(), "invokeAll cancels what did not finish in time");
      assertEquals("quick", timed.get(1).get());
      executor.shutdown();
      assertTrue(executor.awaitTermination(30, TimeUnit.SECONDS));
    }
  }

  @Test
  void readmeSnippet() throws Exception {
    try (LocalCluster cluster = cluster(); Client client = Client.connect(cluster)) {
      ExecutorService executor = client.executor();
      List<Callable<Integer>> tasks = List.of(() -> 1 * 1, () -> 2 * 2, () -> 3 * 3);
      List<Future<Integer>> squares = executor.invokeAll(tasks);    // each a Weft task
      executor.shutdown();
      assertEquals(9, squares.get(2).get());
      assertTrue(executor.awaitTermination(30, TimeUnit.SECONDS));
    }
  }

  /** A task that can be shipped to another JVM. */
  static final class Square implements Callable<Integer>, Serializable {
    private final int n;

    Square(int n) {
      this.n = n;
    }

    @Override
    public Integer call() {
      return n * n;
    }
  }

  @Test
  void outsideTheJvmTasksMustBeSerializable() throws Exception {
    try (LocalCluster cluster = cluster(); Client client = Client.connect(cluster)) {
      ExecutorService remote = new WeftExecutorService(client, false);  // as on a clustered Vert.x
      Callable<Integer> lambda = () -> 1;
      SerializationException e = assertThrows(SerializationException.class, () -> remote.submit(lambda));
      assertTrue(e.getMessage().contains(lambda.getClass().getName()), e.getMessage());
      assertEquals(49, remote.submit(new Square(7)).get());
      remote.shutdown();
    }
  }
}

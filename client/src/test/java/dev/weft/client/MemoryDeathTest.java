package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.worker.nanny.JvmMemory;
import dev.weft.protocol.MemoryLimit;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Workers in their own JVMs that run out of memory (dask's memory "terminate" threshold and
 * KilledWorker): a heap that fills ends the worker with an OutOfMemoryError, memory that grows
 * outside the heap gets it killed by its nanny; either way the nanny restarts it, and a task that
 * keeps doing it fails as killed, naming memory, after allowed-failures + 1 deaths.
 */
@Tag("multi-jvm")
class MemoryDeathTest {

  /** A worker JVM limited to 256 MiB (its heap adds headroom, its nanny's budget the JVM's own memory). */
  private static final long LIMIT = 256L << 20;
  private static final Duration LONG = Duration.ofMinutes(5);

  /** Held for ever, so that nothing can tell the arrays are garbage. */
  static final List<byte[]> HOARD = new ArrayList<>();

  /** Adds 1 MiB arrays to a list for ever: its worker's heap runs out. */
  static int hoardHeap(int ignored) {
    while (true) {
      HOARD.add(new byte[1 << 20]);
    }
  }

  /**
   * Takes 1 MiB of memory outside the heap every 5 ms (sun.misc.Unsafe, by reflection: no limit
   * applies to it) and writes it, so that it is resident, for ever: only the nanny stops it. The
   * pause paces the growth to some 200 MiB/s, so the nanny's reading every 100 ms finds it near
   * the limit instead of gigabytes past it on a shared machine.
   */
  static int hoardOffHeap(int ignored) throws ReflectiveOperationException {
    Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
    Field field = unsafeClass.getDeclaredField("theUnsafe");
    field.setAccessible(true);
    Object unsafe = field.get(null);
    Method allocate = unsafeClass.getMethod("allocateMemory", long.class);
    Method set = unsafeClass.getMethod("setMemory", long.class, long.class, byte.class);
    while (true) {
      long address = (long) allocate.invoke(unsafe, 1L << 20);
      set.invoke(unsafe, address, 1L << 20, (byte) 1);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
  }

  @Test
  void aTaskFillingTheHeapFailsAsKilledWorkerNamingTheOutOfMemoryErrorAfterAllowedFailuresPlusOneDeaths() {
    try (LocalCluster cluster = LocalCluster.builder().processes(true).nWorkers(2).threadsPerWorker(1)
        .memoryLimit("256MiB").allowedFailures(1).dashboardAddress(null).build();
         Client client = Client.connect(cluster)) {
      TaskFuture<Integer> hog = client.submit(MemoryDeathTest::hoardHeap, 0);
      KilledWorkerException e = assertThrows(KilledWorkerException.class, () -> hog.result(LONG));

      assertEquals(2, cluster.nannyDeaths(), "allowed-failures (1) + 1 deaths when the error arrives: " + cluster.workerDeaths());
      String heap = MemoryLimit.format(JvmMemory.heapBytes(LIMIT));
      assertTrue(e.getMessage().contains("; it exited after an OutOfMemoryError (the heap of " + heap + " was exhausted)."),
          e.getMessage());
      assertTrue(e.getMessage().startsWith("Attempted to run task " + hog.key() + " on 2 different workers"), e.getMessage());
      for (String death : cluster.workerDeaths()) {
        assertTrue(death.endsWith(" exited after an OutOfMemoryError (the heap of " + heap + " was exhausted)"),
            "a full heap stays under the nanny's 95%: the heap ran out first: " + cluster.workerDeaths());
      }
      assertClusterStillComputes(cluster, client);
      assertEquals(2, cluster.nannyDeaths(), "no death since: " + cluster.workerDeaths());
    }
  }

  @Test
  void aTaskGrowingOutsideTheHeapIsKilledByTheNannyAndFailsAsKilledWorkerNamingResidentMemory() {
    try (LocalCluster cluster = LocalCluster.builder().processes(true).nWorkers(2).threadsPerWorker(1)
        .memoryLimit("256MiB").allowedFailures(0).dashboardAddress(null).build();
         Client client = Client.connect(cluster)) {
      TaskFuture<Integer> hog = client.submit(MemoryDeathTest::hoardOffHeap, 0);
      KilledWorkerException e = assertThrows(KilledWorkerException.class, () -> hog.result(LONG));

      assertEquals(1, cluster.nannyDeaths(), "allowed-failures (0) + 1 deaths when the error arrives: " + cluster.workerDeaths());
      String budget = MemoryLimit.format(JvmMemory.residentBudget(LIMIT));
      assertTrue(e.getMessage().matches(".*; it was killed by its nanny: resident memory [\\d.]+ MiB exceeded 95% of its "
          + Pattern.quote(budget) + " memory budget\\."),
          e.getMessage());
      assertClusterStillComputes(cluster, client);
      assertEquals(1, cluster.nannyDeaths(), "no death since: " + cluster.workerDeaths());
    }
  }

  @Test
  void aMemoryLimitTooSmallForAWorkerJvmIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LocalCluster.builder().processes(true).memoryLimit("63MiB").build());
    assertTrue(e.getMessage().startsWith("memoryLimit: a worker JVM needs a heap of at least 64.00 MiB"), e.getMessage());
    assertEquals(64L << 20, LocalCluster.builder().processes(true).memoryLimit("64MiB").spec().memoryLimitBytes());
    assertEquals(0, LocalCluster.builder().processes(true).memoryLimit("0").spec().memoryLimitBytes(), "none");
    assertEquals(1 << 20, LocalCluster.builder().memoryLimit("1MiB").spec().memoryLimitBytes(), "in-process: no JVM to fit");
    assertTrue(assertThrows(IllegalArgumentException.class, () -> LocalCluster.builder().allowedFailures(-1).build())
        .getMessage().startsWith("allowedFailures: "));
  }

  /** Both workers are back and a 20-task map returns the right values. */
  private static void assertClusterStillComputes(LocalCluster cluster, Client client) {
    Poll.until(Duration.ofMinutes(3), "the nannies' restarted workers registered", () -> cluster.workers().size() == 2);
    List<TaskFuture<Integer>> incs = client.map(Demo::inc, IntStream.range(0, 20).boxed().toList());
    List<Integer> got = new ArrayList<>();
    for (TaskFuture<Integer> f : incs) {
      got.add(f.result(LONG));
    }
    assertEquals(IntStream.range(1, 21).boxed().toList(), got);
    assertEquals(2, cluster.workers().size());
  }
}

package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Workers in their own JVMs under nannies, joined over the Hazelcast-clustered event bus. */
@Tag("multi-jvm")
class WorkerJvmTest {

  static String pidOf(int ignored) {
    return String.valueOf(ProcessHandle.current().pid());
  }

  static int crash(int code) {
    Runtime.getRuntime().halt(code);
    return code;
  }

  @Test
  void workerJvmsRunTasksAndMoveDataBetweenThemselves() {
    long start = System.nanoTime();
    try (LocalCluster cluster = LocalCluster.builder().processes(true).nWorkers(2).threadsPerWorker(1).build();
         Client client = Client.connect(cluster)) {
      assertEquals(2, client.submit(Demo::inc, 1).result());
      System.out.printf("processes(true).nWorkers(2) to first result: %d ms%n", (System.nanoTime() - start) / 1_000_000);
      Set<String> pids = new HashSet<>(client.gather(client.map(WorkerJvmTest::pidOf,
          IntStream.range(0, 50).boxed().toList())).await());
      assertEquals(Set.copyOf(cluster.workerPids().values().stream().map(String::valueOf).toList()), pids,
          "tasks ran in both worker JVMs, never in this one");
      assertFalse(pids.contains(String.valueOf(ProcessHandle.current().pid())));

      List<TaskFuture<Integer>> level = client.map(Demo::inc, IntStream.range(0, 512).boxed().toList());
      while (level.size() > 1) {
        List<TaskFuture<Integer>> next = new ArrayList<>();
        for (int i = 0; i < level.size(); i += 2) {
          next.add(client.submit(Demo::add, level.get(i), level.get(i + 1)));
        }
        level = next;
      }
      assertEquals(512 * 513 / 2, level.get(0).result());

      double[] big = new double[1_000_000];
      big[999_999] = 42;
      TaskFuture<double[]> array = client.submit((Integer n) -> {
        double[] a = new double[n];
        a[n - 1] = 42;
        return a;
      }, 1_000_000);
      assertEquals(42.0, client.submit((double[] a) -> a[a.length - 1], array).result());
      assertEquals(42.0, array.result()[999_999], "a value over the inline limit is fetched from its worker");
    }
  }

  static long slowInc(int x) throws InterruptedException {
    Thread.sleep(2);
    return x + 1L;
  }

  static long sum(long a, long b) {
    return a + b;
  }

  @Test
  void aGraphSurvivesAWorkerJvmKilledMidRun() {
    try (LocalCluster cluster = LocalCluster.builder().processes(true).nWorkers(3).threadsPerWorker(1).build();
         Client client = Client.connect(cluster)) {
      int leaves = 2_500;
      List<TaskFuture<Long>> level = client.map(WorkerJvmTest::slowInc, IntStream.range(0, leaves).boxed().toList());
      java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
      level.forEach(f -> f.onDone(x -> done.incrementAndGet()));
      int tasks = level.size();
      while (level.size() > 1) {
        List<TaskFuture<Long>> next = new ArrayList<>();
        for (int i = 0; i + 1 < level.size(); i += 2) {
          next.add(client.submit(WorkerJvmTest::sum, level.get(i), level.get(i + 1)));
        }
        if (level.size() % 2 == 1) {
          next.add(level.get(level.size() - 1));
        }
        tasks += level.size() / 2;
        level = next;
      }
      assertTrue(tasks >= 4_999, "tasks: " + tasks);
      Poll.until(Duration.ofMinutes(2), "a fifth of the leaves done", () -> done.get() >= leaves / 5);
      long victim = cluster.workerPids().get("worker-1");
      assertTrue(ProcessHandle.of(victim).orElseThrow().destroyForcibly(), "SIGKILL sent");
      assertTrue(done.get() < leaves, "killed mid-run: " + done.get() + " of " + leaves + " leaves done");
      TaskFuture<Long> total = level.get(0);
      try {
        assertEquals((long) leaves * (leaves + 1) / 2, total.result(Duration.ofMinutes(3)));
      } catch (WeftTimeoutException e) {
        throw new AssertionError("stuck; story of " + total.key() + ": " + client.story(total.key()).await()
            + "; info: " + cluster.scheduler() + " " + cluster.scheduler().tasksByState(), e);
      }
      assertEquals(1, cluster.workerDeaths().size(), cluster.workerDeaths().toString());
      assertTrue(cluster.workerDeaths().get(0).contains("SIGKILL"), cluster.workerDeaths().toString());
    }
  }

  @Test
  void twoClustersStartedAtOnceNeverSeeEachOthersWorkers() {
    io.vertx.core.Future<LocalCluster> a = LocalCluster.builder().processes(true).nWorkers(1).threadsPerWorker(1).buildAsync();
    io.vertx.core.Future<LocalCluster> b = LocalCluster.builder().processes(true).nWorkers(1).threadsPerWorker(1).buildAsync();
    try (LocalCluster first = a.await(); LocalCluster second = b.await();
         Client one = Client.connect(first); Client two = Client.connect(second)) {
      assertEquals(Map.of("worker-0", first.workerPids().get("worker-0")), one.run(() -> ProcessHandle.current().pid()).await());
      assertEquals(Map.of("worker-0", second.workerPids().get("worker-0")), two.run(() -> ProcessHandle.current().pid()).await());
      assertEquals(1, first.workers().size());
      assertEquals(1, second.workers().size());
    }
  }

  @Test
  void aFunctionThatCannotBeShippedFailsAtSubmit() {
    try (LocalCluster cluster = LocalCluster.builder().processes(true).nWorkers(1).threadsPerWorker(1).build();
         Client client = Client.connect(cluster)) {
      Object local = new Object();
      SerializationException e = assertThrows(SerializationException.class, () -> client.submit(x -> local.hashCode() + x, 1));
      assertTrue(e.getMessage().contains("java.lang.Object"), e.getMessage());
    }
  }

  @Test
  void aTaskThatKillsEveryWorkerErrsWithKilledWorkerAfterAllowedFailuresPlusOneDeaths() {
    try (LocalCluster cluster = LocalCluster.builder().processes(true).nWorkers(2).threadsPerWorker(1).build();
         Client client = Client.connect(cluster)) {
      TaskFuture<Integer> poison = client.submit(WorkerJvmTest::crash, 3);
      KilledWorkerException e = assertThrows(KilledWorkerException.class, () -> poison.result(Duration.ofMinutes(3)));
      assertTrue(e.getMessage().contains("crash"), e.getMessage());
      assertEquals(4, cluster.workerDeaths().size(), "allowed-failures (3) + 1 deaths: " + cluster.workerDeaths());
      assertTrue(cluster.workerDeaths().get(0).endsWith("exited with code 3"), cluster.workerDeaths().toString());
      assertEquals(11, client.submit(Demo::inc, 10).result(Duration.ofMinutes(2)), "the cluster keeps serving");
      Poll.until(Duration.ofMinutes(1), "the nannies restarted both workers", () -> cluster.workers().size() == 2);
      assertInstanceOf(KilledWorkerException.class, poison.exception());
    }
  }
}

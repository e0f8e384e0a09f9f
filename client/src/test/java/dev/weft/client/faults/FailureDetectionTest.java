package dev.weft.client.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.client.CancelledTaskException;
import dev.weft.client.Client;
import dev.weft.client.FutureStatus;
import dev.weft.client.Poll;
import dev.weft.client.SchedulerInfo;
import dev.weft.client.TaskFuture;
import dev.weft.client.WorkerInfo;
import dev.weft.protocol.KeyCancelled;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A worker JVM or a client JVM of a {@code bin/weft run} cluster killed with SIGKILL (by PID): the
 * scheduler hears of it from the cluster's membership within seconds, not after a TTL.
 */
@Tag("multi-jvm")
class FailureDetectionTest {

  private static final Duration START = Duration.ofMinutes(3);

  @Test
  void aGraphFinishesWithinThirtySecondsOfAWorkerJvmKilled() {
    try (WeftJvms jvms = new WeftJvms()) {
      jvms.startScheduler();
      List<JvmProcess> workers = List.of(jvms.startWorker("w1", 1), jvms.startWorker("w2", 1), jvms.startWorker("w3", 1));
      Client client = jvms.connect();
      client.waitForWorkers(3, START).await();
      int leaves = 2_500;
      List<TaskFuture<Long>> leafFutures = new ArrayList<>();
      TaskFuture<Long> root = FaultTasks.treeSum(client, leaves, leafFutures);
      AtomicInteger done = new AtomicInteger();
      leafFutures.forEach(f -> f.onDone(x -> done.incrementAndGet()));
      Poll.until(START, "a fifth of the leaves done", () -> done.get() >= leaves / 5);
      Instant killed = workers.get(1).killHard();
      assertTrue(done.get() < leaves, "killed part-way: " + done.get() + " of " + leaves + " leaves done");
      long total = root.result(Duration.ofSeconds(30));
      Duration after = Duration.between(killed, Instant.now());
      System.out.printf("5,000-task graph finished %d ms after SIGKILL of a worker JVM%n", after.toMillis());
      assertEquals((long) leaves * (leaves + 1) / 2, total);
      assertTrue(after.compareTo(Duration.ofSeconds(30)) < 0, "finished " + after.toMillis() + " ms after the kill");
      assertEquals(List.of("w1", "w3"), List.copyOf(client.schedulerInfo().await().workers().keySet()));
    }
  }

  @Test
  void theKeysOfAKilledClientJvmAreReleasedAndDroppedWithinFifteenSeconds() {
    try (WeftJvms jvms = new WeftJvms()) {
      Client observer = jvms.startCluster(2);
      JvmProcess holder = jvms.startJava(HoldingClient.class, jvms.clusterName(), "2000");
      holder.awaitLog(Pattern.compile("HELD 2000"), START);
      Poll.until(Duration.ofMinutes(1), "the workers report holding the 2,000 results",
          () -> storedKeys(observer.schedulerInfo().await()) >= 2_000);
      assertTrue(memory(observer.schedulerInfo().await()) >= 2_000);

      Instant killed = holder.killHard();
      Poll.until(Duration.ofSeconds(15), "the scheduler released the keys and the workers dropped the data", () -> {
        SchedulerInfo info = observer.schedulerInfo().await();
        return memory(info) == 0 && storedKeys(info) == 0;
      });
      System.out.printf("2,000 results of a SIGKILLed client released and dropped %d ms after the kill%n",
          Duration.between(killed, Instant.now()).toMillis());
    }
  }

  @Test
  void aScatteredKeyWhoseOnlyHolderIsKilledIsCancelledWithItsDependents() {
    try (WeftJvms jvms = new WeftJvms()) {
      jvms.startScheduler();
      JvmProcess w1 = jvms.startWorker("w1", 1);
      JvmProcess w2 = jvms.startWorker("w2", 1);
      Client client = jvms.connect();
      client.waitForWorkers(2, START).await();
      TaskFuture<Integer> scattered = client.scatter(41);
      assertEquals(41, scattered.result(Duration.ofMinutes(1)));
      String holder = client.whoHas(List.of(scattered)).await().get(scattered.key()).get(0);
      Instant killed = (holder.equals("w1") ? w1 : w2).killHard();
      Poll.until(Duration.ofSeconds(15), "the scattered key is cancelled", () -> scattered.status() == FutureStatus.CANCELLED);
      System.out.printf("scattered key cancelled %d ms after its only holder was SIGKILLed%n",
          Duration.between(killed, Instant.now()).toMillis());
      CancelledTaskException e = assertInstanceOf(CancelledTaskException.class, scattered.exception());
      assertTrue(e.getMessage().contains(KeyCancelled.LOST_SCATTERED_TASKS), e.getMessage());
      TaskFuture<Integer> dependent = client.submit(FaultTasks::inc, scattered);
      assertInstanceOf(CancelledTaskException.class, assertFails(dependent));
    }
  }

  private static Throwable assertFails(TaskFuture<?> f) {
    try {
      f.result(Duration.ofMinutes(1));
    } catch (RuntimeException e) {
      return e;
    }
    throw new AssertionError(f.key() + " did not fail");
  }

  private static long storedKeys(SchedulerInfo info) {
    return info.workers().values().stream().mapToLong(WorkerInfo::storedKeys).sum();
  }

  private static long memory(SchedulerInfo info) {
    return info.tasksByState().getOrDefault("memory", 0L);
  }
}

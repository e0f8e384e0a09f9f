package dev.weft.client.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.client.CancelledTaskException;
import dev.weft.client.Client;
import dev.weft.client.FutureStatus;
import dev.weft.client.Poll;
import dev.weft.client.TaskFuture;
import dev.weft.protocol.KeyCancelled;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The scheduler JVM killed with SIGKILL while a client waits: its pending futures fail with
 * {@code scheduler-connection-lost} within seconds; a new scheduler is started, the workers
 * register with it on their own, and the same client computes again.
 */
@Tag("multi-jvm")
class SchedulerLossTest {

  private static final Duration START = Duration.ofMinutes(3);

  @Test
  void pendingFuturesFailWhenTheSchedulerDiesAndTheClientWorksWithTheNextOne() {
    try (WeftJvms jvms = new WeftJvms()) {
      JvmProcess scheduler = jvms.startScheduler();
      jvms.startWorker("w1", 1);
      jvms.startWorker("w2", 1);
      Client client = jvms.connect();
      client.waitForWorkers(2, START).await();
      assertEquals(3, client.submit(FaultTasks::inc, 2).result(Duration.ofMinutes(1)));
      TaskFuture<Integer> finished = client.submit(FaultTasks::inc, 5);
      assertEquals(6, finished.result(Duration.ofMinutes(1)));
      List<TaskFuture<Integer>> pending = client.map(FaultTasks::sleep, List.of(600_000, 600_001, 600_002, 600_003));
      Poll.until(Duration.ofMinutes(1), "two long tasks running", () -> client.schedulerInfo().await().workers().values()
          .stream().mapToInt(w -> w.processing()).sum() >= 2);

      Instant killed = scheduler.killHard();
      Poll.until(Duration.ofSeconds(15), "every pending future fails",
          () -> pending.stream().allMatch(f -> f.status() == FutureStatus.CANCELLED));
      System.out.printf("pending futures cancelled %d ms after SIGKILL of the scheduler%n",
          Duration.between(killed, Instant.now()).toMillis());
      for (TaskFuture<Integer> f : pending) {
        CancelledTaskException e = assertInstanceOf(CancelledTaskException.class, f.exception());
        assertEquals(KeyCancelled.SCHEDULER_CONNECTION_LOST, e.reason());
      }
      assertEquals(6, finished.result(), "a result already held by the client (sent inline) stays available");

      Instant restarted = Instant.now();
      JvmProcess next = jvms.startScheduler();
      next.awaitLog(Pattern.compile("scheduler at "), START);
      client.waitForWorkers(2, START).await();
      System.out.printf("both workers registered with the new scheduler %d ms after it was started%n",
          Duration.between(restarted, Instant.now()).toMillis());
      assertEquals(500L * 501 / 2, FaultTasks.treeSum(client, 500, new java.util.ArrayList<>()).result(Duration.ofMinutes(2)));
      assertTrue(client.schedulerInfo().await().workers().keySet().containsAll(List.of("w1", "w2")));
    }
  }
}

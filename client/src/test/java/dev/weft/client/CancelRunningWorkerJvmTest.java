package dev.weft.client;

import static dev.weft.client.InterruptibleTasks.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cancelling running tasks on a worker in its own JVM: a task sleeping a minute is interrupted by
 * each of {@code TaskFuture.cancel(true)}, {@code Client.cancel(futures, true)} and
 * {@code RxClient.cancel(futures, true)}, and the worker's only thread runs the next task at once
 * (the times are printed); a task that ignores the interrupt leaves the worker working.
 */
@Tag("multi-jvm")
class CancelRunningWorkerJvmTest {

  /** Generous waits on a loaded machine. */
  private static final Duration WAIT = Duration.ofSeconds(60);
  /** Far below the minute a task that was not interrupted would keep the thread. */
  private static final long NEXT_TASK_WITHIN_MILLIS = 10_000;

  @TempDir
  Path dir;

  @Test
  void eachForcedCancelFreesTheWorkersOnlyThreadForTheNextTask() {
    try (LocalCluster cluster = LocalCluster.builder().processes(true).nWorkers(1).threadsPerWorker(1)
        .dashboardAddress(null).build();
         Client client = Client.connect(cluster)) {
      cancelsAMinuteLongTask(client, "TaskFuture.cancel(true)", f -> assertTrue(f.cancel(true)));
      cancelsAMinuteLongTask(client, "Client.cancel(futures, true)", f -> client.cancel(List.of(f), true).await());
      cancelsAMinuteLongTask(client, "RxClient.cancel(futures, true)",
          f -> client.rx().cancel(List.of(f), true).blockingAwait());

      Path marker = dir.resolve("stubborn");
      TaskFuture<String> stubborn = client.submit(InterruptibleTasks::ignoreInterrupts, marker.toString(), 2_000L);
      Poll.until(WAIT, "the stubborn task started", () -> read(marker).equals("started"));
      assertTrue(stubborn.cancel(true));
      assertEquals(List.of(2, 3, 4), client.gather(client.map(Demo::inc, List.of(1, 2, 3))).await(),
          "the worker JVM goes on running tasks");
      assertTrue(read(marker).endsWith(" interrupted=true"), read(marker));
      assertFalse(client.whoHas().await().containsKey(stubborn.key()), "its value was dropped");
    }
  }

  /** Starts a minute-long task, cancels it with {@code cancel}, and times the next task on the thread. */
  private void cancelsAMinuteLongTask(Client client, String how, Consumer<TaskFuture<String>> cancel) {
    Path marker = dir.resolve("slow-" + how.replaceAll("[^A-Za-z]", ""));
    TaskFuture<String> slow = client.submit(InterruptibleTasks::sleepAMinute, marker.toString());
    Poll.until(WAIT, how + ": the minute-long task started", () -> read(marker).equals("started"));

    long cancelledAt = System.currentTimeMillis();
    long t0 = System.nanoTime();
    cancel.accept(slow);
    long nextStarted = client.submit(InterruptibleTasks::startedAt, how.length()).result(WAIT);
    long nextDoneMillis = (System.nanoTime() - t0) / 1_000_000;

    System.out.printf("%s: the worker's thread started the next task %d ms after the cancel; its result came back"
        + " after %d ms%n", how, nextStarted - cancelledAt, nextDoneMillis);
    assertTrue(nextDoneMillis < NEXT_TASK_WITHIN_MILLIS, how + ": next task done after " + nextDoneMillis + " ms");
    assertEquals(FutureStatus.CANCELLED, slow.status());
  }
}

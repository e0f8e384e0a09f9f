package dev.weft.client;

import static dev.weft.client.InterruptibleTasks.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cancelling tasks that already run (issue 17): {@code cancel(true)} interrupts the task's thread on
 * its worker and {@link WorkerContext#cancelled()} turns true in it, so its thread runs the next
 * task; a task that ignores the interrupt runs to its end, keeps its thread until then, and its
 * result is dropped; a cancel without force, or of a task another client still wants, interrupts
 * nothing. (In one JVM; {@link CancelRunningWorkerJvmTest} does it with worker JVMs.)
 */
class CancelRunningTasksTest {

  /** Generous waits on a loaded machine, far below the minute the slow tasks would take. */
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir
  Path dir;

  @Test
  void aTaskIgnoringTheInterruptKeepsItsThreadUntilItEndsAndItsResultIsDropped() {
    Path marker = dir.resolve("stubborn");
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(1).threadsPerWorker(1).dashboardAddress(null).build();
         Client client = Client.connect(cluster)) {
      TaskFuture<String> stubborn = client.submit(InterruptibleTasks::ignoreInterrupts, marker.toString(), 3_000L);
      Poll.until(WAIT, "the stubborn task started", () -> read(marker).equals("started"));
      assertTrue(stubborn.cancel(true));
      TaskFuture<Long> next = client.submit(InterruptibleTasks::startedAt, 1);

      long nextStarted = next.result(WAIT);
      String ended = read(marker);
      assertTrue(ended.startsWith("ended ") && ended.endsWith(" interrupted=true"), ended);
      long stubbornEnded = Long.parseLong(ended.split(" ")[1]);
      assertTrue(nextStarted >= stubbornEnded,
          "the worker's only thread was not free before the stubborn task returned: " + nextStarted + " < " + stubbornEnded);

      assertEquals(FutureStatus.CANCELLED, stubborn.status());
      assertThrows(CancelledTaskException.class, () -> stubborn.result(WAIT));
      assertEquals(List.of(2, 3, 4), client.gather(client.map(Demo::inc, List.of(1, 2, 3))).await(),
          "the worker goes on running tasks");
      assertFalse(client.whoHas().await().containsKey(stubborn.key()), "the stubborn task's value was dropped");
      Poll.until(WAIT, "the worker has nothing left processing",
          () -> client.schedulerInfo().await().workers().values().stream().allMatch(w -> w.processing() == 0));
    }
  }

  @Test
  void aCooperativeTaskSeesCancelledAndItsThreadRunsTheNextTask() {
    Path marker = dir.resolve("cooperative");
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(1).threadsPerWorker(1).dashboardAddress(null).build();
         Client client = Client.connect(cluster)) {
      TaskFuture<String> cooperative = client.submit(InterruptibleTasks::untilCancelled, marker.toString());
      Poll.until(WAIT, "the cooperative task started", () -> read(marker).equals("started"));

      client.cancel(List.of(cooperative), true).await();

      assertEquals(2, client.submit(Demo::inc, 1).result(WAIT));
      assertEquals("saw cancelled, interrupted=true", read(marker));
      assertEquals(FutureStatus.CANCELLED, cooperative.status(), "its CancellationException is nobody's error");
    }
  }

  @Test
  void aCancelWithoutForceInterruptsNothing() {
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(1).threadsPerWorker(1).dashboardAddress(null).build();
         Client client = Client.connect(cluster)) {
      for (int round = 0; round < 2; round++) {
        Path marker = dir.resolve("polite-" + round);
        TaskFuture<String> polite = client.submit(InterruptibleTasks::sleepAndReport, marker.toString(), 1_500L);
        Poll.until(WAIT, "the task started", () -> read(marker).equals("started"));
        if (round == 0) {
          polite.cancel();
        } else {
          assertTrue(polite.cancel(false));
        }
        Poll.until(WAIT, "the task ended", () -> read(marker).startsWith("ended"));
        assertEquals("ended interrupted=false cancelled=false", read(marker), "today's behaviour: left to finish");
        assertEquals(FutureStatus.CANCELLED, polite.status());
      }
    }
  }

  @Test
  void aForcedCancelOfATaskAnotherClientWantsInterruptsNothing() {
    Path marker = dir.resolve("shared");
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(1).threadsPerWorker(1).dashboardAddress(null).build();
         Client a = Client.connect(cluster);
         Client b = Client.connect(cluster)) {
      TaskFuture<String> theirs = b.submit(InterruptibleTasks::sleepAndReport, marker.toString(), 1_500L);
      Poll.until(WAIT, "b's task started", () -> read(marker).equals("started"));
      TaskFuture<String> mine = a.submit(InterruptibleTasks::sleepAndReport, marker.toString(), 1_500L);
      assertEquals(theirs.key(), mine.key(), "one pure task wanted by both clients");

      a.cancel(List.of(mine), true).await();

      assertEquals(FutureStatus.CANCELLED, mine.status());
      assertEquals("reported", theirs.result(WAIT), "b still wants it: it ran on");
      assertEquals("ended interrupted=false cancelled=false", read(marker));
    }
  }

  @Test
  void forcedCancelsOfQueuedTasksFreeThemWithoutTouchingTheRunningOne() {
    Path marker = dir.resolve("running");
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(1).threadsPerWorker(1).dashboardAddress(null).build();
         Client client = Client.connect(cluster)) {
      TaskFuture<String> running = client.submit(InterruptibleTasks::sleepAndReport, marker.toString(), 1_500L);
      Poll.until(WAIT, "the first task started", () -> read(marker).equals("started"));
      List<TaskFuture<Long>> queued = IntStream.range(0, 3).mapToObj(i -> client.submit(InterruptibleTasks::startedAt, i)).toList();

      client.cancel(queued, true).await();

      assertEquals("reported", running.result(WAIT));
      assertEquals("ended interrupted=false cancelled=false", read(marker));
      assertTrue(queued.stream().allMatch(f -> f.status() == FutureStatus.CANCELLED));
    }
  }
}

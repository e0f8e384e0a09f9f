package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Fair share between clients (issue 17): client A queues 2,000 one-second tasks, then client B
 * submits 20. With fair share on (the default) B's tasks interleave with A's at once and all
 * finish long before A's 200th; off, dask's global order returns and B waits behind A's queue.
 */
class FairShareBetweenClientsTest {

  /** Tasks that ended, in order: "A" or "B" each (in-process cluster: the tasks run in this JVM). */
  private static final Queue<String> FINISHED = new ConcurrentLinkedQueue<>();
  private static final int A_TASKS = 2_000;
  private static final int B_TASKS = 20;

  @Test
  void aLaterClientsTasksFinishBeforeTheEarlierClientsTwoHundredth() {
    FINISHED.clear();
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(2).threadsPerWorker(2).build();
         Client a = Client.connect(cluster);
         Client b = Client.connect(cluster)) {
      List<TaskFuture<Integer>> aFutures = a.map(i -> oneSecond("A", i), IntStream.range(0, A_TASKS).boxed().toList());
      Poll.until(Duration.ofSeconds(60), "A's first tasks finished", () -> count("A") >= 4);
      assertEquals("share must be in 1e-6..1e6, got 0.0",
          assertThrows(IllegalArgumentException.class, () -> b.share(0).await()).getMessage());

      List<TaskFuture<Integer>> bFutures = b.map(i -> oneSecond("B", i), IntStream.range(0, B_TASKS).boxed().toList());
      assertEquals(B_TASKS, b.gather(bFutures).toCompletionStage().toCompletableFuture().join().size());

      long aBeforeLastB = aFinishedBeforeLastB();
      System.out.println("fair share: A's tasks finished before B's last: " + aBeforeLastB);
      assertTrue(aBeforeLastB < 200, "B's 20 tasks all finished before A's 200th; A had " + aBeforeLastB);
      a.cancel(aFutures);
    }
  }

  @Test
  void withFairShareOffTheLaterClientWaitsBehindTheEarlierOnesQueueAsInDask() {
    FINISHED.clear();
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(2).threadsPerWorker(2).fairShare(false).build();
         Client a = Client.connect(cluster);
         Client b = Client.connect(cluster)) {
      List<TaskFuture<Integer>> aFutures = a.map(i -> oneSecond("A", i), IntStream.range(0, A_TASKS).boxed().toList());
      Poll.until(Duration.ofSeconds(60), "A's first tasks finished", () -> count("A") >= 4);

      List<TaskFuture<Integer>> bFutures = b.map(i -> oneSecond("B", i), IntStream.range(0, B_TASKS).boxed().toList());
      long aAtSubmit = count("A");
      Poll.until(Duration.ofSeconds(120), "40 more of A's tasks finished", () -> count("A") >= aAtSubmit + 40);
      assertEquals(0, count("B"), "with fair share on, B would have had half of these slots");

      a.cancel(aFutures);
      assertEquals(B_TASKS, b.gather(bFutures).toCompletionStage().toCompletableFuture().join().size(),
          "B's tasks run once A's queue is gone");
    }
  }

  private static int oneSecond(String client, int i) throws InterruptedException {
    Thread.sleep(1_000);
    FINISHED.add(client);
    return i;
  }

  private static long count(String client) {
    return FINISHED.stream().filter(client::equals).count();
  }

  /** How many of A's tasks finished before B's last one. */
  private static long aFinishedBeforeLastB() {
    List<String> order = List.copyOf(FINISHED);
    return order.subList(0, order.lastIndexOf("B")).stream().filter("A"::equals).count();
  }
}

package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Priorities as dask honours them: a few tasks waiting behind a busy 1-thread worker all go to
 * the worker (only a function with more tasks than twice the cluster's threads queues on the
 * scheduler), and the worker runs the highest priority first.
 */
@ExtendWith(Gates.class)
class PrioritySemanticsTest {

  /** Labels of the tasks in the order they started. */
  private static final ConcurrentLinkedQueue<String> STARTED = new ConcurrentLinkedQueue<>();

  static String record(String label) {
    STARTED.add(label);
    return label;
  }

  @Test
  void behindABlockedThreadTheHighestPriorityRunsFirst() {
    STARTED.clear();
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(1).threadsPerWorker(1).dashboardAddress(null).build();
         Client client = Client.connect(cluster)) {
      TaskFuture<Integer> blocker = client.submit(Gates::gated, 0);
      Poll.until(Duration.ofSeconds(30), "the blocker runs", () -> cluster.scheduler().tasksByState().get("processing") == 1);
      TaskFuture<String> low = client.task(PrioritySemanticsTest::record, "low").priority(-1).pure(false).submit();
      TaskFuture<String> high = client.task(PrioritySemanticsTest::record, "high").priority(1).pure(false).submit();
      // Submitting is asynchronous: only once both wait on the worker does the order depend on priority alone.
      Poll.until(Duration.ofSeconds(30), "both wait for the worker's thread",
          () -> readyOnTheWorker(client, low) && readyOnTheWorker(client, high));
      Gates.open(0);
      assertEquals(0, blocker.result(Duration.ofSeconds(30)));
      client.gather(List.of(low, high)).await();
      assertEquals(List.of("high", "low"), List.copyOf(STARTED), "dask: highest priority first");
    }
  }

  /** Whether the worker's story of {@code f} shows it READY (queued for a thread there). */
  private static boolean readyOnTheWorker(Client client, TaskFuture<?> f) {
    return client.story(f.key()).await().stream().anyMatch(line -> !line.startsWith("scheduler ") && line.contains("->READY "));
  }
}

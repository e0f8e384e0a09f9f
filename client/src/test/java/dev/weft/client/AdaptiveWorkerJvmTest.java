package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code adapt} with worker JVMs: it starts JVMs under load and retires them when idle, their
 * values (larger than travels in a message, so the client fetches them from the workers) moving to
 * the JVM that stays. The client, whose futures still name the retired holders, finds the values
 * where the scheduler says they are now; nothing is recomputed (no run starts after the first
 * gather).
 */
@Tag("multi-jvm")
class AdaptiveWorkerJvmTest {

  /** Worker JVMs take seconds to start on a loaded machine. */
  private static final Duration LONG = Duration.ofMinutes(4);
  /** Ints per block: 100 KB, more than the 64 KiB that travel inline between JVMs. */
  private static final int BLOCK = 25_000;

  /** A block of {@value #BLOCK} ints, the first {@code i}, after 50 ms. */
  static int[] slowBlock(int i) throws InterruptedException {
    Thread.sleep(50);
    int[] block = new int[BLOCK];
    block[0] = i;
    return block;
  }

  @Test
  void workerJvmsGrowUnderLoadAndShrinkBackToOneKeepingEveryValue() {
    try (LocalCluster cluster = LocalCluster.builder().processes(true).nWorkers(1).threadsPerWorker(1)
            .dashboardAddress(null).build();
         Client client = Client.connect(cluster)) {
      Adaptive adaptive = cluster.adapt(1, 3, 200);
      List<TaskFuture<int[]>> blocks = client.map(AdaptiveWorkerJvmTest::slowBlock, IntStream.range(0, 300).boxed().toList());
      Poll.until(LONG, "a second worker JVM under load", () -> cluster.workers().size() > 1);
      assertBlocks(client.gather(blocks).await());
      Instant done = Instant.now();

      Poll.until(LONG, "back to one worker JVM when idle",
          () -> cluster.workerNames().size() == 1 && cluster.workers().size() == 1);
      adaptive.stop();
      String last = cluster.workerNames().get(0);
      assertEquals(Set.of(last), Set.copyOf(cluster.workerPids().keySet()));
      client.whoHas(blocks).await().forEach((key, holders) -> assertEquals(List.of(last), holders, key));

      assertBlocks(client.gather(blocks).await());
      List<TaskRecord> rerun = client.getTaskStream(Duration.ofMinutes(30)).await().stream()
          .filter(r -> r.prefix().equals("slowBlock") && r.start().isAfter(done)).toList();
      assertTrue(rerun.isEmpty(), "nothing recomputed: " + rerun);
    }
  }

  private static void assertBlocks(List<int[]> blocks) {
    assertEquals(300, blocks.size());
    for (int i = 0; i < blocks.size(); i++) {
      assertEquals(BLOCK, blocks.get(i).length);
      assertEquals(i, blocks.get(i)[0]);
    }
  }
}

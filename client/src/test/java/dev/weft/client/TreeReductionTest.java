package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.worker.verticle.WorkerVerticle;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A 10,000-task tree reduction on 2 workers × 1 thread; intermediates move worker to worker. */
class TreeReductionTest {

  @Test
  void tenThousandTaskTreeReduction() {
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(2).threadsPerWorker(1).build();
         Client client = Client.connect(cluster)) {
      int leaves = 5_000;
      List<TaskFuture<Integer>> level = client.map(Demo::inc, IntStream.range(0, leaves).boxed().toList());
      int tasks = level.size();
      while (level.size() > 1) {
        List<TaskFuture<Integer>> next = new ArrayList<>((level.size() + 1) / 2);
        for (int i = 0; i + 1 < level.size(); i += 2) {
          next.add(client.submit(Demo::add, level.get(i), level.get(i + 1)));
        }
        int paired = level.size() - level.size() % 2;
        if (paired < level.size()) {
          next.add(level.get(paired));
        }
        tasks += level.size() / 2;
        level.subList(0, paired).forEach(TaskFuture::release);
        level = next;
      }
      assertTrue(tasks >= 9_999, "tasks: " + tasks);
      long expected = (long) leaves * (leaves + 1) / 2;
      assertEquals(expected, (long) level.get(0).result());
      long peerTransfers = cluster.workerVerticles().values().stream().mapToLong(WorkerVerticle::keysServed).sum();
      assertTrue(peerTransfers > 0, "dependencies were fetched from peer workers");
      assertEquals(0, client.fetcher().fetches(), "the client never fetched an intermediate value");
    }
  }
}

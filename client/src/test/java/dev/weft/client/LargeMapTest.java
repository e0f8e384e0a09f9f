package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A map too large for one message to the scheduler still gives every item its task, in order. */
class LargeMapTest {

  @Test
  void aMapSpanningSeveralMessagesComputesEveryItemOnceInOrder() {
    int n = 2 * TaskSpecs.MAP_MESSAGE_TASKS + 7;
    List<Integer> items = new ArrayList<>(IntStream.range(0, n).boxed().toList());
    items.add(0); // equal calls in a later message than their first: one task, one key
    items.add(n - 1);
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(2).threadsPerWorker(1).build();
         Client client = Client.connect(cluster)) {
      List<TaskFuture<Integer>> futures = client.map(Demo::inc, items);
      List<Integer> values = client.gather(futures).await();
      assertEquals(items.size(), values.size());
      for (int i = 0; i < items.size(); i++) {
        assertEquals(items.get(i) + 1, values.get(i), "item " + i);
      }
      assertEquals(futures.get(0).key(), futures.get(n).key());
      assertEquals(futures.get(n - 1).key(), futures.get(n + 1).key());
    }
  }
}

package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.protocol.Addresses;
import dev.weft.protocol.DataReply;
import dev.weft.protocol.GetData;
import dev.weft.protocol.Message;
import dev.weft.protocol.wire.WireCodec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reference counting: when the last future of a key goes, the scheduler and the worker let go. */
class ReleaseTest {

  private static boolean workerHolds(LocalCluster cluster, String worker, String key) {
    Message reply = cluster.vertx().eventBus()
        .<Message>request(Addresses.worker(worker), new GetData(List.of(key)), WireCodec.OPTIONS).await().body();
    return ((DataReply) reply).data().containsKey(key);
  }

  @Test
  void releasingEveryFutureForgetsTheKeyAndFreesTheValue() {
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(1).threadsPerWorker(1).build();
         Client client = Client.connect(cluster)) {
      TaskFuture<Integer> a = client.submit(Demo::inc, 41);
      TaskFuture<Integer> b = client.submit(Demo::inc, 41);
      assertEquals(42, a.result());
      String key = a.key();
      Map<String, List<String>> who = client.whoHas().await();
      assertEquals(List.of("worker-0"), who.get(key));
      assertTrue(workerHolds(cluster, "worker-0", key));

      a.release();
      assertEquals(List.of("worker-0"), client.whoHas().await().get(key), "b still holds the key");
      b.release();
      Poll.until(Duration.ofSeconds(10), "scheduler forgets " + key,
          () -> !client.whoHas().await().containsKey(key));
      Poll.until(Duration.ofSeconds(10), "worker drops " + key, () -> !workerHolds(cluster, "worker-0", key));
      assertEquals(0L, cluster.scheduler().tasks());
    }
  }

  @Test
  void aCollectedFutureReleasesItsKey() {
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(1).threadsPerWorker(1).build();
         Client client = Client.connect(cluster)) {
      String key = submitAndForget(client);
      assertEquals(List.of("worker-0"), client.whoHas().await().get(key));
      Poll.until(Duration.ofSeconds(30), "garbage-collected future releases " + key, () -> {
        System.gc();
        return !client.whoHas().await().containsKey(key);
      });
      Poll.until(Duration.ofSeconds(10), "worker drops " + key, () -> !workerHolds(cluster, "worker-0", key));
    }
  }

  private static String submitAndForget(Client client) {
    TaskFuture<Integer> f = client.submit(Demo::inc, 7);
    assertEquals(8, f.result());
    return f.key();
  }
}

package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.protocol.Addresses;
import dev.weft.protocol.KeyCancelled;
import dev.weft.protocol.Payload;
import dev.weft.protocol.StoreData;
import dev.weft.protocol.cluster.Membership;
import dev.weft.protocol.wire.WireCodec;
import dev.weft.worker.verticle.WorkerVerticle;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A worker whose state machine throws does not stay broken: it reports the failure, leaves, and
 * registers again with a clean state, and the cluster computes on. In one JVM messages are not
 * checked (every sender is a Weft component), so an instruction that slips past the checks can be
 * played by sending it as the scheduler would.
 */
class WorkerRecoveryTest {

  @Test
  void aWorkerWhoseStateThrowsStartsAgainCleanAndKeepsServing() throws TimeoutException {
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(2).threadsPerWorker(1).validate(false).build();
         Client client = Client.connect(cluster)) {
      List<TaskFuture<String>> scattered = client.scatter(List.of("a", "b"));
      client.gather(scattered).await(2, TimeUnit.MINUTES);
      Map<String, List<String>> holders = client.whoHas(scattered).await();
      TaskFuture<String> onW0 = holders.get(scattered.get(0).key()).contains("worker-0") ? scattered.get(0) : scattered.get(1);
      TaskFuture<String> onW1 = onW0 == scattered.get(0) ? scattered.get(1) : scattered.get(0);
      assertEquals(List.of("worker-0"), holders.get(onW0.key()), "one value on each worker: " + holders);
      WorkerVerticle w0 = cluster.workerVerticles().get("worker-0");
      Map<String, Payload> broken = new HashMap<>();
      broken.put("k", null);
      cluster.vertx().eventBus().send(Addresses.worker("worker-0"), new StoreData(broken),
          WireCodec.options(Membership.nodeId(cluster.vertx())));

      Poll.until(Duration.ofSeconds(30), "the worker noticed its failure", () -> w0.failures() == 1);
      Poll.until(Duration.ofSeconds(30), "worker-0 left, dropping its value", () -> onW0.status() == FutureStatus.CANCELLED);
      assertEquals(KeyCancelled.LOST_SCATTERED_TASKS, ((CancelledTaskException) onW0.exception()).reason());
      assertEquals(FutureStatus.FINISHED, onW1.status(), "worker-1 kept its value");
      Poll.until(Duration.ofSeconds(30), "worker-0 registered again", () -> cluster.workers().containsKey("worker-0"));
      List<Integer> after = client.gather(client.map(Demo::inc, IntStream.range(0, 200).boxed().toList()))
          .await(2, TimeUnit.MINUTES);
      assertEquals(IntStream.range(1, 201).boxed().toList(), after);
      assertEquals(1, w0.failures());
    }
  }
}

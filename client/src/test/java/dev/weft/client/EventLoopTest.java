package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** No user code ever runs on an event-loop thread. */
class EventLoopTest {

  static String where(int ignored) {
    return (Context.isOnEventLoopThread() ? "event-loop:" : "task:") + Thread.currentThread().getName();
  }

  @Test
  void tasksAndCallbacksRunOffTheEventLoops() throws Exception {
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(2).threadsPerWorker(2).build();
         Client client = Client.connect(cluster)) {
      List<TaskFuture<String>> futures = client.map(EventLoopTest::where, IntStream.range(0, 200).boxed().toList());
      for (String w : client.gather(futures).await()) {
        assertTrue(w.startsWith("task:weft-worker-"), w);
      }
      CompletableFuture<Boolean> onLoop = new CompletableFuture<>();
      futures.get(0).onDone(f -> onLoop.complete(Context.isOnEventLoopThread()));
      assertFalse(onLoop.get(10, TimeUnit.SECONDS), "onDone callback ran on an event loop");
    }
  }

  @Test
  void blockingResultIsRefusedOnAnEventLoop() throws Exception {
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(1).build();
         Client client = Client.connect(cluster)) {
      TaskFuture<Integer> f = client.submit(Demo::inc, 1);
      Vertx vertx = cluster.vertx();
      CompletableFuture<Throwable> thrown = new CompletableFuture<>();
      vertx.runOnContext(v -> {
        try {
          f.result();
          thrown.complete(null);
        } catch (Throwable t) {
          thrown.complete(t);
        }
      });
      Throwable t = thrown.get(10, TimeUnit.SECONDS);
      assertTrue(t instanceof IllegalStateException, String.valueOf(t));
      assertEquals(2, f.result());
      assertThrows(IllegalStateException.class, () -> { throw t; });
    }
  }
}

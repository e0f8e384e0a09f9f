package dev.weft.scheduler.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.protocol.ClientHello;
import dev.weft.protocol.Payload;
import dev.weft.protocol.Promtool;
import dev.weft.protocol.QueueRequest;
import dev.weft.protocol.SemaphoreRequest;
import dev.weft.protocol.SharedValue;
import dev.weft.scheduler.state.SchedulerConfig;
import dev.weft.scheduler.state.SchedulerState;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics} carries each semaphore's leases (max, active, pending, acquired, released) and
 * each queue's length, follows semaphores as they are closed, and stays valid Prometheus text by
 * {@code promtool check metrics}.
 */
class CoordinationMetricsTest {

  private static final String NODE = "node-1";

  @Test
  void semaphoreLeasesAndQueueLengthsAreExposedAndPromtoolAcceptsThem() throws Exception {
    SchedulerState state = new SchedulerState(SchedulerConfig.defaults().withValidate(true));
    state.handle(new ClientHello("c1", NODE), NODE, 0);
    long id = 0;
    state.request(new SemaphoreRequest("c1", SemaphoreRequest.Op.ACQUIRE, "db", 2, "a", 0), NODE, ++id, 0);
    state.request(new SemaphoreRequest("c1", SemaphoreRequest.Op.ACQUIRE, "db", 2, "b", 0), NODE, ++id, 0);
    state.request(new SemaphoreRequest("c1", SemaphoreRequest.Op.ACQUIRE, "db", 2, "c", 10_000), NODE, ++id, 0);
    state.request(new SemaphoreRequest("c1", SemaphoreRequest.Op.RELEASE, "db", 2, "a", 0), NODE, ++id, 0);
    for (int i = 0; i < 3; i++) {
      state.request(new QueueRequest("c1", QueueRequest.Op.PUT, "jobs", 0, SharedValue.of(Payload.of(i)), 0, 0), NODE, ++id, 0);
    }
    Vertx vertx = Vertx.vertx();
    try (SchedulerMetrics metrics = new SchedulerMetrics(new SchedulerView(state, "addr", 0, () -> 0),
        new EventLoopLag(vertx), () -> 0)) {
      String text = metrics.scrape();
      for (String line : new String[] {
          "weft_semaphore_max_leases{name=\"db\"} 2.0",
          "weft_semaphore_active_leases{name=\"db\"} 2.0",
          "weft_semaphore_pending_leases{name=\"db\"} 0.0",
          "weft_semaphore_acquire_total{name=\"db\"} 3.0",
          "weft_semaphore_release_total{name=\"db\"} 1.0",
          "weft_queue_length{name=\"jobs\"} 3.0"}) {
        assertTrue(text.contains(line + "\n"), line + " in\n" + text);
      }
      Promtool.check(text);

      state.request(new SemaphoreRequest("c1", SemaphoreRequest.Op.CLOSE, "db", 2, "", 0), NODE, ++id, 1);
      state.request(new QueueRequest("c1", QueueRequest.Op.GET, "jobs", 0, null, 2, 0), NODE, ++id, 1);
      text = metrics.scrape();
      assertFalse(text.contains("name=\"db\""), "a closed semaphore's series are gone:\n" + text);
      assertTrue(text.contains("weft_queue_length{name=\"jobs\"} 1.0\n"), text);
      Promtool.check(text);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }
}

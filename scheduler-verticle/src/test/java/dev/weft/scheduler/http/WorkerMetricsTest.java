package dev.weft.scheduler.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.protocol.Heartbeat;
import dev.weft.protocol.Promtool;
import dev.weft.protocol.RegisterWorker;
import dev.weft.protocol.WorkerGoodbye;
import dev.weft.protocol.WorkerMemory;
import dev.weft.scheduler.state.SchedulerConfig;
import dev.weft.scheduler.state.SchedulerState;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics} carries each worker's memory (managed, unmanaged, spilled), spill traffic and
 * pause, follows workers as they come and go, and stays valid Prometheus text by
 * {@code promtool check metrics} (Debian package {@code prometheus}).
 */
class WorkerMetricsTest {

  private static final String NODE = "node-1";

  @Test
  void eachWorkersMemorySpillTrafficAndPauseAreExposedAndPromtoolAcceptsThem() throws Exception {
    SchedulerState state = new SchedulerState(SchedulerConfig.defaults().withValidate(true));
    state.handle(new RegisterWorker("w1", 1, 1L << 30, Map.of(), NODE), NODE, 0);
    state.handle(new RegisterWorker("w2", 1, 0, Map.of(), NODE), NODE, 0);
    state.handle(new Heartbeat("w1", 0, new WorkerMemory(5_000, 9_000, 7_000, 3, 8_000, 1_000, true, "memory 85% of the limit"),
        0, 0, 0, 0), NODE, 1);
    Vertx vertx = Vertx.vertx();
    try (SchedulerMetrics metrics = new SchedulerMetrics(new SchedulerView(state, "addr", 0, () -> 0),
        new EventLoopLag(vertx), () -> 0)) {
      String text = metrics.scrape();
      for (String line : new String[] {
          "weft_worker_memory_bytes{type=\"managed\",worker=\"w1\"} 5000.0",
          "weft_worker_memory_bytes{type=\"unmanaged\",worker=\"w1\"} 4000.0",
          "weft_worker_memory_bytes{type=\"spilled\",worker=\"w1\"} 7000.0",
          "weft_worker_memory_bytes{type=\"managed\",worker=\"w2\"} 0.0",
          "weft_worker_spilled_bytes_total{activity=\"write\",worker=\"w1\"} 8000.0",
          "weft_worker_spilled_bytes_total{activity=\"read\",worker=\"w1\"} 1000.0",
          "weft_worker_paused{worker=\"w1\"} 1.0",
          "weft_worker_paused{worker=\"w2\"} 0.0",
          "# HELP weft_worker_memory_bytes ",
          "# TYPE weft_worker_memory_bytes gauge",
          "# HELP weft_worker_paused ",
          "# TYPE weft_worker_paused gauge"}) {
        assertTrue(text.contains(line + (line.startsWith("#") ? "" : "\n")), line + " in\n" + text);
      }
      assertTrue(text.matches("(?s).*# TYPE weft_worker_spilled_bytes(_total)? counter\n.*"), text);
      Promtool.check(text);

      state.handle(new WorkerGoodbye("w2"), NODE, 2);
      state.handle(new Heartbeat("w1", 0, new WorkerMemory(6_000, 6_000, 0, 0, 9_000, 2_000, false, ""), 0, 0, 0, 0), NODE, 3);
      text = metrics.scrape();
      assertFalse(text.contains("worker=\"w2\""), "a departed worker's series are gone:\n" + text);
      assertTrue(text.contains("weft_worker_paused{worker=\"w1\"} 0.0\n"), text);
      assertTrue(text.contains("weft_worker_memory_bytes{type=\"spilled\",worker=\"w1\"} 0.0\n"), text);
      assertTrue(text.contains("weft_worker_spilled_bytes_total{activity=\"write\",worker=\"w1\"} 9000.0\n"), text);
      Promtool.check(text);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }
}

package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.protocol.Promtool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code /metrics} is valid Prometheus text by {@code promtool check metrics} (Debian package
 * {@code prometheus}), its per-state task counts are the scheduler's own, and each worker's memory,
 * spill traffic and pause are there.
 */
@ExtendWith(Gates.class)
class PrometheusMetricsTest {

  private static final Pattern TASKS = Pattern.compile("^weft_scheduler_tasks\\{state=\"([a-z-]+)\"} (\\S+)$", Pattern.MULTILINE);

  @Test
  void promtoolAcceptsTheMetricsAndTaskCountsMatchTheScheduler() throws Exception {
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(1).threadsPerWorker(1).dashboardAddress(":0").build();
        Client client = Client.connect(cluster);
        HttpGet http = new HttpGet()) {
      List<TaskFuture<Integer>> done = client.map(Demo::inc, IntStream.range(0, 50).boxed().toList());
      client.gather(done).await();
      TaskFuture<Integer> boom = client.submit(PrometheusMetricsTest::fail, 1);
      Poll.until(Duration.ofSeconds(30), "the failing task erred", boom::isDone);
      List<TaskFuture<Integer>> blocked = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        blocked.add(client.submit(Gates::gated, i));
      }
      Poll.until(Duration.ofSeconds(30), "a gated task processing and the rest queued", () -> {
        Map<String, Long> s = cluster.scheduler().tasksByState();
        return s.get("processing") >= 1 && s.get("processing") + s.get("queued") == 3;
      });

      String url = cluster.dashboardLink().replace("/status", "/metrics");
      http.stream(cluster.dashboardLink().replace("/status", "/api/v1/events"), line -> { });
      System.gc(); // gauges must not lose what they read to the garbage collector
      Poll.until(Duration.ofSeconds(30), "one open event stream on /metrics",
          () -> http.get(url).body().contains("weft_dashboard_event_streams 1.0"));
      String metrics = http.get(url).body();
      Map<String, Long> expected = cluster.scheduler().tasksByState();

      assertEquals(expected, taskCounts(metrics));
      assertEquals(50, expected.get("memory"));
      assertEquals(1, expected.get("erred"));
      assertTrue(metrics.contains("weft_scheduler_workers 1.0"), metrics);
      assertTrue(metrics.contains("weft_scheduler_threads 1.0"), metrics);
      assertTrue(metrics.contains("weft_scheduler_task_runs_total 51.0"), "50 finished + 1 erred");
      assertTrue(metrics.contains("weft_transfer_bytes_total"), metrics);
      assertTrue(metrics.contains("weft_scheduler_event_loop_lag_seconds"), metrics);
      assertTrue(metrics.contains("jvm_memory_used_bytes"), metrics);
      String worker = cluster.workers().keySet().iterator().next();
      for (String series : List.of("weft_worker_memory_bytes{type=\"managed\",worker=\"" + worker + "\"} ",
          "weft_worker_memory_bytes{type=\"unmanaged\",worker=\"" + worker + "\"} ",
          "weft_worker_memory_bytes{type=\"spilled\",worker=\"" + worker + "\"} ",
          "weft_worker_spilled_bytes_total{activity=\"write\",worker=\"" + worker + "\"} ",
          "weft_worker_spilled_bytes_total{activity=\"read\",worker=\"" + worker + "\"} ",
          "weft_worker_paused{worker=\"" + worker + "\"} ")) {
        assertTrue(metrics.contains(series), series + " in " + metrics);
      }
      Promtool.check(metrics);
      for (int i = 0; i < 3; i++) {
        Gates.open(i);
      }
      client.gather(blocked).await();
    }
  }

  static int fail(int x) {
    throw new IllegalStateException("fails on purpose: " + x);
  }

  private static Map<String, Long> taskCounts(String metrics) {
    Map<String, Long> out = new HashMap<>();
    Matcher m = TASKS.matcher(metrics);
    while (m.find()) {
      out.put(m.group(1), (long) Double.parseDouble(m.group(2)));
    }
    return out;
  }

}

package dev.weft.client.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.client.Client;
import dev.weft.client.LocalCluster;
import dev.weft.client.Poll;
import dev.weft.client.TaskFuture;
import io.vertx.core.json.JsonArray;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard in Debian's headless Chromium against a real cluster (2 workers × 2 threads):
 * while a 2,000-task graph runs, /status shows progress rising to complete, one row per worker
 * and a task stream with bars; the other pages fill from the same scheduler. Screenshots go to
 * {@code target/}. No page may log a JavaScript error.
 */
class DashboardBrowserTest {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final int PAIRS = 1_000;

  private static LocalCluster cluster;
  private static Client client;
  private static HeadlessChromium chrome;
  /** The dashboard's base URL, without the path. */
  private static String base;

  @BeforeAll
  static void start() {
    cluster = LocalCluster.builder().nWorkers(2).threadsPerWorker(2).dashboardAddress("127.0.0.1:0").build();
    client = Client.connect(cluster);
    base = cluster.dashboardLink().replace("/status", "");
    chrome = HeadlessChromium.launch();
  }

  @AfterEach
  void noPageErrors() {
    assertEquals(List.of(), chrome.pageErrors());
  }

  @AfterAll
  static void stop() {
    try {
      chrome.close();
    } finally {
      client.close();
      cluster.close();
    }
  }

  static int load(int x) throws InterruptedException {
    Thread.sleep(3);
    return x;
  }

  static int double_(int x) throws InterruptedException {
    Thread.sleep(3);
    return 2 * x;
  }

  static int fail(int x) {
    throw new IllegalArgumentException("no good: " + x);
  }

  private static void open(String page) {
    chrome.navigate(base + page);
    Poll.until(WAIT, "two live updates on " + page, () -> number("document.body.dataset.updates") >= 2);
  }

  /** The dataset of the progress row of {@code prefix} (undefined while there is none). */
  private static String row(String prefix) {
    return "document.querySelector('.prefix-row[data-prefix=\"" + prefix + "\"]')?.dataset";
  }

  private static long number(String expression) {
    return ((Number) chrome.evaluate("Number(" + expression + " ?? 0)")).longValue();
  }

  private static void screenshot(String name) throws Exception {
    Path png = Path.of("target", name);
    chrome.screenshot(png);
    assertTrue(Files.size(png) > 10_000, png + " is only " + Files.size(png) + " bytes");
  }

  @Test
  void statusFollowsA2000TaskGraphToCompletion() throws Exception {
    open("/status");

    List<TaskFuture<Integer>> loaded = new ArrayList<>();
    List<TaskFuture<Integer>> results = new ArrayList<>();
    for (int i = 0; i < PAIRS; i++) {
      loaded.add(client.submit(DashboardBrowserTest::load, i));
      results.add(client.submit(DashboardBrowserTest::double_, loaded.get(i)));
    }

    List<Long> seen = new ArrayList<>();
    Poll.until(WAIT, "progress of load and double_ to reach 2,000 of 2,000", () -> {
      long total = number(row("load") + ".total") + number(row("double_") + ".total");
      long done = number(row("load") + ".done") + number(row("double_") + ".done");
      if (seen.isEmpty() || seen.get(seen.size() - 1) != done) {
        seen.add(done);
      }
      return total == 2 * PAIRS && done == 2 * PAIRS;
    });
    assertTrue(seen.stream().anyMatch(d -> d > 0 && d < 2 * PAIRS), "progress seen part-way: " + seen);
    for (int i = 1; i < seen.size(); i++) {
      assertTrue(seen.get(i) >= seen.get(i - 1), "progress never goes back: " + seen);
    }
    assertEquals(PAIRS, number(row("load") + ".done"));
    assertEquals(PAIRS, number(row("double_") + ".total"));
    assertTrue(number("document.getElementById('progress-total').dataset.done") >= 2 * PAIRS);

    assertEquals(new JsonArray(List.of("worker-0", "worker-1")), chrome.evaluate(
        "[...document.querySelectorAll('#workers-table tbody tr[data-worker]')].map(r => r.dataset.worker).sort()"));
    Poll.until(WAIT, "the graph's bars in the task stream (other tests ran a handful of tasks)",
        () -> number("document.getElementById('task-stream').dataset.bars") > 100);
    assertEquals(4, number("document.getElementById('task-stream').dataset.lanes"), "2 workers x 2 threads");
    screenshot("dashboard-status.png");
    assertEquals(2 * (PAIRS - 1) * PAIRS / 2, client.gather(results).await().stream().mapToLong(Integer::longValue).sum());
    results.forEach(TaskFuture::release);
    loaded.forEach(TaskFuture::release);
  }

  @Test
  void smallGraphIsDrawn() throws Exception {
    TaskFuture<Integer> a = client.submit(DashboardBrowserTest::fail, 1);
    TaskFuture<Integer> b = client.submit(DashboardBrowserTest::fail, a);
    Poll.until(WAIT, "the small graph to err", b::isDone);
    open("/status");
    Poll.until(WAIT, "the task graph", () -> number("document.getElementById('task-graph').dataset.nodes") >= 2);
    assertTrue(number("document.getElementById('task-graph').dataset.edges") >= 1);
    a.release();
    b.release();
  }

  @Test
  void workersTasksAndInfoPagesFillFromTheScheduler() throws Exception {
    TaskFuture<Integer> bad = client.submit(DashboardBrowserTest::fail, 7);
    Poll.until(WAIT, "the failing task to err", bad::isDone);

    open("/workers");
    assertEquals(2, number("document.querySelectorAll('#workers-table tbody tr[data-worker]').length"));
    screenshot("dashboard-workers.png");

    open("/tasks");
    Poll.until(WAIT, "the erred task counted", () ->
        number("document.querySelector('#state-counts dd[data-state=\"erred\"]').dataset.count") == 1);
    screenshot("dashboard-tasks.png");

    open("/info?key=" + bad.key());
    Poll.until(WAIT, "the story of " + bad.key(), () -> number("document.getElementById('story-table').dataset.transitions") >= 3);
    assertEquals(cluster.scheduler().address(),
        chrome.evaluate("document.querySelector('#scheduler-info dd[data-field=\"address\"]').textContent"));
    screenshot("dashboard-info.png");
    bad.release();
  }
}

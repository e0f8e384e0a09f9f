package dev.weft.client.dashboard;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import dev.weft.client.Client;
import dev.weft.client.LocalCluster;
import dev.weft.client.Poll;
import dev.weft.client.TaskFuture;
import dev.weft.client.TaskRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The dashboard in Debian's headless Chromium, driven by Playwright, against a real cluster (2
 * workers × 2 threads): while a 2,000-task graph runs, /status shows progress rising to complete,
 * one row per worker and a task stream with bars; the other pages fill from the same scheduler;
 * /tasks opened after a computation shows its runs, also those older than its 60 s window; the task
 * graph is drawn while small and says why it is not when large. Screenshots go to {@code target/}.
 * No page may log a JavaScript error. Every wait on a page is a Playwright wait with a deadline of
 * {@link SystemChromium#TIMEOUT}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {

  private static final int PAIRS = 1_000;
  /** More tasks than /api/v1/graph returns (500). */
  private static final int LARGE_GRAPH = 600;
  /** The task stream window of /tasks (tasks.js WINDOW_MS). */
  private static final Duration TASKS_WINDOW = Duration.ofSeconds(60);
  /** Runs of {@link #early} that finish as the class starts, before any page is open. */
  private static final int EARLY = 6;
  /** Runs of {@link #settled} that finish just before /tasks opens. */
  private static final int SETTLED = 12;

  private static LocalCluster cluster;
  private static Client client;
  private static SystemChromium chromium;
  /** The dashboard's base URL, without the path. */
  private static String base;
  /**
   * A second cluster (1 worker × 2 threads) that runs only the /tasks history test's tasks, so
   * that its table of the latest runs is not filled by the other tests' thousands.
   */
  private static LocalCluster quiet;
  private static Client quietClient;
  /** Keys of the {@link #early} runs on {@link #quiet}, done before any page opened. */
  private static List<String> earlyKeys;
  /** When the last {@link #early} run stopped, by the scheduler's records. */
  private static Instant earlyStop;

  private Page page;

  @BeforeAll
  static void start() {
    cluster = LocalCluster.builder().nWorkers(2).threadsPerWorker(2).dashboardAddress("127.0.0.1:0").build();
    client = Client.connect(cluster);
    base = cluster.dashboardLink().replace("/status", "");
    quiet = LocalCluster.builder().nWorkers(1).threadsPerWorker(2).dashboardAddress("127.0.0.1:0").build();
    quietClient = Client.connect(quiet);
    List<TaskFuture<Integer>> early = quietClient.map(DashboardBrowserTest::early, IntStream.range(0, EARLY).boxed().toList());
    quietClient.gather(early).await();
    earlyKeys = early.stream().map(TaskFuture::key).toList();
    earlyStop = quietClient.getTaskStream(Duration.ofMinutes(10)).await().stream()
        .filter(r -> earlyKeys.contains(r.key()))
        .map(TaskRecord::stop)
        .max(Instant::compareTo)
        .orElseThrow();
    release(early);
    chromium = SystemChromium.launch();
    PlaywrightAssertions.setDefaultAssertionTimeout(SystemChromium.TIMEOUT.toMillis());
  }

  @BeforeEach
  void newPage() {
    page = chromium.newPage();
  }

  @AfterEach
  void noPageErrors() {
    // Closing the page's context also closes its event stream, so no update reaches a later test.
    if (page != null) {
      page.context().close();
    }
    assertEquals(List.of(), chromium.takePageErrors());
  }

  @AfterAll
  static void stop() {
    try {
      if (chromium != null) {
        chromium.close();
      }
    } finally {
      try {
        quietClient.close();
        quiet.close();
      } finally {
        client.close();
        cluster.close();
      }
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

  static int settled(int x) throws InterruptedException {
    Thread.sleep(2);
    return x + 1;
  }

  static int early(int x) {
    return -x;
  }

  static int held(int x) {
    return x;
  }

  /** Opens {@code path} of the main cluster's dashboard and waits for two live updates. */
  private void open(String path) {
    open(base, path);
  }

  /** Opens {@code path} under {@code baseUrl} and waits for two live updates. */
  private void open(String baseUrl, String path) {
    page.navigate(baseUrl + path);
    page.waitForFunction("Number(document.body.dataset.updates) >= 2");
  }

  /** The dataset of the progress row of {@code prefix} (undefined while there is none). */
  private static String row(String prefix) {
    return "document.querySelector('.prefix-row[data-prefix=\"" + prefix + "\"]')?.dataset";
  }

  private long number(String expression) {
    return ((Number) page.evaluate("Number(" + expression + " ?? 0)")).longValue();
  }

  private void screenshot(String name) throws Exception {
    Path png = Path.of("target", name);
    page.screenshot(new Page.ScreenshotOptions().setPath(png));
    assertTrue(Files.size(png) > 10_000, png + " is only " + Files.size(png) + " bytes");
  }

  private static <T> void release(List<TaskFuture<T>> futures) {
    futures.forEach(TaskFuture::release);
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

    // The page itself records every distinct "done" it shows, checked on each animation frame.
    page.waitForFunction(
        """
        pairs => {
          const row = (p) => document.querySelector(`.prefix-row[data-prefix="${p}"]`)?.dataset;
          const n = (v) => Number(v ?? 0);
          const total = n(row('load')?.total) + n(row('double_')?.total);
          const done = n(row('load')?.done) + n(row('double_')?.done);
          const seen = (window.weftSeen ??= []);
          if (seen[seen.length - 1] !== done) seen.push(done);
          return total === 2 * pairs && done === 2 * pairs;
        }
        """,
        PAIRS);
    @SuppressWarnings("unchecked")
    List<Number> seen = (List<Number>) page.evaluate("window.weftSeen");
    assertTrue(seen.stream().anyMatch(d -> d.longValue() > 0 && d.longValue() < 2 * PAIRS), "progress seen part-way: " + seen);
    for (int i = 1; i < seen.size(); i++) {
      assertTrue(seen.get(i).longValue() >= seen.get(i - 1).longValue(), "progress never goes back: " + seen);
    }
    assertEquals(PAIRS, number(row("load") + ".done"));
    assertEquals(PAIRS, number(row("double_") + ".total"));
    assertTrue(number("document.getElementById('progress-total').dataset.done") >= 2 * PAIRS);

    assertEquals(List.of("worker-0", "worker-1"), page.evaluate(
        "[...document.querySelectorAll('#workers-table tbody tr[data-worker]')].map(r => r.dataset.worker).sort()"));
    // The graph's bars in the task stream (other tests ran a handful of tasks).
    page.waitForFunction("Number(document.getElementById('task-stream').dataset.bars) > 100");
    assertEquals(4, number("document.getElementById('task-stream').dataset.lanes"), "2 workers x 2 threads");
    screenshot("dashboard-status.png");
    assertEquals(2 * (PAIRS - 1) * PAIRS / 2, client.gather(results).await().stream().mapToLong(Integer::longValue).sum());
    release(results);
    release(loaded);
  }

  @Test
  void smallGraphIsDrawn() throws Exception {
    TaskFuture<Integer> a = client.submit(DashboardBrowserTest::fail, 1);
    TaskFuture<Integer> b = client.submit(DashboardBrowserTest::fail, a);
    try {
      Poll.until(SystemChromium.TIMEOUT, "the small graph to err", b::isDone);
      open("/status");
      page.waitForFunction("Number(document.getElementById('task-graph').dataset.nodes) >= 2");
      assertTrue(number("document.getElementById('task-graph').dataset.edges") >= 1);
      assertThat(page.locator("#task-graph")).isVisible();
      assertThat(page.locator("#task-graph")).hasAttribute("data-truncated", "false");
      assertThat(page.locator("#graph-note")).isHidden();
    } finally {
      a.release();
      b.release();
    }
  }

  @Test
  void graphAbove500TasksSaysItIsTooLargeToDraw() throws Exception {
    List<TaskFuture<Integer>> held =
        client.map(DashboardBrowserTest::held, IntStream.range(0, LARGE_GRAPH).boxed().toList());
    try {
      client.gather(held).await();
      open("/status");
      assertThat(page.locator("#graph-note")).isVisible();
      assertThat(page.locator("#graph-note"))
          .hasText(Pattern.compile("graph of [\\d,]+ tasks is too large to draw \\(limit 500\\)"));
      String note = page.locator("#graph-note").textContent();
      long tasks = Long.parseLong(note.replaceAll("^.*graph of ([\\d,]+) tasks.*$", "$1").replace(",", ""));
      assertTrue(tasks >= LARGE_GRAPH, note);
      assertThat(page.locator("#task-graph")).isHidden();
      assertThat(page.locator("#task-graph")).hasAttribute("data-truncated", "true");
      assertEquals(0, number("document.getElementById('task-graph').dataset.nodes"));
      screenshot("dashboard-graph-too-large.png");
    } finally {
      release(held);
    }
  }

  /** Rows of the recent-tasks table for {@code keys}, counted by function (the table's second column). */
  private Object recentRowsByFunction(List<String> keys) {
    return page.evaluate(
        """
        keys => {
          const counts = {};
          for (const k of keys) {
            const cell = document.querySelector(`#recent-tasks tbody tr[data-key="${k}"] td:nth-child(2)`);
            if (cell) counts[cell.textContent] = (counts[cell.textContent] ?? 0) + 1;
          }
          return counts;
        }
        """,
        keys);
  }

  /**
   * Runs done before /tasks opens show there: the fresh ones in the table and as bars in the
   * stream, and the {@link #early} ones, by now older than the stream's 60 s window, in the table
   * of the latest runs. On the {@link #quiet} cluster, and ordered last so that the other tests
   * fill most of the wait for the early runs to leave the window.
   */
  @Test
  @Order(Integer.MAX_VALUE)
  void tasksPageShowsRunsThatFinishedBeforeItOpened() throws Exception {
    List<TaskFuture<Integer>> done =
        quietClient.map(DashboardBrowserTest::settled, IntStream.range(0, SETTLED).boxed().toList());
    try {
      assertEquals(SETTLED * (SETTLED + 1) / 2,
          quietClient.gather(done).await().stream().mapToInt(Integer::intValue).sum());
      List<String> keys = done.stream().map(TaskFuture::key).toList();
      // Not a synchronization: the scenario needs the early runs to have left the 60 s window.
      Instant outOfWindow = earlyStop.plus(TASKS_WINDOW).plusSeconds(2);
      Poll.until(Duration.between(Instant.now(), outOfWindow).plus(SystemChromium.TIMEOUT),
          "the early runs to be older than the /tasks window", () -> Instant.now().isAfter(outOfWindow));

      open(quiet.dashboardLink().replace("/status", ""), "/tasks");
      page.waitForFunction(
          "keys => keys.every(k => document.querySelector(`#recent-tasks tbody tr[data-key=\"${k}\"]`))", keys);
      page.waitForFunction("n => Number(document.getElementById('task-stream').dataset.bars) >= n", SETTLED);
      assertEquals(Map.of("settled", SETTLED), recentRowsByFunction(keys));
      page.waitForFunction(
          "keys => keys.every(k => document.querySelector(`#recent-tasks tbody tr[data-key=\"${k}\"]`))", earlyKeys);
      assertEquals(Map.of("early", EARLY), recentRowsByFunction(earlyKeys));
      assertEquals(SETTLED + EARLY, number("document.getElementById('recent-tasks').dataset.rows"));
      assertEquals(SETTLED, number("document.getElementById('task-stream').dataset.bars"), "only the window's runs are drawn");
      screenshot("dashboard-tasks-history.png");
    } finally {
      release(done);
    }
  }

  @Test
  void workersTasksAndInfoPagesFillFromTheScheduler() throws Exception {
    TaskFuture<Integer> bad = client.submit(DashboardBrowserTest::fail, 7);
    try {
      Poll.until(SystemChromium.TIMEOUT, "the failing task to err", bad::isDone);

      open("/workers");
      assertEquals(2, number("document.querySelectorAll('#workers-table tbody tr[data-worker]').length"));
      @SuppressWarnings("unchecked")
      List<String> statuses = (List<String>) page.evaluate(
          "[...document.querySelectorAll('#workers-table tbody tr[data-worker]')].map(r => r.dataset.status)");
      assertTrue(statuses.stream().allMatch(s -> s.equals("running") || s.equals("paused")), statuses.toString());
      assertEquals(2, number("document.querySelectorAll('#workers-table tbody .mem-bar .mem-managed + .mem-unmanaged + .mem-spilled').length"),
          "each memory bar is split managed / unmanaged / spilled");
      assertTrue(((String) page.evaluate("document.querySelector('#workers-table tbody .mem-bar').title")).startsWith("managed "),
          "the numbers are in the bar's title");
      screenshot("dashboard-workers.png");

      open("/tasks");
      assertThat(page.locator("#state-counts dd[data-state=\"erred\"]")).hasAttribute("data-count", "1");
      screenshot("dashboard-tasks.png");

      open("/info?key=" + bad.key());
      page.waitForFunction("Number(document.getElementById('story-table').dataset.transitions) >= 3");
      assertEquals(cluster.scheduler().address(),
          page.evaluate("document.querySelector('#scheduler-info dd[data-field=\"address\"]').textContent"));
      screenshot("dashboard-info.png");
    } finally {
      bad.release();
    }
  }
}

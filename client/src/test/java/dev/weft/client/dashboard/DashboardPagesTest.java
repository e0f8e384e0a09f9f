package dev.weft.client.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.client.Poll;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Loads the real dashboard pages in headless Chromium against {@link FakeDashboardServer} and checks
 * the DOM hooks the pages promise (ids and data attributes), with screenshots in {@code target/}.
 */
class DashboardPagesTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private static FakeDashboardServer server;
  private static HeadlessChromium chrome;

  @BeforeAll
  static void start() throws Exception {
    server = new FakeDashboardServer();
    chrome = HeadlessChromium.launch();
  }

  @AfterEach
  void noPageErrors() {
    assertEquals(List.of(), chrome.pageErrors());
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (chrome != null) {
        chrome.close();
      }
    } finally {
      server.close();
    }
  }

  private static void open(String page) {
    chrome.navigate(server.base() + page);
    Poll.until(WAIT, "two SSE updates on " + page, () -> number("document.body.dataset.updates") >= 2);
  }

  private static long number(String expression) {
    return ((Number) chrome.evaluate("Number(" + expression + " ?? 0)")).longValue();
  }

  private static Path screenshot(String name) throws Exception {
    Path png = Path.of("target", name);
    chrome.screenshot(png);
    assertTrue(Files.size(png) > 1000, png + " is " + Files.size(png) + " bytes");
    return png;
  }

  @Test
  void statusShowsStreamProgressWorkersAndGraph() throws Exception {
    open("/status");
    Poll.until(WAIT, "bars in the task stream", () -> number("document.getElementById('task-stream').dataset.bars") > 0);
    assertEquals(3, number("document.getElementById('task-stream').dataset.lanes"));
    assertEquals(2, number("document.querySelectorAll('#workers-table tr[data-worker]').length"));
    assertEquals(
        new JsonObject().put("done", "1").put("total", "2"),
        chrome.evaluate("(({done, total}) => ({done, total}))(document.querySelector('.prefix-row[data-prefix=\"inc\"]').dataset)"));
    assertEquals(2, number("document.getElementById('progress-total').dataset.done"));
    assertEquals(3, number("document.getElementById('progress-total').dataset.total"));
    Poll.until(WAIT, "the task graph", () -> number("document.getElementById('task-graph').dataset.nodes") == 3);
    assertEquals(2, number("document.getElementById('task-graph').dataset.edges"));
    screenshot("dashboard-status.png");
  }

  @Test
  void workersAndTasksPagesFillTheirTables() throws Exception {
    open("/workers");
    assertEquals(2, number("document.querySelectorAll('#workers-table tr[data-worker]').length"));
    screenshot("dashboard-workers.png");

    open("/tasks");
    Poll.until(WAIT, "recent task rows", () -> number("document.getElementById('recent-tasks').dataset.rows") >= 2);
    assertEquals(1, number("document.querySelector('#state-counts dd[data-state=\"erred\"]').dataset.count"));
    screenshot("dashboard-tasks.png");
  }

  @Test
  void infoLooksUpAStory() throws Exception {
    open("/info");
    assertEquals(
        "inproc://127.0.0.1/1", chrome.evaluate("document.querySelector('#scheduler-info dd[data-field=\"address\"]').textContent"));
    chrome.evaluate(
        "document.getElementById('story-key').value = 'inc-1';"
            + " document.getElementById('story-form').requestSubmit()");
    Poll.until(WAIT, "the story table", () -> number("document.getElementById('story-table').dataset.transitions") == 3);
    screenshot("dashboard-info.png");
  }
}

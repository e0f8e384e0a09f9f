package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The scheduler's HTTP server against a real in-process cluster: the JSON API agrees with the
 * scheduler's own answers, events stream, nothing can be posted, and the client-side diagnostics
 * ({@code dashboardLink}, {@code getTaskStream}, {@code getLogs}) work.
 */
class DashboardApiTest {

  private static LocalCluster cluster;
  private static Client client;
  private static HttpGet http;
  /** The dashboard's base URL, without the path. */
  private static String base;

  @BeforeAll
  static void start() {
    cluster = LocalCluster.builder().nWorkers(2).threadsPerWorker(2).dashboardAddress("127.0.0.1:0").build();
    client = Client.connect(cluster);
    http = new HttpGet();
    base = cluster.dashboardLink().replace("/status", "");
  }

  @AfterAll
  static void stop() {
    http.close();
    client.close();
    cluster.close();
  }

  @Test
  void dashboardLinkNamesTheStatusPageOnTheBoundPort() {
    assertTrue(cluster.dashboardLink().matches("http://127\\.0\\.0\\.1:\\d+/status"), cluster.dashboardLink());
    assertNotEquals("http://127.0.0.1:0/status", cluster.dashboardLink());
    assertEquals(cluster.dashboardLink(), client.dashboardLink());
    assertEquals(200, http.get(base + "/health").status());
    assertEquals("ok", http.get(base + "/health").body());
  }

  @Test
  void noDashboardMeansNoLink() {
    try (LocalCluster quiet = LocalCluster.builder().nWorkers(0).dashboardAddress(null).build();
        Client c = Client.connect(quiet)) {
      assertNull(quiet.dashboardLink());
      assertNull(c.dashboardLink());
    }
  }

  @Test
  void aTakenPortFallsBackToAFreeOne() {
    int taken = Integer.parseInt(base.substring(base.lastIndexOf(':') + 1));
    try (LocalCluster second = LocalCluster.builder().nWorkers(0).dashboardAddress("127.0.0.1:" + taken).build()) {
      assertNotNull(second.dashboardLink());
      assertNotEquals(cluster.dashboardLink(), second.dashboardLink());
      assertEquals("ok", http.get(second.dashboardLink().replace("/status", "/health")).body());
    }
  }

  @Test
  void apiAgreesWithTheSchedulersOwnCounts() {
    List<TaskFuture<Integer>> futures = client.map(DashboardApiTest::square, IntStream.range(0, 300).boxed().toList());
    client.gather(futures).await();

    JsonObject tasks = http.get(base + "/api/v1/tasks").json();
    SchedulerInfo info = cluster.scheduler();
    for (Map.Entry<String, Long> e : info.tasksByState().entrySet()) {
      assertEquals(e.getValue(), tasks.getJsonObject("byState").getLong(e.getKey()), e.getKey());
    }
    JsonObject square = prefix(tasks, "square");
    assertEquals(300, square.getLong("memory"));
    assertEquals(300, square.getLong("total"));

    JsonObject apiInfo = http.get(base + "/api/v1/info").json();
    assertEquals(info.address(), apiInfo.getString("address"));
    assertEquals(2, apiInfo.getInteger("workers"));
    assertEquals(4, apiInfo.getInteger("threads"));
    assertEquals(cluster.dashboardLink(), apiInfo.getString("dashboard"));

    JsonArray workers = http.get(base + "/api/v1/workers").json().getJsonArray("workers");
    assertEquals(info.workers().keySet(), java.util.Set.copyOf(workers.stream()
        .map(w -> ((JsonObject) w).getString("id")).toList()));
    for (Object o : workers) {
      JsonObject w = (JsonObject) o;
      assertEquals(info.workers().get(w.getString("id")).status(), w.getString("status"), w.encode());
      assertTrue(java.util.Set.of("running", "paused").contains(w.getString("status")), w.encode());
      for (String field : List.of("managedBytes", "unmanagedBytes", "spilledBytes", "spilledKeys")) {
        assertTrue(w.getLong(field) >= 0, field + " in " + w.encode());
      }
      assertEquals(w.getString("status").equals("paused"), !w.getString("pauseReason").isEmpty(), w.encode());
    }
    long held = workers.stream().mapToLong(w -> ((JsonObject) w).getLong("keys")).sum();
    assertEquals(tasks.getJsonObject("byState").getLong("memory"), held, "each value in memory is held by one worker");
    futures.forEach(TaskFuture::release);
  }

  /** A function only this test submits, so its counts are its own. */
  static int square(int x) {
    return x * x;
  }

  private static JsonObject prefix(JsonObject tasks, String name) {
    return tasks.getJsonArray("prefixes").stream().map(JsonObject.class::cast)
        .filter(p -> p.getString("name").equals(name)).findFirst().orElseThrow();
  }

  @Test
  void taskStreamRecordsEachRunOnALaneOfItsWorker() {
    long before = System.currentTimeMillis();
    List<TaskFuture<Integer>> futures = client.map(Demo::inc, IntStream.range(1000, 1040).boxed().toList());
    client.gather(futures).await();
    List<String> keys = futures.stream().map(TaskFuture::key).toList();

    List<TaskRecord> runs = client.getTaskStream(Duration.ofMinutes(5)).await().stream()
        .filter(r -> keys.contains(r.key())).toList();
    assertEquals(40, runs.size());
    for (TaskRecord r : runs) {
      assertEquals("inc", r.prefix());
      assertTrue(r.thread() >= 0 && r.thread() < 2, r.toString());
      assertTrue(!r.stop().isBefore(r.start()) && r.start().toEpochMilli() >= before - 1000, r.toString());
      assertTrue(r.ok());
    }

    JsonArray api = http.get(base + "/api/v1/task-stream?since=" + before).json().getJsonArray("records");
    List<String> apiKeys = api.stream().map(o -> ((JsonObject) o).getString("key")).toList();
    assertTrue(apiKeys.containsAll(keys), "every run of the map is in /api/v1/task-stream");
    futures.forEach(TaskFuture::release);
  }

  @Test
  void storyAndGraphOfASmallGraph() throws Exception {
    TaskFuture<Integer> a = client.submit(Demo::inc, 41);
    TaskFuture<Integer> b = client.submit(Demo::add, a, 1);
    assertEquals(43, b.get());

    JsonObject story = http.get(base + "/api/v1/story/" + b.key()).json();
    JsonArray steps = story.getJsonArray("transitions");
    assertEquals("released", steps.getJsonObject(0).getString("from"));
    assertEquals("memory", steps.getJsonObject(steps.size() - 1).getString("to"));

    JsonObject graph = http.get(base + "/api/v1/graph").json();
    if (!graph.getBoolean("truncated")) {
      assertTrue(graph.getJsonArray("edges").contains(new JsonArray().add(a.key()).add(b.key())), graph.encode());
    }
    a.release();
    b.release();
  }

  @Test
  void eventStreamSendsUpdatesWithRunsAsTheyFinish() {
    List<String> received = new java.util.concurrent.CopyOnWriteArrayList<>();
    http.stream(base + "/api/v1/events", received::add);
    // A stream starts at the runs recorded when it opens: submit only once the server has opened it.
    Poll.until(Duration.ofSeconds(20), "the event stream open", () -> received.stream().anyMatch(l -> l.startsWith(": weft dashboard events")));
    List<TaskFuture<Integer>> futures = new ArrayList<>(client.map(Demo::inc, IntStream.range(5000, 5010).boxed().toList()));
    client.gather(futures).await();

    Poll.until(Duration.ofSeconds(20), "an update carrying the finished runs", () -> {
      String all = String.join("\n", received);
      return all.contains("event: update") && futures.stream().allMatch(f -> all.contains(f.key()));
    });
    String data = received.stream().filter(l -> l.startsWith("data: ")).findFirst().orElseThrow().substring(6);
    JsonObject update = new JsonObject(data);
    assertTrue(update.containsKey("info") && update.containsKey("workers") && update.containsKey("tasks")
        && update.containsKey("stream"), update.fieldNames().toString());
    futures.forEach(TaskFuture::release);
  }

  @Test
  void theServerIsReadOnly() {
    assertEquals(405, http.send("POST", base + "/api/v1/info").status());
    assertEquals(405, http.send("PUT", base + "/metrics").status());
    assertEquals(404, http.get(base + "/api/v1/nothing-here").status());
    assertEquals(404, http.get(base + "/pom.xml").status(), "the module directory is not served");
  }

  @Test
  void pagesAreServedFromTheWebrootJar() {
    for (String page : List.of("status", "workers", "tasks", "info")) {
      HttpGet.Response r = http.get(base + "/" + page);
      assertEquals(200, r.status(), page);
      assertTrue(r.contentType().startsWith("text/html"), page + ": " + r.contentType());
    }
    assertEquals(302, http.get(base + "/").status());
  }

  @Test
  void logsHaveOneEntryPerComponent() {
    Map<String, String> logs = cluster.getLogs();
    assertEquals(List.of("Cluster", "Scheduler", "worker-0", "worker-1"), new ArrayList<>(logs.keySet()));
    assertTrue(logs.get("Scheduler").contains("dashboard at " + cluster.dashboardLink()), logs.get("Scheduler"));
    assertTrue(logs.get("worker-0").contains("worker worker-0 registered"), logs.get("worker-0"));
    assertTrue(logs.get("Cluster").contains("started"), logs.get("Cluster"));
  }
}

package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * dask's {@code test_steal_more_attractive_tasks}, in spirit: 50 slow tasks that all need one
 * small value held by one of two workers pile up on that worker (data locality); work stealing
 * moves enough of them to the other worker that both run more than 10. Without stealing, the
 * holder runs all 50.
 */
class WorkStealingTest {

  @Test
  void slowTasksOnTheHolderOfTheirInputAreSharedWithTheIdleWorker() {
    Map<String, Integer> ran = runOnTwoWorkers(true, (cluster, client) -> {
      String base = cluster.dashboardLink().replace("/status", "");
      try (HttpGet http = new HttpGet()) {
        String info = http.get(base + "/api/v1/info").body();
        long steals = new io.vertx.core.json.JsonObject(info).getLong("steals");
        assertTrue(steals > 0, "the dashboard counts the steals: " + info);
        assertTrue(http.get(base + "/metrics").body().contains("weft_scheduler_steals_total " + steals + ".0"),
            "and /metrics counts the same");
      }
    });
    assertEquals(2, ran.size(), "both workers ran tasks: " + ran);
    ran.values().forEach(n -> assertTrue(n > 10, "each ran more than 10 of 50: " + ran));
  }

  @Test
  void withoutStealingTheHolderRunsThemAll() {
    Map<String, Integer> ran = runOnTwoWorkers(false, (cluster, client) -> { });
    assertEquals(List.of(50), List.copyOf(ran.values()), "all on the holder: " + ran);
  }

  /** Tasks run per worker name; {@code after} looks at the cluster once they have all run. */
  private static Map<String, Integer> runOnTwoWorkers(boolean stealing, java.util.function.BiConsumer<LocalCluster, Client> after) {
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(2).threadsPerWorker(1).dashboardAddress(":0")
            .workStealing(stealing).build();
         Client client = Client.connect(cluster)) {
      TaskFuture<Integer> small = client.scatter(1);
      List<TaskFuture<String>> slow = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        slow.add(client.submit(WorkStealingTest::slowOn, small, i));
      }
      Map<String, Integer> ran = new TreeMap<>();
      for (String worker : client.gather(slow).await()) {
        ran.merge(worker, 1, Integer::sum);
      }
      after.accept(cluster, client);
      return ran;
    }
  }

  /** Sleeps 100 ms and names the worker it ran on. */
  static String slowOn(int input, int i) throws InterruptedException {
    Thread.sleep(100);
    return WorkerContext.current().workerName();
  }
}

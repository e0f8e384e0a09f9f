package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Raw key → task graphs: building, checking, and running them locally and on a cluster. */
class GraphTest {

  /** Executions of {@link #counted}. */
  static final AtomicInteger COUNTED = new AtomicInteger();

  /** x * 10, counting executions. */
  static int counted(int x) {
    COUNTED.incrementAndGet();
    return x * 10;
  }

  private static Graph small() {
    return Graph.builder()
        .put("c", Demo::add, Graph.ref("a"), Graph.ref("b"))       // put before its dependencies
        .put("a", Demo::inc, 1)
        .put("b", Demo::add, Graph.ref("a"), 2)
        .put("unused", GraphTest::counted, Graph.ref("a"))
        .build();
  }

  @Test
  void buildOrdersKeysAfterTheirDependencies() {
    Graph g = small();
    List<String> keys = List.copyOf(g.keys());
    assertEquals(4, g.size());
    assertTrue(keys.indexOf("a") < keys.indexOf("b"), keys.toString());
    assertTrue(keys.indexOf("b") < keys.indexOf("c"), keys.toString());
    assertEquals(List.of("a", "b"), g.dependencies("c"));
    assertEquals(List.of("a"), g.dependencies("b"));
    assertEquals(List.of(), g.dependencies("a"));
  }

  @Test
  void localSchedulersRunOnlyWhatTheRequestedKeysNeed() {
    Graph g = small();
    int before = COUNTED.get();
    for (Scheduler s : List.of(Schedulers.synchronous(), Schedulers.threaded(3))) {
      Map<String, Object> values = s.get(g, List.of("c", "a"));
      assertEquals(List.of("c", "a"), List.copyOf(values.keySet()), "in the order asked");
      assertEquals(2, values.get("a"));
      assertEquals(6, values.get("c"));
    }
    assertEquals(before, COUNTED.get(), "'unused' was not run");
    assertEquals(Map.of("unused", 20), Schedulers.synchronous().get(g, List.of("unused")));
    assertEquals(before + 1, COUNTED.get());
  }

  @Test
  void clientGetRunsARawGraphOnTheClusterAndReleasesIt() {
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(2).threadsPerWorker(1).build();
         Client client = Client.connect(cluster)) {
      int before = COUNTED.get();
      Graph g = small();
      Map<String, Object> values = client.get(g, List.of("c", "b")).await();
      assertEquals(List.of("c", "b"), List.copyOf(values.keySet()));
      assertEquals(6, values.get("c"));
      assertEquals(4, values.get("b"));
      assertEquals(before, COUNTED.get(), "'unused' was not sent");
      assertEquals(Map.of("b", 4), client.get(Graph.builder().put("a", Demo::inc, 1)
          .put("b", Demo::add, Graph.ref("a"), 2).build(), List.of("b")).await());
      Poll.until(Duration.ofSeconds(10), "the graph's keys are released",
          () -> client.whoHas().await().keySet().stream().noneMatch(k -> List.of("a", "b", "c").contains(k)));
      assertEquals(Map.of("c", 6), Schedulers.distributed(client).get(g, List.of("c")));
    }
  }

  @Test
  void aFailingTaskFailsClientGet() {
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(2).threadsPerWorker(1).build();
         Client client = Client.connect(cluster)) {
      Graph g = Graph.builder().put("bad", DelayedTest::fail, 7).put("after", Demo::inc, Graph.ref("bad")).build();
      RemoteTaskException e = assertThrows(RemoteTaskException.class,
          () -> Schedulers.distributed(client).get(g, List.of("after")));
      assertTrue(e.getCause() instanceof IllegalStateException, String.valueOf(e.getCause()));
      assertEquals("no 7", e.getCause().getMessage());
    }
  }

  @Test
  void cyclesAreRejectedNamingAKey() {
    GraphBuilder b = Graph.builder()
        .put("a", Demo::inc, Graph.ref("c"))
        .put("b", Demo::inc, Graph.ref("a"))
        .put("c", Demo::add, Graph.ref("b"), 1)
        .put("d", Demo::inc, 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
    assertTrue(e.getMessage().contains("cycle"), e.getMessage());
    assertTrue(e.getMessage().contains("'a'") || e.getMessage().contains("'b'") || e.getMessage().contains("'c'"),
        e.getMessage());
    assertFalse(e.getMessage().contains("d"), e.getMessage());

    IllegalArgumentException self = assertThrows(IllegalArgumentException.class,
        () -> Graph.builder().put("s", Demo::inc, Graph.ref("s")).build());
    assertTrue(self.getMessage().contains("'s'") && self.getMessage().contains("cycle"), self.getMessage());
  }

  @Test
  void missingReferencesAndDuplicateKeysAreRejectedNamingTheKey() {
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> Graph.builder().put("a", Demo::inc, 1).put("b", Demo::add, Graph.ref("a"), Graph.ref("x")).build());
    assertTrue(missing.getMessage().contains("'b'") && missing.getMessage().contains("'x'"), missing.getMessage());

    IllegalArgumentException duplicate = assertThrows(IllegalArgumentException.class,
        () -> Graph.builder().put("a", Demo::inc, 1).put("a", Demo::inc, 2));
    assertTrue(duplicate.getMessage().contains("'a'"), duplicate.getMessage());

    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> Schedulers.synchronous().get(small(), List.of("nope")));
    assertTrue(unknown.getMessage().contains("'nope'"), unknown.getMessage());
  }

  @Test
  void aDeepRawChainBuildsAndRuns() {
    GraphBuilder b = Graph.builder();
    for (int i = 19_999; i >= 1; i--) {                           // dependents first: build() goes 20,000 deep
      b.put("k" + i, Demo::inc, Graph.ref("k" + (i - 1)));
    }
    b.put("k0", Demo::inc, 0);
    Graph g = b.build();
    assertEquals(20_000, g.size());
    assertEquals("k0", g.keys().iterator().next());
    assertEquals(Map.of("k19999", 20_000), Schedulers.threaded(2).get(g, List.of("k19999")));
    assertEquals(20_000, b.keys().size());
  }
}

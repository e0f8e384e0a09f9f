package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link Delayed}: the API.md example, keys, graphs, failures, compute and persist on a cluster. */
class DelayedTest {

  /** Executions of {@link #counted}. */
  static final AtomicInteger COUNTED = new AtomicInteger();

  /** x * 2, counting executions. */
  static int counted(int x) {
    COUNTED.incrementAndGet();
    return x * 2;
  }

  static int fail(int x) {
    throw new IllegalStateException("no " + x);
  }

  @Test
  void apiExampleCompilesAndComputes() {
    Delayed<Integer> x = Delayed.call(Demo::inc, 1);
    Delayed<Integer> y = Delayed.call(Demo::add, x, 10);       // Delayed arguments = edges
    int v = y.compute();                                     // default scheduler (see below)
    int w = y.compute(Schedulers.synchronous());             // single thread, for debugging
    Graph g = Graph.builder().put("a", Demo::inc, 1).put("b", Demo::add, Graph.ref("a"), 2).build();

    assertEquals(12, v);
    assertEquals(12, w);
    assertEquals(Map.of("a", 2, "b", 4), Schedulers.synchronous().get(g, List.of("a", "b")));
    assertEquals(List.of(x.key()), y.graph().dependencies(y.key()));
  }

  @Test
  void readmeSnippet() {
    String printed = StdoutCapture.capture(() -> {
      Delayed<Integer> x = Delayed.call(Demo::inc, 1);             // nothing runs yet
      Delayed<Integer> y = Delayed.call(Demo::add, x, 10);         // a Delayed argument is a graph edge
      System.out.println(y.compute(Schedulers.synchronous()));     // 12, on this thread (debugging)
      System.out.println(y.compute(Schedulers.threaded(4)));       // 12, on a local thread pool
      try (Client client = Client.create()) {                      // the newest client is the default
        System.out.println(y.compute());                           // 12, on the cluster
        Delayed<Integer> p = client.persist(x);                    // x's value stays on a worker
        System.out.println(client.compute(Delayed.call(Demo::add, p, p)).result()); // 4, x not run again
        Graph g = Graph.builder()
            .put("a", Demo::inc, 1)
            .put("b", Demo::add, Graph.ref("a"), 2)                // Graph.ref: an edge to key "a"
            .build();                                              // rejects cycles and missing keys
        System.out.println(client.get(g, List.of("b")).await());   // {b=4}
      }
    });
    assertEquals(List.of("12", "12", "12", "4", "{b=4}"), printed.lines().toList());
  }

  @Test
  void keysArePureAndDelayedArgumentsAreKeyedByTheirKeys() {
    Delayed<Integer> x1 = Delayed.call(Demo::inc, 1);
    Delayed<Integer> x2 = Delayed.call(Demo::inc, 1);
    assertEquals(x1.key(), x2.key());
    assertTrue(x1.key().startsWith("inc-"), x1.key());
    assertTrue(x1.isPure());
    assertNotEquals(x1.key(), Delayed.call(Demo::inc, 2).key());
    assertEquals(Delayed.call(Demo::add, x1, 10).key(), Delayed.call(Demo::add, x2, 10).key());
    assertNotEquals(Delayed.call(Demo::add, x1, 10).key(), Delayed.call(Demo::add, 10, x1).key());

    Delayed<Integer> impure = x1.withPure(false);
    assertNotEquals(x1.key(), impure.key());
    assertNotEquals(impure.key(), x1.withPure(false).key());
    assertFalse(impure.isPure());
    assertEquals(x1.key(), impure.withPure(true).key());
    Delayed<Integer> named = x1.withKey("my-x");
    assertEquals("my-x", named.key());
    assertEquals(2, named.compute(Schedulers.synchronous()));
    Delayed<Integer> onNamed = Delayed.call(Demo::add, named, 10);
    assertEquals(List.of("my-x"), onNamed.graph().dependencies(onNamed.key()));
    assertEquals(12, onNamed.compute(Schedulers.synchronous()));
  }

  @Test
  void theGraphHoldsEachSharedCallOnceAfterItsDependencies() {
    Delayed<Integer> a = Delayed.call(Demo::inc, 1);
    Delayed<Integer> b = Delayed.call(Demo::add, a, 10);
    Delayed<Integer> c = Delayed.call(Demo::add, Delayed.call(Demo::inc, 1), 20);   // a again, as another object
    Delayed<Integer> d = Delayed.call(Demo::add, b, c);
    Graph g = d.graph();
    assertEquals(4, g.size());
    List<String> keys = List.copyOf(g.keys());
    assertEquals(a.key(), keys.get(0));
    assertEquals(d.key(), keys.get(3));
    assertEquals(List.of(b.key(), c.key()), g.dependencies(d.key()));
    assertEquals(34, d.compute(Schedulers.synchronous()));
  }

  @Test
  void aDeepChainNeedsNoDeepStack() {
    Delayed<Integer> chain = Delayed.call(Demo::inc, 0);
    for (int i = 1; i < 20_000; i++) {
      chain = Delayed.call(Demo::inc, chain);
    }
    assertEquals(20_000, chain.graph().size());
    assertEquals(20_000, chain.compute(Schedulers.synchronous()));
    assertEquals(20_000, chain.compute(Schedulers.threaded(2)));
  }

  @Test
  void aFailingFunctionThrowsRemoteTaskExceptionWithTheOriginalCauseLocally() {
    Delayed<Integer> bad = Delayed.call(Demo::add, Delayed.call(DelayedTest::fail, 3), 1);
    for (Scheduler s : List.of(Schedulers.synchronous(), Schedulers.threaded(2))) {
      RemoteTaskException e = assertThrows(RemoteTaskException.class, () -> bad.compute(s), s.toString());
      assertInstanceOf(IllegalStateException.class, e.getCause());
      assertEquals("no 3", e.getCause().getMessage());
    }
  }

  @Test
  void localSchedulersNeedNoSerializationButTheClusterDoes() {
    Object unserializable = new Object();
    Delayed<String> local = Delayed.call(() -> "captured " + (unserializable != null));
    assertEquals("captured true", local.compute(Schedulers.synchronous()));
    assertEquals("captured true", local.compute(Schedulers.threaded(1)));
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(2).threadsPerWorker(1).build();
         Client client = Client.connect(cluster)) {
      SerializationException e = assertThrows(SerializationException.class, () -> client.compute(local));
      assertTrue(e.getMessage().contains("java.lang.Object"), e.getMessage());
    }
  }

  @Test
  void clientComputeSendsTheGraphAndGivesAFutureOnTheRootKey() {
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(2).threadsPerWorker(1).build();
         Client client = Client.connect(cluster)) {
      Delayed<Integer> x = Delayed.call(Demo::inc, 1);
      Delayed<Integer> y = Delayed.call(Demo::add, x, 10);
      assertEquals(client.submit(Demo::inc, 1).key(), x.key(), "keys are derived as submit derives them");
      TaskFuture<Integer> f = client.compute(y);
      assertEquals(y.key(), f.key());
      assertEquals(12, f.result());
      Map<String, List<String>> who = client.whoHas().await();
      assertTrue(who.containsKey(y.key()), "the wanted key stays while its future lives: " + who);
      f.release();
      Poll.until(Duration.ofSeconds(10), "released " + y.key(), () -> !client.whoHas().await().containsKey(y.key()));
    }
  }

  @Test
  void persistKeepsTheValueOnAWorkerAndDelayedsBuiltOnItReuseIt() {
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(2).threadsPerWorker(1).build();
         Client client = Client.connect(cluster)) {
      int before = COUNTED.get();
      Delayed<Integer> base = Delayed.call(DelayedTest::counted, 21);
      Delayed<Integer> p = client.persist(base);
      assertTrue(p.isPersisted());
      assertEquals(base.key(), p.key());
      Poll.until(Duration.ofSeconds(10), "a worker holds " + p.key(), () -> client.whoHas().await().containsKey(p.key()));
      assertEquals(before + 1, COUNTED.get());

      Scheduler cluster1 = Schedulers.distributed(client);
      assertEquals(43, Delayed.call(Demo::add, p, 1).compute(cluster1));
      assertEquals(43, Delayed.call(Demo::inc, p).compute());           // the client is the default
      assertEquals(84, client.compute(Delayed.call(Demo::add, p, p)).result());
      assertEquals(42, p.compute(cluster1));
      assertEquals(42, p.compute(Schedulers.synchronous()), "local schedulers fetch the persisted value");
      assertEquals(42, base.compute(cluster1), "the same pure call finds the held key");
      assertEquals(before + 1, COUNTED.get(), "the persisted call ran once");
      assertTrue(client.whoHas().await().containsKey(p.key()), "still held after its dependents are released");

      Delayed<Integer> plain = Delayed.call(DelayedTest::counted, 5);
      assertEquals(10, plain.compute(cluster1));
      assertEquals(10, plain.compute(cluster1));
      assertEquals(before + 3, COUNTED.get(), "without persist, each computation runs the call again");
    }
  }

  @Test
  void aPersistedDelayedThatIsCollectedReleasesItsKey() {
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(2).threadsPerWorker(1).build();
         Client client = Client.connect(cluster)) {
      String key = persistAndForget(client);
      Poll.until(Duration.ofSeconds(30), "a collected persisted Delayed releases " + key, () -> {
        System.gc();
        return !client.whoHas().await().containsKey(key);
      });
    }
  }

  private static String persistAndForget(Client client) {
    Delayed<Integer> p = client.persist(Delayed.call(Demo::inc, 99));
    assertEquals(100, p.compute(Schedulers.distributed(client)));
    assertTrue(client.whoHas().await().containsKey(p.key()));
    return p.key();
  }

  @Test
  void aValuePersistedByAnotherClientIsRejected() {
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(2).threadsPerWorker(1).build();
         Client one = Client.connect(cluster);
         Client two = Client.connect(cluster)) {
      Delayed<Integer> p = one.persist(Delayed.call(Demo::inc, 1));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> two.compute(Delayed.call(Demo::inc, p)));
      assertTrue(e.getMessage().contains(p.key()), e.getMessage());
    }
  }

}

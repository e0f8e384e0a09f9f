package dev.weft.client.coordination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.client.Client;
import dev.weft.client.LocalCluster;
import dev.weft.client.Poll;
import dev.weft.client.TaskFuture;
import dev.weft.client.WeftException;
import dev.weft.client.WeftTimeoutException;
import dev.weft.client.WorkerContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Dask's coordination semantics on an in-process cluster, used from tasks through
 * {@link WorkerContext#client()}: a lock never has two holders, a semaphore of 2 never three, a
 * queue carries items from producer tasks in order, a variable's get and an event's wait return
 * once another task sets them, a published dataset outlives its publisher, and event topics keep
 * and send what is logged, the scheduler's own worker losses included.
 */
class CoordinationTest {

  private static final Duration LONG = Duration.ofMinutes(2);

  /** Holders of the lock or semaphore under test now, and the most seen at once (tasks share this JVM). */
  static final AtomicInteger HOLDERS = new AtomicInteger();
  static final AtomicInteger MOST_HOLDERS = new AtomicInteger();
  /** When the test set the variable or event (nanoTime), and whether the waiting task has started. */
  static final AtomicLong SET_AT = new AtomicLong(Long.MAX_VALUE);
  static final AtomicInteger STARTED = new AtomicInteger();

  private static LocalCluster cluster;
  private static Client client;

  @BeforeAll
  static void start() {
    cluster = LocalCluster.builder().nWorkers(2).threadsPerWorker(4).dashboardAddress(null).build();
    client = Client.connect(cluster);
  }

  @AfterAll
  static void stop() {
    client.close();
    cluster.close();
  }

  /** Holds {@code lock} {@code times} times for a moment each, counting holders; returns how often it held it. */
  static int holdRepeatedly(String name, int maxLeases, int times) throws InterruptedException {
    Client c = WorkerContext.current().client();
    Semaphore s = maxLeases == 1 ? null : c.semaphore(name, maxLeases);
    Lock lock = maxLeases == 1 ? c.lock(name) : null;
    for (int i = 0; i < times; i++) {
      assertTrue(lock != null ? lock.acquire().await() : s.acquire().await());
      MOST_HOLDERS.accumulateAndGet(HOLDERS.incrementAndGet(), Math::max);
      Thread.sleep(5);
      HOLDERS.decrementAndGet();
      if (lock != null) {
        lock.release().await();
      } else {
        s.release().await();
      }
    }
    return times;
  }

  @Test
  void twoTasksContendingForALockNeverOverlap() {
    HOLDERS.set(0);
    MOST_HOLDERS.set(0);
    List<TaskFuture<Integer>> tasks = List.of(
        client.task(CoordinationTest::holdRepeatedly, "L", 1, 20).pure(false).submit(),
        client.task(CoordinationTest::holdRepeatedly, "L", 1, 20).pure(false).submit());
    assertEquals(List.of(20, 20), client.gather(tasks).await());
    assertEquals(1, MOST_HOLDERS.get(), "at most one holder at a time");
    assertFalse(client.lock("L").locked().await());
    assertThrows(WeftException.class, () -> client.lock("L").release().await(), "released more than acquired");
  }

  @Test
  void aSemaphoreOfTwoNeverHasThreeHoldersAcross50Tasks() {
    HOLDERS.set(0);
    MOST_HOLDERS.set(0);
    List<TaskFuture<Integer>> tasks = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      tasks.add(client.task(CoordinationTest::holdRepeatedly, "db", 2, 1).pure(false).submit());
    }
    assertEquals(50, client.gather(tasks).await().stream().mapToInt(Integer::intValue).sum());
    assertEquals(2, MOST_HOLDERS.get(), "8 threads contend for 2 leases: 2 holders at most, and at times");
    assertEquals(0, client.semaphore("db", 2).getValue().await());
  }

  /** Puts "producer-i" for i below {@code n} into queue {@code name}. */
  static int produce(String name, String producer, int n) {
    Queue<String> q = WorkerContext.current().client().queue(name);
    for (int i = 0; i < n; i++) {
      q.put(producer + "-" + i).await();
    }
    return n;
  }

  @Test
  void aQueueCarries1000ItemsFromProducerTasksToAConsumerInOrder() {
    List<TaskFuture<Integer>> producers = new ArrayList<>();
    for (int p = 0; p < 4; p++) {
      producers.add(client.task(CoordinationTest::produce, "items", "p" + p, 250).pure(false).submit());
    }
    Queue<String> q = client.queue("items");
    Map<String, Integer> next = new HashMap<>();
    for (int i = 0; i < 1_000; i++) {
      String[] item = q.get(LONG).await().split("-");
      assertEquals(next.getOrDefault(item[0], 0), Integer.parseInt(item[1]), "each producer's items in order");
      next.put(item[0], Integer.parseInt(item[1]) + 1);
    }
    assertEquals(Map.of("p0", 250, "p1", 250, "p2", 250, "p3", 250), next);
    assertEquals(1_000, client.gather(producers).await().stream().mapToInt(Integer::intValue).sum());
    assertEquals(0, q.qsize().await());
    assertThrows(WeftTimeoutException.class, () -> q.get(Duration.ofMillis(100)).await());
  }

  @Test
  void aFutureInAQueueIsKeptUntilTakenAndTheTakerGetsItsValue() {
    TaskFuture<Integer> x = client.submit((Integer a) -> a + 1, 41);
    Queue<TaskFuture<Integer>> q = client.queue("futures", 10);
    q.put(x).await();
    x.release();
    List<TaskFuture<Integer>> got = q.getBatch().await();
    assertEquals(1, got.size());
    assertEquals(42, got.get(0).result(LONG));
  }

  /** Records that it started, then waits for variable {@code name}; returns when (nanoTime) it got the value, and the value. */
  static List<Long> awaitVariable(String name) {
    Variable<Long> v = WorkerContext.current().client().variable(name);
    STARTED.incrementAndGet();
    long value = v.get().await();
    return List.of(System.nanoTime(), value);
  }

  @Test
  void variableGetWaitsUntilSet() {
    STARTED.set(0);
    TaskFuture<List<Long>> reader = client.task(CoordinationTest::awaitVariable, "v").pure(false).submit();
    Poll.until(LONG, "the reader task started", () -> STARTED.get() == 1);
    long setAt = System.nanoTime();
    client.<Long>variable("v").set(7L).await();
    List<Long> got = reader.result(LONG);
    assertEquals(7L, got.get(1));
    assertTrue(got.get(0) >= setAt, "the get returned after the set");
    assertThrows(WeftTimeoutException.class, () -> client.variable("unset").get(Duration.ofMillis(100)).await());
  }

  /** Records that it started, then waits on event {@code name}; returns when (nanoTime) the wait returned. */
  static long awaitEvent(String name) {
    Event e = WorkerContext.current().client().event(name);
    STARTED.incrementAndGet();
    assertTrue(e.waitFor().await());
    return System.nanoTime();
  }

  /** Sets event {@code name} once {@code waiters} tasks wait on it; returns when (nanoTime) it set it. */
  static long setEvent(String name, int waiters) {
    Poll.until(LONG, "the waiters started", () -> STARTED.get() == waiters);
    long at = System.nanoTime();
    WorkerContext.current().client().event(name).set().await();
    return at;
  }

  @Test
  void eventWaitReturnsWhenAnotherTaskSetsIt() {
    STARTED.set(0);
    TaskFuture<Long> waiter = client.task(CoordinationTest::awaitEvent, "go").pure(false).submit();
    TaskFuture<Long> setter = client.task(CoordinationTest::setEvent, "go", 1).pure(false).submit();
    assertTrue(waiter.result(LONG) >= setter.result(LONG), "the wait returned after the set");
    assertTrue(client.event("go").isSet().await());
    assertTrue(client.event("go").wait(Duration.ZERO).await(), "a set event's wait returns at once");
    assertFalse(client.event("never").wait(Duration.ofMillis(100)).await());
  }

  @Test
  void aPublishedDatasetIsReadByASecondClientAndSurvivesTheFirstClientsClose() {
    try (Client first = Client.connect(cluster)) {
      TaskFuture<Integer> x = first.submit((Integer a) -> a * 2, 21);
      first.publishDataset("answer", x).await();
      assertThrows(WeftException.class, () -> first.publishDataset("answer", x).await(), "a taken name");
    }
    try (Client second = Client.connect(cluster)) {
      assertTrue(second.listDatasets().await().contains("answer"));
      TaskFuture<Integer> read = second.<Integer>getDataset("answer").await();
      assertEquals(42, read.result(LONG));
      second.unpublishDataset("answer").await();
      assertThrows(WeftException.class, () -> second.getDataset("answer").await());
      assertEquals(null, second.getDataset("answer", null).await());
    }
  }

  @Test
  void getEventsReturnsWhatLogEventWroteAndASubscriberSeesAWorkerLeave() {
    client.logEvent("progress", Map.of("done", 3)).await();
    client.logEvent("progress", "finished").await();
    List<TopicEvent> events = client.getEvents("progress").await();
    assertEquals(List.of(Map.of("done", 3), "finished"), events.stream().map(TopicEvent::message).toList());
    assertTrue(events.get(0).time().toEpochMilli() <= events.get(1).time().toEpochMilli());

    try (LocalCluster two = LocalCluster.builder().nWorkers(2).threadsPerWorker(1).dashboardAddress(null).build();
         Client watcher = Client.connect(two)) {
      List<TopicEvent> seen = new CopyOnWriteArrayList<>();
      watcher.subscribeTopic("all", seen::add).await();
      two.scale(1).await();
      Poll.until(LONG, "a remove-worker event", () -> seen.stream().anyMatch(e -> e.message() instanceof Map<?, ?> m
          && "remove-worker".equals(m.get("action")) && two.workers().size() == 1 && !two.workers().containsKey(m.get("worker"))));
      watcher.unsubscribeTopic("all").await();
    }
  }

  @Test
  void aMultiLockHoldsItsLocksTogether() {
    MultiLock both = client.multiLock("a", "b");
    assertTrue(both.acquire().await());
    assertTrue(both.locked());
    MultiLock other = client.multiLock("b", "c");
    assertFalse(other.acquire(Duration.ofMillis(100)).await());
    both.release().await();
    assertTrue(other.acquire(Duration.ofSeconds(30)).await());
    other.release().await();
    assertThrows(WeftException.class, () -> other.release().await());
  }

  @Test
  void sharedObjectsTravelIntoTasksAndBindToTheTasksClient() {
    Lock lock = client.lock("captured");
    List<TaskFuture<Boolean>> tasks = IntStream.range(0, 4).mapToObj(i -> client.submit((Integer n) -> {
      boolean got = lock.acquire(Duration.ofSeconds(30)).await();
      lock.release().await();
      return got;
    }, i)).toList();
    assertEquals(List.of(true, true, true, true), client.gather(tasks).await());
  }
}

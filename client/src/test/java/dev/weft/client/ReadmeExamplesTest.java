package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import dev.weft.client.coordination.Lock;
import dev.weft.client.coordination.Queue;
import dev.weft.client.coordination.Semaphore;
import dev.weft.client.coordination.TopicEvent;
import dev.weft.client.coordination.Variable;
import dev.weft.client.rx.RxClient;
import io.reactivex.rxjava3.core.Single;
import java.time.Duration;
import com.hazelcast.config.Config;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The README's Java samples: each appears verbatim (up to whitespace) in this file, where it is
 * compiled and run with its printed output checked.
 */
class ReadmeExamplesTest {

  private static final Path README = Path.of("../README.md");
  private static final Path SELF = Path.of("src/test/java/dev/weft/client/ReadmeExamplesTest.java");

  @Test
  void everyReadmeSampleIsCompiledHere() throws IOException {
    String self = squash(Files.readString(SELF, StandardCharsets.UTF_8));
    List<String> samples = javaBlocks(Files.readString(README, StandardCharsets.UTF_8));
    assertTrue(samples.size() >= 2, "README has Java samples");
    for (String sample : samples) {
      assertTrue(self.contains(squash(sample)), "README sample not compiled by this test:\n" + sample);
    }
  }

  @Test
  void quickStart() {
    String printed = StdoutCapture.capture(() -> {
      try (Client client = Client.create()) {                    // embedded cluster, closed with the client
        TaskFuture<Integer> a = client.submit(x -> x + 1, 10);    // runs on a worker thread
        TaskFuture<Integer> b = client.submit(Demo::add, a, 5);   // a future argument is a graph edge
        List<TaskFuture<Integer>> many = client.map(x -> x * 2, List.of(1, 2, 3));
        System.out.println(b.result());                           // 16 — blocks outside event loops
        System.out.println(client.gather(many).await());          // [2, 4, 6]
      }
    });
    assertEquals(List.of("16", "[2, 4, 6]"), printed.lines().toList());
  }

  @Test
  void securityInOneLine() {
    String printed = StdoutCapture.capture(() -> {
      try (LocalCluster cluster = LocalCluster.builder().processes(true).nWorkers(2).security(true).build();
           Client client = Client.connect(cluster)) {
        System.out.println(cluster.scheduler().address().startsWith("tls://"));   // true
        System.out.println(client.submit(Demo::inc, 41).result());                // 42, over mutual TLS
      }
    });
    assertEquals(List.of("true", "42"), printed.lines().toList());
  }

  @Test
  void explicitCluster() {
    String printed = StdoutCapture.capture(() -> {
      try (LocalCluster cluster = LocalCluster.builder()
              .nWorkers(2).threadsPerWorker(1)
              .processes(false)                                   // workers in this JVM
              .memoryLimit("2GiB")
              .build();
           Client client = Client.connect(cluster)) {
        TaskFuture<Integer> c = client.task(Demo::slow, 7)        // the options form
            .key("slow-7").pure(false).priority(10).retries(2)
            .workers("worker-0").allowOtherWorkers(true)
            .submit();
        System.out.println(c.result() + " computed on " + client.whoHas().await().get("slow-7"));
      }
    });
    assertEquals("14 computed on [worker-0]", printed.strip());
  }

  @Test
  void dashboardFromJava() {
    String printed = StdoutCapture.capture(() -> {
      try (LocalCluster cluster = LocalCluster.builder().nWorkers(2).dashboardAddress(":0").build();
           Client client = Client.connect(cluster)) {
        System.out.println(cluster.dashboardLink());                 // http://127.0.0.1:<port>/status
        client.gather(client.map(Demo::inc, List.of(1, 2, 3))).await();
        List<TaskRecord> runs = client.getTaskStream(Duration.ofMinutes(1)).await();
        System.out.println(runs.size() + " runs of " + runs.get(0).prefix());   // 3 runs of inc
        System.out.println(cluster.getLogs().keySet());              // [Cluster, Scheduler, worker-0, worker-1]
      }
    });
    List<String> lines = printed.lines().toList();
    assertTrue(lines.get(0).matches("http://127\\.0\\.0\\.1:\\d+/status"), lines.get(0));
    assertEquals(List.of("3 runs of inc", "[Cluster, Scheduler, worker-0, worker-1]"), lines.subList(1, 3));
  }

  @Test
  void graphsDelayedAndSchedulers() {
    String printed = StdoutCapture.capture(() -> {
      Delayed<Integer> x = Delayed.call(Demo::inc, 1);
      Delayed<Integer> y = Delayed.call(Demo::add, x, 10);             // x is an edge
      int onThisThread = y.compute(Schedulers.synchronous());           // 12
      int onAPool = y.compute(Schedulers.threaded(4));                  // 12
      try (Client client = Client.create()) {                           // now the default scheduler
        int onTheCluster = y.compute();                                 // 12
        TaskFuture<Integer> f = client.compute(y);                      // a future; persist(y) keeps it
        Graph g = Graph.builder().put("a", Demo::inc, 1).put("b", Demo::add, Graph.ref("a"), 2).build();
        Map<String, Object> values = client.get(g, List.of("b")).await();
        System.out.println(onThisThread + " " + onAPool + " " + onTheCluster + " " + f.result() + " " + values);
      }
    });
    assertEquals("12 12 12 12 {b=4}", printed.strip());
  }

  @Test
  void waitingOnManyFutures() throws Exception {
    PrintStream err = System.err;
    System.setErr(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    try {
      String printed = StdoutCapture.capture(() -> {
        try (Client client = Client.create()) {
          List<TaskFuture<Integer>> futures = client.map(Demo::slow, List.of(3, 1, 2));
          for (TaskFuture<Integer> done : client.asCompleted(futures)) {  // in completion order
            System.out.println(done.result());
          }
          DoneAndNotDone<Integer> first = client.waitFor(futures, ReturnWhen.FIRST_COMPLETED).await();
          client.fireAndForget(client.submit(Demo::inc, 0));             // runs even if nobody keeps the future
          Progress.show(futures);                                         // [########] 3/3 on stderr
          System.out.println(first.done().size() + " " + client.waitFor(futures, ReturnWhen.ALL_COMPLETED).await().notDone());
        }
      });
      List<String> lines = printed.lines().toList();
      assertEquals(List.of("2", "4", "6"), lines.subList(0, 3).stream().sorted().toList());
      assertEquals("3 []", lines.get(3), "every future was done when waitFor returned");
    } finally {
      System.setErr(err);
    }
  }

  @Test
  void rxAndExecutorService() {
    String printed = StdoutCapture.capture(() -> {
      try {
        try (Client client = Client.create()) {
          RxClient rx = client.rx();
          Single<Integer> later = rx.submit(Demo::inc, 41);               // not submitted yet
          System.out.println(later.blockingGet());                        // 42: submitted on subscribe
          ExecutorService pool = client.executor();
          List<Callable<Integer>> jobs = List.of(() -> 1, () -> 2, () -> 3);
          int sum = 0;
          for (java.util.concurrent.Future<Integer> f : pool.invokeAll(jobs)) {
            sum += f.get();
          }
          pool.shutdown();
          System.out.println(sum + " " + pool.awaitTermination(10, TimeUnit.SECONDS));
        }
      } catch (InterruptedException | ExecutionException e) {
        throw new AssertionError(e);
      }
    });
    assertEquals(List.of("42", "6 true"), printed.lines().toList());
  }

  @Test
  void schedulingOptions() {
    String printed = StdoutCapture.capture(() -> {
      try (LocalCluster cluster = LocalCluster.builder().nWorkers(2).threadsPerWorker(2)
              .resources(Map.of("GPU", 1.0)).build();
           Client client = Client.connect(cluster)) {
        TaskFuture<String> table = client.scatter("lookup table", ScatterOptions.broadcast()); // a copy on every worker
        TaskFuture<Integer> urgent = client.task(Demo::inc, 1).priority(10).submit();         // runs before priority 0
        TaskFuture<Integer> gpu = client.task(Demo::inc, 2).resources(Map.of("GPU", 1.0)).submit(); // one per GPU at a time
        TaskFuture<Integer> flaky = client.task(Demo::inc, 3).retries(2).submit();            // re-run up to twice if it throws
        TaskFuture<Integer> pinned = client.task(Demo::inc, 4).workers("worker-1").submit();  // only on worker-1
        Map<String, String> names = client.run(() -> WorkerContext.current().workerName()).await(); // once on every worker
        System.out.println(client.gather(List.of(urgent, gpu, flaky, pinned)).await() + " " + names.keySet());
        System.out.println(table.result().length() + " " + client.nthreads().await());
      }
    });
    assertEquals(List.of("[2, 3, 4, 5] [worker-0, worker-1]", "12 {worker-0=2, worker-1=2}"), printed.lines().toList());
  }

  /** Functions the README's samples call. */
  static final class Examples {
    private Examples() {}

    static int sumOfSquares(int n) {
      WorkerContext ctx = WorkerContext.current();
      Client client = ctx.client();
      List<TaskFuture<Integer>> parts = client.map(x -> x * x, IntStream.range(0, n).boxed().toList());
      ctx.secede();                                   // leave the thread pool while waiting
      int total = client.gather(parts).await().stream().mapToInt(Integer::intValue).sum();
      ctx.rejoin();                                   // take a thread again
      return total;
    }

    static int withConnection(int query) {
      Semaphore db = WorkerContext.current().client().semaphore("database", 2);   // 2 connections at most
      db.acquire().await();
      try {
        return query * 10;                                 // stands for a database call
      } finally {
        db.release().await();
      }
    }
  }

  @Test
  void tasksThatLaunchTasks() {
    String printed = StdoutCapture.capture(() -> {
      try (LocalCluster cluster = LocalCluster.builder().nWorkers(1).threadsPerWorker(1).build();
           Client client = Client.connect(cluster)) {
        System.out.println(client.submit(Examples::sumOfSquares, 10).result());   // 285
      }
    });
    assertEquals("285", printed.strip());
  }

  @Test
  void workerJvms() {
    String printed = StdoutCapture.capture(() -> {
      try (LocalCluster cluster = LocalCluster.builder().processes(true).nWorkers(2).threadsPerWorker(1).build();
           Client client = Client.connect(cluster)) {
        System.out.println(client.submit(Demo::inc, 41).result());   // 42, computed in another JVM
      }
    });
    assertEquals("42", printed.strip());
  }


  @Test
  void joinFromYourOwnVertxService() {
    try (LocalCluster cluster = LocalCluster.builder().protocol("tcp").nWorkers(1).threadsPerWorker(1)
        .dashboardAddress(null).build()) {
      String clusterName = cluster.name();
      String printed = StdoutCapture.capture(() -> {
        Config hazelcast = new Config().setClusterName(clusterName);         // the cluster's WEFT_CLUSTER_NAME
        hazelcast.setProperty("hazelcast.local.localAddress", "127.0.0.1");  // the address to bind
        hazelcast.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
        hazelcast.getNetworkConfig().getJoin().getTcpIpConfig().setEnabled(true).addMember("127.0.0.1");
        Vertx vertx = Vertx.builder()
            .with(new VertxOptions().setEventBusOptions(new EventBusOptions().setHost("127.0.0.1")))
            .withClusterManager(new HazelcastClusterManager(hazelcast))
            .buildClustered().await();
        Client client = Client.connect(vertx).await();
        System.out.println(client.submit(Demo::inc, 41).result());            // 42
        client.close();
        vertx.close().await();
      });
      assertEquals("42", printed.strip());
    }
  }

  @Test
  void sharedState() {
    String printed = StdoutCapture.capture(() -> {
      try (Client client = Client.create()) {
        List<TaskFuture<Integer>> results = client.map(Examples::withConnection, List.of(1, 2, 3, 4));
        System.out.println(client.gather(results).await());          // [10, 20, 30, 40]

        Queue<TaskFuture<Integer>> work = client.queue("work");
        work.put(client.submit(Demo::inc, 1)).await();               // its task is kept until taken
        System.out.println(work.get().await().result());             // 2

        Variable<Boolean> stop = client.variable("stop");
        stop.set(true).await();
        System.out.println(stop.get().await());                      // true

        Lock lock = client.lock("resource");
        System.out.println(lock.acquire(Duration.ofSeconds(5)).await() + " " + lock.locked().await());   // true true
        lock.release().await();
      }
    });
    assertEquals(List.of("[10, 20, 30, 40]", "2", "true", "true true"), printed.lines().toList());
  }

  @Test
  void publishedDatasets() {
    String printed = StdoutCapture.capture(() -> {
      try (LocalCluster cluster = LocalCluster.builder().nWorkers(2).build()) {
        try (Client first = Client.connect(cluster)) {
          first.publishDataset("answer", first.submit(Demo::add, 40, 2)).await();
        }                                                            // the dataset outlives its publisher
        try (Client second = Client.connect(cluster)) {
          System.out.println(second.listDatasets().await());         // [answer]
          TaskFuture<Integer> answer = second.<Integer>getDataset("answer").await();
          System.out.println(answer.result());                       // 42
        }
      }
    });
    assertEquals(List.of("[answer]", "42"), printed.lines().toList());
  }

  @Test
  void adaptiveScaling() {
    String printed = StdoutCapture.capture(() -> {
      try (LocalCluster cluster = LocalCluster.builder().nWorkers(1).threadsPerWorker(1).build();
           Client client = Client.connect(cluster)) {
        Adaptive adaptive = cluster.adapt(1, 4);                     // between 1 and 4 workers
        List<TaskFuture<Integer>> squares = client.map(x -> { Thread.sleep(10); return x * x; },
            IntStream.range(0, 1_000).boxed().toList());
        System.out.println(client.gather(squares).await().get(3));   // 9 — on up to 4 workers
        adaptive.stop();
        cluster.scale(1).await();                                    // the others retire gracefully
        System.out.println(client.gather(squares).await().get(3));   // 9 — kept, not recomputed
      }
    });
    assertEquals(List.of("9", "9"), printed.lines().toList());
  }

  @Test
  void eventTopics() {
    String printed = StdoutCapture.capture(() -> {
      try (LocalCluster cluster = LocalCluster.builder().nWorkers(2).build();
           Client client = Client.connect(cluster)) {
        List<TopicEvent> seen = new CopyOnWriteArrayList<>();
        client.subscribeTopic("all", seen::add).await();             // the scheduler's own topic
        cluster.scale(1).await();                                    // a worker retires: a remove-worker event
        client.logEvent("progress", "half done").await();
        System.out.println(client.getEvents("progress").await().get(0).message());   // half done
        Poll.until(Duration.ofMinutes(1), "the event", () -> !seen.isEmpty());
        System.out.println(seen.get(0).message());   // {action=remove-worker, worker=worker-…, expected=true, ...}
      }
    });
    List<String> lines = printed.lines().toList();
    assertEquals("half done", lines.get(0));
    assertTrue(lines.get(1).matches("\\{action=remove-worker, worker=worker-[01], expected=true, .*"), lines.get(1));
  }

  private static List<String> javaBlocks(String markdown) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(markdown);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  private static String squash(String s) {
    return s.replaceAll("\\s+", "");
  }

  @Test
  void retryAndRestart() {
    String printed = StdoutCapture.capture(() -> {
      try (LocalCluster cluster = LocalCluster.builder().nWorkers(2).build();
           Client client = Client.connect(cluster)) {
        TaskFuture<Integer> input = client.submit(Demo::flakyOnce, 20);   // fails the first time it runs
        TaskFuture<Integer> total = client.submit(Demo::add, input, 1);
        try {
          total.result();
        } catch (RemoteTaskException e) {
          System.out.println(e.getCause().getMessage());                  // input 20 not there yet
        }
        total.retry().await();                                            // reruns flakyOnce, then add
        System.out.println(total.result());                               // 21

        TaskFuture<Integer> slow = client.submit(Demo::slow, 7);
        client.restart().await();                                         // fresh workers, nothing kept
        System.out.println(slow.status());                                // CANCELLED (scheduler-restart)
        System.out.println(client.submit(Demo::inc, 41).result());        // 42
      }
    });
    assertEquals(List.of("input 20 not there yet", "21", "CANCELLED", "42"), printed.lines().toList());
  }

  @Test
  void fairShare() {
    String printed = StdoutCapture.capture(() -> {
      try (LocalCluster cluster = LocalCluster.builder().nWorkers(1).threadsPerWorker(2).build();
           Client etl = Client.connect(cluster);
           Client report = Client.connect(cluster)) {
        List<TaskFuture<Integer>> batch = etl.map(Demo::slow, IntStream.range(0, 2_000).boxed().toList()); // 20 s of work
        report.share(2).await();                                         // twice etl's slice while both wait
        List<Integer> quick = report.gather(report.map(Demo::slow, List.of(1, 2, 3, 4, 5, 6, 7, 8))).await();
        System.out.println(quick);                                       // [2, 4, 6, 8, 10, 12, 14, 16]
        System.out.println(batch.stream().filter(TaskFuture::isDone).count() < 1_000); // true: no wait behind the batch
        etl.cancel(batch);
      }
    });
    assertEquals(List.of("[2, 4, 6, 8, 10, 12, 14, 16]", "true"), printed.lines().toList());
  }

  @Test
  void cancelRunningTask() {
    String printed = StdoutCapture.capture(() -> {
      try (LocalCluster cluster = LocalCluster.builder().nWorkers(1).threadsPerWorker(1).build();
           Client client = Client.connect(cluster)) {
        TaskFuture<Integer> slow = client.submit(Demo::countSlowly, 60);   // a minute's work
        TaskFuture<Integer> next = client.submit(Demo::inc, 1);           // waits for the worker's only thread
        slow.cancel(true);                                                 // interrupts slow's thread on its worker
        System.out.println(next.result(Duration.ofSeconds(30)));           // 2, right away
        System.out.println(slow.status());                                 // CANCELLED
      }
    });
    assertEquals(List.of("2", "CANCELLED"), printed.lines().toList());
  }
}

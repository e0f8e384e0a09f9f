package dev.weft.client.faults;

import com.hazelcast.core.HazelcastInstance;
import dev.weft.client.Client;
import dev.weft.client.TaskFuture;
import dev.weft.client.faults.FuzzPlan.Plan;
import dev.weft.client.faults.FuzzPlan.Target;
import dev.weft.client.faults.FuzzSending.Outcomes;
import dev.weft.client.faults.FuzzSending.Sender;
import dev.weft.protocol.Batch;
import dev.weft.protocol.GetData;
import dev.weft.protocol.Identify;
import dev.weft.protocol.Query;
import dev.weft.protocol.RunFunction;
import dev.weft.protocol.TaskStreamQuery;
import io.vertx.core.internal.VertxInternal;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 10,000 seeded fuzz mutations of valid messages, 5,000 to the scheduler and 5,000 to worker w1,
 * from a foreign clustered node: no component crashes or stays broken (a 200-task map is correct
 * afterwards), no phantom worker is registered, every refused message is counted (each rejection
 * metric rises by exactly the number sent to its target), and the scheduler's event-loop lag stays
 * under 100 ms throughout.
 *
 * <p>Mutations that decode to a read-only request anyone may make (Query and TaskStreamQuery at
 * the scheduler, or a Batch of nothing else; GetData, RunFunction and Identify at a worker) are
 * legitimately answered rather than refused: they are not sent (a RunFunction would run code),
 * but counted as skipped, and mutations are drawn until 5,000 per target have been sent.
 */
@Tag("multi-jvm")
class FuzzTest {

  static final long SEED = 0x5eed_f022L;
  /** Mutations sent to each target (the scheduler, worker w1). */
  static final int PER_TARGET = 5_000;
  /** Most requests awaiting an answer at once. */
  static final int MAX_IN_FLIGHT = 100;
  /** Sends per second over both targets. */
  static final int RATE_PER_SECOND = 200;
  static final Duration START = Duration.ofMinutes(3);
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);
  static final Duration FUZZ_DEADLINE = Duration.ofMinutes(10);
  static final Duration SETTLE = Duration.ofSeconds(60);
  static final long SCRAPE_MILLIS = 250;
  static final double MAX_LAG_SECONDS = 0.1;
  /**
   * Before the first send, the scheduler's lag must have stayed under this for {@link #QUIET_SCRAPES}
   * scrapes in a row (about two seconds), so that the lag measured is the fuzzing's and not that
   * of the JVMs' start-up or of the foreign node's join; after {@link #QUIET_DEADLINE} the fuzzing
   * starts anyway.
   */
  static final double QUIET_LAG_SECONDS = 0.02;
  static final int QUIET_SCRAPES = 8;
  static final Duration QUIET_DEADLINE = Duration.ofSeconds(60);

  static final String SCHEDULER_REJECTED = "weft_scheduler_messages_rejected_total";
  static final String WORKER_REJECTED = "weft_worker_messages_rejected_total";
  static final String LAG = "weft_scheduler_event_loop_lag_seconds";
  static final String WORKERS = "weft_scheduler_workers";

  @Test
  void tenThousandMutationsAreRefusedAndCountedAndChangeNothing() throws Exception {
    long testStart = System.nanoTime();
    try (WeftJvms jvms = new WeftJvms()) {
      Client client = jvms.startCluster(2);
      List<TaskFuture<Integer>> held = client.map(FaultTasks::inc, IntStream.range(0, 50).boxed().toList());
      List<Integer> heldValues = client.gather(held).timeout(3, TimeUnit.MINUTES).await();
      assertEquals(IntStream.range(1, 51).boxed().toList(), heldValues);
      String link = client.dashboardLink();
      assertNotNull(link, "the scheduler serves a dashboard");
      String metricsUrl = link.replace("/status", "/metrics");

      Plan plan;
      Outcomes outcomes;
      long schedulerRose;
      long workerRose;
      MetricsWatch watch = new MetricsWatch(metricsUrl);
      watch.start();
      try (watch; ForeignNode foreign = ForeignNode.join(jvms.clusterName(), START)) {
        long joined = System.nanoTime();
        awaitPartitionsSafe(foreign);
        long safe = System.nanoTime();
        boolean quiet = watch.awaitQuiet(QUIET_LAG_SECONDS, QUIET_SCRAPES, QUIET_DEADLINE);
        System.out.printf("the cluster's partitions were safe %d ms after the foreign node joined; the scheduler's "
                + "event loop %s %d ms later%n", (safe - joined) / 1_000_000,
            quiet ? "was quiet (lag < 20 ms for " + QUIET_SCRAPES + " scrapes)" : "was still not quiet",
            (System.nanoTime() - safe) / 1_000_000);
        Map<String, Double> before = watch.scrapeNow();
        long schedulerBase = (long) metric(before, SCHEDULER_REJECTED);
        long workerBase = (long) metric(before, WORKER_REJECTED);

        plan = Plan.draw(foreign.nodeId());
        System.out.printf("fuzz plan (seed %#x): %d to the scheduler (%d mutations skipped as read-only requests), "
                + "%d to worker w1 (%d skipped); rejected before: scheduler %d, workers %d%n",
            SEED, plan.sent(Target.SCHEDULER), plan.skipped(Target.SCHEDULER), plan.sent(Target.WORKER),
            plan.skipped(Target.WORKER), schedulerBase, workerBase);

        long fuzzStart = System.nanoTime();
        watch.fuzzingStarts(fuzzStart);
        Sender sender = new Sender(foreign, plan.mutations);
        outcomes = sender.run();
        long fuzzMillis = (System.nanoTime() - fuzzStart) / 1_000_000;
        System.out.printf("fuzzing took %d ms (at most %d requests unanswered at once)%n%s%n%s%n%s", fuzzMillis,
            sender.maxInFlight(), outcomes.summary(Target.SCHEDULER,
            plan.skipped(Target.SCHEDULER)), outcomes.summary(Target.WORKER, plan.skipped(Target.WORKER)), outcomes.report());

        schedulerRose = watch.awaitAtLeast(SCHEDULER_REJECTED, schedulerBase + plan.sent(Target.SCHEDULER), SETTLE)
            - schedulerBase;
        workerRose = watch.awaitAtLeast(WORKER_REJECTED, workerBase + plan.sent(Target.WORKER), SETTLE) - workerBase;
        long settledMillis = (System.nanoTime() - fuzzStart) / 1_000_000;
        watch.stop();
        System.out.printf("rejection metrics: scheduler +%d (sent %d), workers +%d (sent %d); settled %d ms after "
                + "the first send%n%s",
            schedulerRose, plan.sent(Target.SCHEDULER), workerRose, plan.sent(Target.WORKER), settledMillis,
            watch.report());
      }

      // What became of the cluster; each check runs, and all failures are reported together.
      List<String> deadProcesses = jvms.processes().stream().filter(p -> !p.isAlive()).map(String::valueOf).toList();
      Set<String> workers = client.schedulerInfo().timeout(1, TimeUnit.MINUTES).await().workers().keySet();
      Object heldAfter = attempt(() -> client.gather(held).timeout(3, TimeUnit.MINUTES).await());
      Object fresh = attempt(() -> client.gather(client.map(FaultTasks::inc, IntStream.range(0, 200).boxed().toList()))
          .timeout(3, TimeUnit.MINUTES).await());
      Map<String, String> badLogs = new TreeMap<>();
      for (JvmProcess p : jvms.processes()) {
        String log = p.log();
        for (String bad : List.of("Unhandled exception", "OutOfMemoryError")) {
          long n = log.lines().filter(l -> l.contains(bad)).count();
          if (n > 0) {
            badLogs.merge(p.label(), n + " × " + bad + " (" + p.logFile() + ")", (a, b) -> a + ", " + b);
          }
        }
      }
      System.out.printf("after fuzzing: dead processes %s, workers %s, held values %s, fresh map %s, bad log lines %s%n"
              + "FuzzTest took %d s in all; logs in %s%n",
          deadProcesses, workers, heldValues.equals(heldAfter) ? "intact" : FuzzPlan.abbreviate(String.valueOf(heldAfter)),
          IntStream.range(1, 201).boxed().toList().equals(fresh) ? "correct" : FuzzPlan.abbreviate(String.valueOf(fresh)),
          badLogs, (System.nanoTime() - testStart) / 1_000_000_000L, jvms.logDir());

      String report = "\n" + outcomes.report();
      assertAll("fuzzing " + jvms.clusterName(),
          () -> assertEquals(plan.sent(Target.SCHEDULER), schedulerRose,
              "weft_scheduler_messages_rejected_total rises by the number sent to the scheduler" + report),
          () -> assertEquals(plan.sent(Target.WORKER), workerRose,
              "weft_worker_messages_rejected_total rises by the number sent to worker w1" + report),
          () -> assertTrue(watch.failures().isEmpty(), "every scrape of /metrics answered: " + watch.failures()),
          () -> assertTrue(watch.maxLag() < MAX_LAG_SECONDS, "scheduler event-loop lag stays under 100 ms, was "
              + watch.maxLag() + " s\n" + watch.report()),
          () -> assertEquals(Set.of(2), watch.workersSeen(), "two workers registered throughout the fuzzing"),
          () -> assertEquals(List.of(), deadProcesses, "every JVM alive"),
          () -> assertEquals(Set.of("w1", "w2"), workers, "no phantom worker"),
          () -> assertEquals(heldValues, heldAfter, "every held value intact"),
          () -> assertEquals(IntStream.range(1, 201).boxed().toList(), fresh, "a fresh 200-task map"),
          () -> assertEquals(Map.of(), badLogs, "no unhandled exception, no OutOfMemoryError"));
    }
  }

  /**
   * Waits until Hazelcast has finished moving partitions to the newly joined foreign node (and
   * their backups are in sync): that work loads every member, and belongs to the test's setup, not
   * to the fuzzing.
   */
  private static void awaitPartitionsSafe(ForeignNode foreign) throws InterruptedException {
    HazelcastInstance hz = ((HazelcastClusterManager) ((VertxInternal) foreign.vertx()).clusterManager())
        .getHazelcastInstance();
    long deadline = System.nanoTime() + START.toNanos();
    while (!hz.getPartitionService().isClusterSafe()) {
      assertTrue(System.nanoTime() < deadline, "the cluster's partitions not safe within " + START);
      Thread.sleep(100);
    }
  }

  /** The value {@code action} returns, or the exception it throws. */
  private static Object attempt(java.util.concurrent.Callable<?> action) {
    try {
      return action.call();
    } catch (Exception e) {
      return e;
    }
  }

  private static double metric(Map<String, Double> metrics, String name) {
    Double v = metrics.get(name);
    assertNotNull(v, name + " is on /metrics");
    return v;
  }

}

package dev.weft.client.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.client.Client;
import dev.weft.client.FutureStatus;
import dev.weft.client.Poll;
import dev.weft.client.TaskFuture;
import dev.weft.protocol.cluster.Clustering;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two schedulers started with {@code bin/weft run scheduler}: the first is active, the second
 * waits as its standby. The active scheduler's JVM is SIGKILLed half-way through a 5,000-task
 * graph: the standby takes over, the workers keep their values, the client sends its graph again,
 * and the result comes out right with no future failing and no finished leaf run twice. The old
 * scheduler, started again, stays a standby.
 */
@Tag("multi-jvm")
class SchedulerFailoverTest {

  private static final Duration START = Duration.ofMinutes(3);
  /** Leaves of the graph; with the pairwise sums and one last task, 5,000 tasks. */
  private static final int LEAVES = 2_500;
  /** How long each leaf runs: the 6 worker threads need several seconds for all of them. */
  private static final int LEAF_MILLIS = 20;
  private static final Pattern STANDBY = Pattern.compile("standby scheduler on node");
  private static final String SCHEDULER_CONF = "{\"dashboardAddress\":\":0\"}";

  @Test
  void theStandbyTakesOverMidGraphWithNothingLostOrRecomputedAndTheOldSchedulerStaysStandby() throws IOException {
    try (WeftJvms jvms = new WeftJvms()) {
      // Every JVM joins through this one's exact Hazelcast address: with other clusters on the
      // machine, scanning ports could let the two schedulers start as two clusters.
      Vertx vertx = Clustering.start(jvms.clusterName(), "127.0.0.1", false, new VertxOptions()).await();
      try {
        String member = Clustering.memberAddress(vertx);
        start(jvms, member, vertx);
      } finally {
        vertx.close().await();
      }
    }
  }

  /** Two schedulers and three workers joining through {@code member}, and a client on {@code vertx}. */
  private static void start(WeftJvms jvms, String member, Vertx vertx) throws IOException {
    JvmProcess first = jvms.startOn("scheduler", "127.0.0.1", member, null, SCHEDULER_CONF);
    first.awaitLog(Pattern.compile("scheduler at "), START);
    JvmProcess second = jvms.startOn("scheduler", "127.0.0.1", member, null, SCHEDULER_CONF);
    second.awaitLog(STANDBY, START);
    for (int i = 1; i <= 3; i++) {
      jvms.startOn("worker", "127.0.0.1", member, null, new JsonObject().put("name", "w" + i).put("nthreads", 2).encode());
    }
    Client client = Client.connect(vertx).await();
    try {
      failOver(jvms, member, client, first, second);
    } finally {
      client.close();
    }
  }

  /** The graph, the kill of {@code first}, the takeover by {@code second}, and the old scheduler's return. */
  private static void failOver(WeftJvms jvms, String member, Client client, JvmProcess first, JvmProcess second)
      throws IOException {
    client.waitForWorkers(3, START).await();
    assertTrue(client.schedulerInfo().await().address().endsWith("/" + first.pid()), "the first scheduler is active");

    Path runs = Files.createDirectories(jvms.logDir().resolve("runs"));
    List<TaskFuture<Long>> leaves = new ArrayList<>();
    for (int i = 0; i < LEAVES; i++) {
      leaves.add(client.submit(FaultTasks::countedInc, runs.toString(), i, LEAF_MILLIS));
    }
    TaskFuture<Long> last = client.submit(FaultTasks::sum, FaultTasks.reduce(client, new ArrayList<>(leaves), FaultTasks::sum), 0L);
    Poll.until(Duration.ofMinutes(2), "a fifth of the leaves finished",
        () -> leaves.stream().filter(f -> f.status() == FutureStatus.FINISHED).count() >= LEAVES / 5);
    List<Integer> finishedBefore = new ArrayList<>();
    for (int i = 0; i < LEAVES; i++) {
      if (leaves.get(i).status() == FutureStatus.FINISHED) {
        finishedBefore.add(i);
      }
    }
    assertTrue(finishedBefore.size() < LEAVES, "the graph is still running at the kill");

    Instant killed = first.killHard();
    Poll.until(Duration.ofSeconds(30), "the standby answers as the scheduler", () -> {
      try {
        return client.schedulerInfo().toCompletionStage().toCompletableFuture().get(2, java.util.concurrent.TimeUnit.SECONDS)
            .address().endsWith("/" + second.pid());
      } catch (Exception notYet) {
        return false;
      }
    });
    long takeOverMillis = Duration.between(killed, Instant.now()).toMillis();
    second.awaitLog(Pattern.compile("takes over"), Duration.ofSeconds(5));

    long expected = (long) LEAVES * (LEAVES + 1) / 2;
    assertEquals(expected, last.result(Duration.ofMinutes(5)));
    for (TaskFuture<Long> leaf : leaves) {
      assertEquals(FutureStatus.FINISHED, leaf.status(), "no future fails through the failover");
    }
    Map<Integer, Integer> ranTimes = ranTimes(runs);
    for (int i : finishedBefore) {
      assertEquals(1, ranTimes.getOrDefault(i, 0), "leaf " + i + " was in memory at the kill: run once, not again");
    }
    assertEquals(LEAVES, ranTimes.size(), "every leaf ran");
    long reruns = ranTimes.values().stream().mapToInt(n -> n - 1).sum();
    System.out.printf("standby answering as the scheduler %d ms after SIGKILL of the active one; %d of %d leaves"
        + " finished at the kill, none run again; %d leaves running or queued at the kill ran twice%n",
        takeOverMillis, finishedBefore.size(), LEAVES, reruns);
    assertTrue(takeOverMillis < 15_000, "the standby took over " + takeOverMillis + " ms after the kill");

    JvmProcess returning = jvms.startOn("scheduler", "127.0.0.1", member, null, SCHEDULER_CONF);
    returning.awaitLog(STANDBY, START);
    assertEquals(42, client.submit(FaultTasks::inc, 41).result(Duration.ofMinutes(1)));
    assertTrue(client.schedulerInfo().await().address().endsWith("/" + second.pid()), "the scheduler that took over stays active");
    assertFalse(returning.log().contains("scheduler at "), "the returning scheduler never became active");
  }

  /** How often each leaf ran, over every worker JVM's file under {@code runs}. */
  private static Map<Integer, Integer> ranTimes(Path runs) throws IOException {
    Map<Integer, Integer> times = new HashMap<>();
    try (Stream<Path> files = Files.list(runs)) {
      for (Path f : files.toList()) {
        for (String line : Files.readAllLines(f)) {
          if (!line.isBlank()) {
            times.merge(Integer.parseInt(line.trim()), 1, Integer::sum);
          }
        }
      }
    }
    return times;
  }
}

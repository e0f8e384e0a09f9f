package dev.weft.client.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.client.Client;
import dev.weft.client.Demo;
import dev.weft.protocol.Addresses;
import dev.weft.protocol.Message;
import dev.weft.protocol.Query;
import dev.weft.protocol.QueryKind;
import dev.weft.protocol.SchedulerSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The fault-injection harness itself: real JVMs started, used, SIGKILLed; raw frames understood. */
@Tag("multi-jvm")
class FaultHarnessTest {

  private static final Duration STARTUP = Duration.ofMinutes(2);

  @Test
  void startsComputesKillsAndSpeaksRawFrames() {
    long t0 = System.nanoTime();
    try (WeftJvms jvms = new WeftJvms()) {
      JvmProcess scheduler = jvms.startScheduler();
      JvmProcess w1 = jvms.startWorker("w1", 1);
      JvmProcess w2 = jvms.startWorker("w2", 1);
      for (JvmProcess p : List.of(scheduler, w1, w2)) {
        assertTrue(JvmProcess.isJava(ProcessHandle.of(p.pid()).orElseThrow()), p + " is the java process itself");
      }
      scheduler.awaitLog(Pattern.compile("scheduler at tcp://127\\.0\\.0\\.1/" + scheduler.pid()), STARTUP);
      Client client = jvms.connect();
      client.waitForWorkers(2, STARTUP).await();
      log(t0, "2 workers joined");

      List<Integer> out = client.gather(client.map(Demo::inc, IntStream.range(0, 200).boxed().toList())).await();
      assertEquals(200 * 201 / 2, out.stream().mapToInt(Integer::intValue).sum());
      log(t0, "map of 200 gathered");

      try (ForeignNode foreign = ForeignNode.join(jvms.clusterName(), STARTUP)) {
        log(t0, "foreign node joined");
        Message reply = askInfo(foreign);
        SchedulerSnapshot info = assertInstanceOf(SchedulerSnapshot.class, reply);
        assertTrue(info.address().endsWith("/" + scheduler.pid()), info.address());
        assertEquals(2, info.workers().size(), info.toString());
        log(t0, "INFO answered a raw frame");
      }

      long victim = w1.pid();
      Instant killed = w1.killHard();
      long exitedMillis = Duration.between(killed, Instant.now()).toMillis();
      assertFalse(ProcessHandle.of(victim).map(ProcessHandle::isAlive).orElse(false), "pid " + victim + " is gone");
      assertFalse(w1.isAlive());
      assertEquals(137, w1.awaitExit(Duration.ZERO), "128 + SIGKILL");
      assertTrue(w2.isAlive() && scheduler.isAlive(), "only the victim died");
      log(t0, "w1 SIGKILLed; exit seen " + exitedMillis + " ms after the signal");
    }
    log(t0, "closed");
  }

  /** Sends INFO as raw bytes until the scheduler's subscription has reached the foreign node. */
  private static Message askInfo(ForeignNode foreign) {
    byte[] query = ForeignNode.encode(new Query(QueryKind.INFO, List.of()));
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (true) {
      try {
        return ForeignNode.decode(foreign.request(Addresses.SCHEDULER, query, Duration.ofSeconds(30)).await());
      } catch (RuntimeException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        pause(); // e.g. NO_HANDLERS until the scheduler's registration reaches this member
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static void log(long t0, String what) {
    System.out.printf("FaultHarnessTest +%d ms: %s%n", (System.nanoTime() - t0) / 1_000_000, what);
  }
}

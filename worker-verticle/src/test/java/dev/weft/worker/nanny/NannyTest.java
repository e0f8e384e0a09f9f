package dev.weft.worker.nanny;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nanny's accounts of deaths, its memory budget fed with readings, and its watch and restarts
 * over small shell processes (no JVMs) whose resident memory the test makes up.
 */
class NannyTest {

  private static final long MIB = 1 << 20;

  // ---------------------------------------------------------------- reasons

  @Test
  void signalsAndExitCodesAreNamed() {
    assertEquals("was killed by SIGKILL (exit code 137)", Nanny.describe(137));
    assertEquals("was killed by SIGTERM (exit code 143)", Nanny.describe(143));
    assertEquals("was killed by signal 2 (exit code 130)", Nanny.describe(130));
    assertEquals("exited with code 1", Nanny.describe(1));
    assertEquals("exited with code 3", Nanny.describe(3), "code 3 alone is not an OutOfMemoryError");
  }

  @Test
  void exitAfterOutOfMemoryErrorNamesTheExhaustedHeap() {
    String out = "worker started\nTerminating due to java.lang.OutOfMemoryError: Java heap space\n";
    assertEquals("exited after an OutOfMemoryError (the heap of 150.00 MiB was exhausted)",
        Nanny.describe(3, out, 150 * MIB));
    assertEquals("exited after an OutOfMemoryError (the heap was exhausted)", Nanny.describe(3, out, 0));
    assertEquals("exited after an OutOfMemoryError (Metaspace)",
        Nanny.describe(3, "Terminating due to java.lang.OutOfMemoryError: Metaspace", 150 * MIB));
    assertEquals("exited with code 1", Nanny.describe(1, out, 150 * MIB), "only -XX:+ExitOnOutOfMemoryError's code 3");
  }

  // ---------------------------------------------------------------- the budget, fed readings

  @Test
  void theBudgetIsExceededPastNinetyFivePercentOfTheLimit() {
    MemoryBudget budget = new MemoryBudget(256 * MIB, MemoryBudget.TERMINATE);
    assertFalse(budget.exceeded(100 * MIB));
    assertFalse(budget.exceeded((long) (0.95 * 256 * MIB)), "at 95% exactly: not yet");
    assertTrue(budget.exceeded((long) (0.95 * 256 * MIB) + 1));
    assertTrue(budget.exceeded(300 * MIB));
    assertFalse(budget.exceeded(-1), "no reading: never exceeded");
    assertFalse(new MemoryBudget(0, MemoryBudget.TERMINATE).exceeded(Long.MAX_VALUE), "no limit: never exceeded");
    assertTrue(new MemoryBudget(256 * MIB, 0.5).exceeded(129 * MIB));
    assertFalse(new MemoryBudget(256 * MIB, 0.5).exceeded(128 * MIB));
    assertThrows(IllegalArgumentException.class, () -> new MemoryBudget(256 * MIB, 0));
    assertThrows(IllegalArgumentException.class, () -> new MemoryBudget(256 * MIB, 1.5));
    assertThrows(IllegalArgumentException.class, () -> new MemoryBudget(-1, 0.95));
  }

  @Test
  void theBudgetsReasonAndWarningSayWhatWasExceeded() {
    MemoryBudget budget = new MemoryBudget(256 * MIB, MemoryBudget.TERMINATE);
    assertEquals("was killed by its nanny: resident memory 250.00 MiB exceeded 95% of its 256.00 MiB memory budget",
        budget.reason(250 * MIB));
    assertEquals("Worker w1 (pid=42) exceeded 95% memory budget (250.00 MiB of 256.00 MiB); restarting",
        budget.warning("w1", 42, 250 * MIB));
    assertEquals("was killed by its nanny: resident memory 12.50 GiB exceeded 80% of its 15.00 GiB memory budget",
        new MemoryBudget(15L << 30, 0.8).reason(12_800 * MIB));
  }

  // ---------------------------------------------------------------- watch and restarts (shell processes)

  @Test
  @EnabledOnOs(OS.LINUX)
  void aWorkerPastItsBudgetIsKilledReportedAsSuchAndRestarted(@TempDir Path dir) throws Exception {
    BlockingQueue<String> deaths = new LinkedBlockingQueue<>();
    AtomicLong first = new AtomicLong(-1);
    AtomicLong reading = new AtomicLong(100 * MIB);
    // The first incarnation grows 10 MiB per reading; the next ones stay at 1 MiB.
    Nanny nanny = new Nanny("w1", List.of("sleep", "600"), dir.resolve("w1.log").toFile(),
        new MemoryBudget(256 * MIB, MemoryBudget.TERMINATE),
        pid -> first.get() < 0 ? -1 : pid == first.get() ? reading.getAndAdd(10 * MIB) : MIB,
        (worker, reason) -> deaths.add(worker + " " + reason));
    try {
      nanny.start();
      first.set(nanny.pid());
      String death = deaths.poll(2, TimeUnit.MINUTES);
      assertEquals("w1 was killed by its nanny: resident memory 250.00 MiB exceeded 95% of its 256.00 MiB memory budget", death);
      assertEquals(1, nanny.deaths());
      assertFalse(ProcessHandle.of(first.get()).map(ProcessHandle::isAlive).orElse(false), "killed");
      long second = awaitRestart(nanny, first.get());
      assertTrue(ProcessHandle.of(second).orElseThrow().isAlive());
      assertNull(deaths.poll(1, TimeUnit.SECONDS), "the next incarnation within budget lives on");
    } finally {
      nanny.stop();
    }
    assertEquals(1, nanny.deaths(), "stopping is no death");
  }

  @Test
  @EnabledOnOs(OS.LINUX)
  void eachIncarnationIsDescribedByItsOwnOutput(@TempDir Path dir) throws Exception {
    Path runs = dir.resolve("runs");
    // Run 1 prints HotSpot's line and exits 3; run 2 exits 3 silently; run 3 stays up.
    String script = "echo run >> " + runs + "; n=$(wc -l < " + runs + ");"
        + " if [ $n -eq 1 ]; then echo 'Terminating due to java.lang.OutOfMemoryError: Java heap space'; exit 3; fi;"
        + " if [ $n -eq 2 ]; then exit 3; fi; exec sleep 600";
    BlockingQueue<String> deaths = new LinkedBlockingQueue<>();
    File log = dir.resolve("w2.log").toFile();
    Nanny nanny = new Nanny("w2", List.of("sh", "-c", script, "-Xmx150m"), log, 0, (w, reason) -> deaths.add(reason));
    try {
      nanny.start();
      assertEquals("exited after an OutOfMemoryError (the heap of 150.00 MiB was exhausted)", deaths.poll(2, TimeUnit.MINUTES));
      assertEquals("exited with code 3", deaths.poll(2, TimeUnit.MINUTES), "the first run's line is not the second's");
      assertNull(deaths.poll(1, TimeUnit.SECONDS));
      assertEquals(2, nanny.deaths());
    } finally {
      nanny.stop();
    }
  }

  /** Waits (up to 2 minutes) for the nanny to run a process other than {@code old}; its pid. */
  private static long awaitRestart(Nanny nanny, long old) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (true) {
      long pid = nanny.pid();
      if (pid != old) {
        return pid;
      }
      assertTrue(System.nanoTime() < deadline, "not restarted within 2 minutes");
      Thread.sleep(10);
    }
  }
}

package dev.weft.worker.state;

import static dev.weft.worker.state.WorkerSpecs.W;
import static dev.weft.worker.state.WorkerSpecs.compute;
import static dev.weft.worker.state.WorkerSpecs.deps;
import static dev.weft.worker.state.WorkerSpecs.execute;
import static dev.weft.worker.state.WorkerSpecs.finished;
import static dev.weft.worker.state.WorkerSpecs.free;
import static dev.weft.worker.state.WorkerSpecs.spec;
import static dev.weft.worker.state.WorkerSpecs.succeeded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.protocol.TaskSpec;
import dev.weft.protocol.WorkerMemory;
import dev.weft.protocol.WorkerStatusChange;
import dev.weft.worker.store.SpilledValue;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Spilling least recently used values past the target, pausing past the pause threshold, and disk trouble. */
class MemoryTest extends WorkerStateTestBase {

  /** A 1,000-byte limit: target 600, spill 700, pause 800. */
  private static final long LIMIT = 1_000;
  private static final MemorySettings SHARED = MemorySettings.DEFAULT;
  private static final MemorySettings OWN_JVM = MemorySettings.DEFAULT.withOwnJvm(true);

  /** Runs {@code key} to a value of {@code nbytes}; returns the instructions of its outcome. */
  private List<Instruction> produce(WorkerState w, String key, long nbytes) {
    handle(w, compute(spec(key), 1));
    return handle(w, succeeded(key, key + "-value", nbytes));
  }

  private static Spill spillOf(List<Instruction> instructions) {
    return instructions.stream().filter(Spill.class::isInstance).map(Spill.class::cast).findFirst().orElseThrow();
  }

  @Test
  void valuesPastTheTargetAreSpilledLeastRecentlyUsedFirstAndReadBackAsSpilled() {
    WorkerState w = workerWithMemory(LIMIT, SHARED);
    assertEquals(List.of(finished("a", 250, "a-value", 10, 20)), produce(w, "a", 250));
    produce(w, "b", 250);
    List<Instruction> third = produce(w, "c", 250);
    Spill spill = spillOf(third);
    assertEquals("a", spill.key(), "750 bytes > 600: the least recently used goes");
    assertEquals("a-value", spill.value());
    assertTrue(w.memory(0).paused(), "750 bytes held past spill (700), 250 of them waiting to be written");
    assertEquals(List.of(new SendToScheduler(new WorkerStatusChange(W, false, ""))), handle(w, new SpillDone("a", spill.id(), 100)));

    WorkerMemory m = w.memory(0);
    assertEquals(500, m.managedBytes());
    assertEquals(100, m.spilledBytes());
    assertEquals(1, m.spilledKeys());
    assertEquals(100, m.spillWrittenBytes());
    assertFalse(m.paused());
    assertEquals(750, w.bytesStored(), "a spilled value is still held");
    assertEquals(List.of("a", "b", "c"), w.storedKeys());

    TaskSpec d = spec("d", "a");
    assertEquals(List.of(execute(d, deps("a", new SpilledValue("a", spill.id())))), handle(w, compute(d, 2)),
        "the task gets the value from disk");
    assertEquals(List.of(new DeleteSpill(spill.id())), handle(w, free("a")).stream()
        .filter(DeleteSpill.class::isInstance).toList(), "a released spilled value's file is deleted");
  }

  @Test
  void valuesWaitingToBeWrittenPastTheSpillThresholdPauseTheWorkerUntilTheyAreOnDisk() {
    WorkerState w = workerWithMemory(LIMIT, SHARED);
    Spill a = spillOf(produce(w, "a", 650));
    assertFalse(w.memory(0).paused(), "650 bytes held, under spill (700)");
    List<Instruction> out = produce(w, "b", 100);
    WorkerStatusChange paused = (WorkerStatusChange) ((SendToScheduler) out.get(out.size() - 1)).message();
    assertTrue(paused.paused());
    assertTrue(paused.reason().endsWith(" of them waiting to be written to disk"), paused.reason());
    TaskSpec c = spec("c");
    assertEquals(List.of(), handle(w, compute(c, 3)), "nothing starts while the disk catches up");
    assertEquals(List.of(new SendToScheduler(new WorkerStatusChange(W, false, "")), execute(c)),
        handle(w, new SpillDone("a", a.id(), 300)), "written: resumes");
  }

  @Test
  void aValueReleasedWhileBeingWrittenHasItsFileDeletedWhenTheWriteEnds() {
    WorkerState w = workerWithMemory(LIMIT, SHARED);
    Spill spill = spillOf(produce(w, "a", 700));
    handle(w, free("a"));
    assertEquals(List.of(new DeleteSpill(spill.id())), handle(w, new SpillDone("a", spill.id(), 300)));
    assertEquals(0, w.memory(0).spilledBytes());
  }

  @Test
  void measuredProcessMemoryPastPausePausesTheWorkerWhichRunsNothingNewUntilItDropsBelow() {
    WorkerState w = workerWithMemory(LIMIT, OWN_JVM);
    List<Instruction> out = handle(w, new MemoryMeasured(850));
    WorkerStatusChange paused = (WorkerStatusChange) ((SendToScheduler) out.get(out.size() - 1)).message();
    assertTrue(paused.paused());
    assertEquals(W, paused.workerId());
    assertTrue(paused.reason().startsWith("memory: ") && paused.reason().contains(" in use is 85% of the ")
        && paused.reason().endsWith(" limit (pause at 80%)"), paused.reason());
    assertTrue(w.memory(0).paused());

    TaskSpec a = spec("a");
    assertEquals(List.of(), handle(w, compute(a, 1)), "paused: nothing starts");
    assertEquals(1, w.readyCount());

    assertEquals(List.of(new SendToScheduler(new WorkerStatusChange(W, false, "")), execute(a)),
        handle(w, new MemoryMeasured(500)), "below pause again: resumes and runs what waited");
    assertNull(w.pausedBecause());
  }

  @Test
  void measuredProcessMemoryPastSpillSpillsDownToTheTargetOncePerMeasurement() {
    WorkerState w = workerWithMemory(LIMIT, OWN_JVM);
    produce(w, "a", 200);
    produce(w, "b", 200);
    List<Instruction> out = handle(w, new MemoryMeasured(750));
    assertEquals(List.of("a"), out.stream().filter(Spill.class::isInstance).map(i -> ((Spill) i).key()).toList(),
        "750 - 600 = 150 bytes to free: the least recently used value");
    assertEquals(List.of(), handle(w, succeeded("zz", "x", 0)).stream().filter(Spill.class::isInstance).toList(),
        "no new measurement: no more spilling");
  }

  @Test
  void aDirectoryThatCannotBeWrittenKeepsValuesInMemoryPausesAndTriesAgainLater() {
    WorkerState w = workerWithMemory(LIMIT, SHARED);
    Spill first = spillOf(produce(w, "a", 700));
    List<Instruction> out = handle(w, new SpillFailed("a", first.id(), "/nope is read-only", true));
    WorkerStatusChange paused = (WorkerStatusChange) ((SendToScheduler) out.get(0)).message();
    assertTrue(paused.paused());
    assertTrue(paused.reason().contains("cannot write spill files (/nope is read-only)"), paused.reason());
    assertEquals(700, w.memory(0).managedBytes(), "the value stays in memory");
    assertEquals(List.of("a"), w.storedKeys());

    for (int i = 0; i < 3; i++) {
      assertEquals(List.of(), handle(w, new MemoryMeasured(0)), "no retry within " + Memory.RETRY_DISK_MILLIS + " ms");
    }
    List<Instruction> retry = retryAfterAWhile(w);
    Spill second = spillOf(retry);
    assertEquals(List.of(new SendToScheduler(new WorkerStatusChange(W, false, ""))),
        handle(w, new SpillDone("a", second.id(), 50)), "the disk works again: resumes");
  }

  /** Feeds ticks until the worker tries to write again; fails if it never does. */
  private List<Instruction> retryAfterAWhile(WorkerState w) {
    for (long i = 0; i <= Memory.RETRY_DISK_MILLIS; i++) {
      List<Instruction> out = handle(w, new MemoryMeasured(0));
      if (out.stream().anyMatch(Spill.class::isInstance)) {
        return out;
      }
    }
    throw new AssertionError("no retry after " + Memory.RETRY_DISK_MILLIS + " ms");
  }

  @Test
  void aWorkerThatCannotSpillStaysPausedWhileItHoldsMoreThanTheTarget() {
    long mib = 1 << 20;
    WorkerState w = workerWithMemory(256 * mib, new MemorySettings(0.1, 0.7, 0.8, true, "/tmp", 0));
    handle(w, new MemoryMeasured(60 * mib));
    List<Instruction> out = List.of();
    for (int i = 0; i < 4; i++) {
      out = produce(w, "b" + i, 8 * mib + 16);
    }
    Spill first = spillOf(out);
    handle(w, new SpillFailed(first.key(), first.id(), "not a directory", true));
    assertTrue(w.memory(0).paused());
    produce(w, "b4", 8 * mib + 16);
    for (int i = 0; i < 100; i++) {
      handle(w, new MemoryMeasured(100 * mib));
      assertTrue(w.memory(0).paused(), "still paused after " + i + " measurements: " + w.memory(0));
    }
  }

  @Test
  void aValueThatCannotBeSerializedStaysInMemoryWithoutPausing() {
    WorkerState w = workerWithMemory(LIMIT, SHARED);
    Spill spill = spillOf(produce(w, "a", 700));
    assertEquals(List.of(), handle(w, new SpillFailed("a", spill.id(), "cannot serialize Socket", false)));
    assertFalse(w.memory(0).paused());
    assertEquals(List.of("b"), produce(w, "b", 10).stream().filter(Spill.class::isInstance).map(i -> ((Spill) i).key()).toList(),
        "over the target again: the next value goes, the one that cannot be written is not chosen again");
  }

  @Test
  void withoutALimitNothingSpillsOrPauses() {
    WorkerState w = workerWithMemory(0, OWN_JVM);
    produce(w, "a", 1L << 40);
    assertEquals(List.of(), handle(w, new MemoryMeasured(1L << 41)));
    assertFalse(w.memory(0).paused());
  }
}

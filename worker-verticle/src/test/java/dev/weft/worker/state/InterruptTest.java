package dev.weft.worker.state;

import static dev.weft.worker.state.WorkerSpecs.START;
import static dev.weft.worker.state.WorkerSpecs.STOP;
import static dev.weft.worker.state.WorkerSpecs.W;
import static dev.weft.worker.state.WorkerSpecs.compute;
import static dev.weft.worker.state.WorkerSpecs.execute;
import static dev.weft.worker.state.WorkerSpecs.finished;
import static dev.weft.worker.state.WorkerSpecs.free;
import static dev.weft.worker.state.WorkerSpecs.spec;
import static dev.weft.worker.state.WorkerSpecs.specWith;
import static dev.weft.worker.state.WorkerSpecs.store;
import static dev.weft.worker.state.WorkerSpecs.succeeded;
import static dev.weft.worker.state.WorkerTaskStatus.CANCELLED;
import static dev.weft.worker.state.WorkerTaskStatus.MEMORY;
import static dev.weft.worker.state.WorkerTaskStatus.READY;
import static dev.weft.worker.state.WorkerTaskStatus.RESUMED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.weft.protocol.FreeKeys;
import dev.weft.protocol.LongRunning;
import dev.weft.protocol.RemoteError;
import dev.weft.protocol.TaskSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Forced cancels on the worker ({@code FreeKeys.interrupt}): only a run of a task that the free
 * makes CANCELLED is interrupted; the interrupted run keeps its thread slot and resources until it
 * returns, and whatever it returns or throws is reported to no one. Asked for again meanwhile, the
 * task is computed afresh once the interrupted run is back.
 */
class InterruptTest extends WorkerStateTestBase {

  /** The scheduler frees {@code keys} for a forced cancel. */
  private static FreeKeys forceFree(String... keys) {
    return new FreeKeys(List.of(keys), "CancelKeys-" + String.join(",", keys), true);
  }

  /** {@code key}'s run ended the way an interrupted {@code Thread.sleep} does. */
  private static ExecuteFailed interruptedRun(String key) {
    return new ExecuteFailed(key, RemoteError.of(new InterruptedException("sleep interrupted")), START, STOP);
  }

  @Test
  void anExecutingTaskIsInterruptedAndHoldsItsSlotUntilItsThreadReturns() {
    WorkerState w = worker(1);
    handle(w, compute(spec("a"), 1));
    assertEquals(List.of(), handle(w, compute(spec("b"), 2)));

    assertEquals(List.of(new Interrupt("a")), handle(w, forceFree("a")));
    assertEquals(CANCELLED, w.status("a"));
    assertEquals(1, w.executing(), "the interrupted thread has not returned yet");
    assertEquals(READY, w.status("b"), "so b waits for it");

    assertEquals(List.of(execute(spec("b"))), handle(w, interruptedRun("a")), "no TaskErred for a; b gets the thread");
    assertNull(w.status("a"));
    assertEquals(1, w.executing());
    assertEquals(List.of(finished("b")), handle(w, succeeded("b")));
    assertEquals(0, w.executing());
  }

  @Test
  void onlyAnExecutingTaskIsInterrupted() {
    WorkerState w = worker(1);
    handle(w, compute(spec("a"), 1));
    handle(w, compute(spec("b"), 2));
    handle(w, compute(spec("c", "x"), 3));

    assertEquals(List.of(), handle(w, forceFree("b", "c")), "a READY and a WAITING task have no thread to interrupt");
    assertNull(w.status("b"));
    assertNull(w.status("c"));
    assertEquals(List.of(), handle(w, free("a")), "a free without interrupt interrupts nothing");
    assertEquals(CANCELLED, w.status("a"));
    assertEquals(List.of(new Interrupt("a")), handle(w, forceFree("a")),
        "a forced free of a run let go before still reaches its thread");
  }

  @Test
  void aRunIsInterruptedOnceAndAValueItReturnsIsDropped() {
    WorkerState w = worker(1);
    handle(w, compute(spec("a"), 1));
    assertEquals(List.of(new Interrupt("a")), handle(w, forceFree("a")));
    assertEquals(List.of(), handle(w, forceFree("a")), "told once");

    assertEquals(List.of(), handle(w, succeeded("a")), "a task that ignored the interrupt: its value is dropped");
    assertNull(w.status("a"));
    assertEquals(0, w.storedCount());
    assertEquals(0, w.executing());
  }

  @Test
  void askedForAgainWhileTheInterruptedRunGoesOnItIsComputedAfreshWhenTheRunReturns() {
    WorkerState w = worker(1);
    TaskSpec a = spec("a");
    handle(w, compute(a, 1));
    handle(w, forceFree("a"));
    assertEquals(List.of(), handle(w, compute(a, 1)), "no second run while the interrupted one holds the thread");
    assertEquals(RESUMED, w.status("a"));
    assertEquals(1, w.executing());

    assertEquals(List.of(execute(a)), handle(w, interruptedRun("a")), "the InterruptedException is nobody's error");
    assertEquals(1, w.executing());
    assertEquals(List.of(finished("a")), handle(w, succeeded("a")));
    assertEquals(MEMORY, w.status("a"));
    assertEquals(0, w.executing());
  }

  @Test
  void anInterruptedRunThatReturnsAValueWhileResumedIsNotTrustedEither() {
    WorkerState w = worker(1);
    TaskSpec a = spec("a");
    handle(w, compute(a, 1));
    handle(w, forceFree("a"));
    handle(w, compute(a, 1));

    assertEquals(List.of(execute(a)), handle(w, succeeded("a")), "a cooperative task may return early: run again");
    assertEquals(List.of(finished("a")), handle(w, succeeded("a")));
  }

  @Test
  void resumedThenFreedAgainIsNotComputedAfresh() {
    WorkerState w = worker(1);
    TaskSpec a = spec("a");
    handle(w, compute(a, 1));
    handle(w, forceFree("a"));
    handle(w, compute(a, 1));
    assertEquals(List.of(), handle(w, forceFree("a")), "interrupted already");
    assertEquals(CANCELLED, w.status("a"));

    assertEquals(List.of(), handle(w, interruptedRun("a")));
    assertNull(w.status("a"));
    assertEquals(0, w.executing());
  }

  @Test
  void theResourcesOfAnInterruptedRunComeBackOnlyWhenItReturns() {
    WorkerState w = worker(2, Map.of("GPU", 1.0));
    TaskSpec g1 = specWith("g1", Map.of("GPU", 1.0));
    TaskSpec g2 = specWith("g2", Map.of("GPU", 1.0));
    handle(w, compute(g1, 1));
    assertEquals(List.of(new Interrupt("g1")), handle(w, forceFree("g1")));
    assertEquals(List.of(), handle(w, compute(g2, 2)), "the GPU is still held by the interrupted run");
    assertEquals(READY, w.status("g2"));

    assertEquals(List.of(execute(g2)), handle(w, interruptedRun("g1")));
  }

  @Test
  void aSecededRunIsInterruptedAndItsPendingRejoinGoesWithIt() {
    WorkerState w = worker(1);
    handle(w, compute(spec("a"), 1));
    handle(w, new Seceded("a"));
    assertEquals(List.of(execute(spec("b"))), handle(w, compute(spec("b"), 2)));
    assertEquals(List.of(), handle(w, new RejoinRequested("a")), "waits for b's slot");

    assertEquals(List.of(new Interrupt("a")), handle(w, forceFree("a")), "a seceded task's thread is still its own");
    assertEquals(List.of(), handle(w, interruptedRun("a")), "interrupted while waiting to rejoin");
    assertEquals(List.of(finished("b")), handle(w, succeeded("b")), "no rejoin granted to a run that is gone");
    assertEquals(0, w.executing());
  }

  @Test
  void anInterruptedRunThatStraysAndIsAdoptedAgainIsStillComputedAfresh() {
    WorkerState w = worker(1);
    TaskSpec a = spec("a");
    handle(w, compute(a, 1));
    handle(w, forceFree("a"));
    handle(w, store("a", "scattered"));
    assertEquals(MEMORY, w.status("a"), "the interrupted run goes on as a stray");
    handle(w, free("a"));
    assertEquals(List.of(), handle(w, compute(a, 1)), "the stray is adopted");
    assertEquals(RESUMED, w.status("a"));

    assertEquals(List.of(execute(a)), handle(w, interruptedRun("a")));
    assertEquals(List.of(finished("a")), handle(w, succeeded("a")));
  }

  @Test
  void aLongRunningTaskSendsItsLongRunningNoticeBeforeBeingInterrupted() {
    WorkerState w = worker(1);
    handle(w, compute(spec("a"), 1));
    assertEquals(List.of(new SendToScheduler(new LongRunning(W, "a"))), handle(w, new Seceded("a")));
    assertEquals(List.of(new Interrupt("a")), handle(w, forceFree("a")));
    assertEquals(0, w.executing(), "a seceded run holds no slot, interrupted or not");
    assertEquals(List.of(), handle(w, interruptedRun("a")));
    assertEquals(0, w.executing());
  }
}

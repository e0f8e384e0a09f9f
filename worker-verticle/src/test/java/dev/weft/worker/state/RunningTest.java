package dev.weft.worker.state;

import static dev.weft.worker.state.WorkerSpecs.SIZE_OF;
import static dev.weft.worker.state.WorkerSpecs.W;
import static dev.weft.worker.state.WorkerSpecs.W2;
import static dev.weft.worker.state.WorkerSpecs.compute;
import static dev.weft.worker.state.WorkerSpecs.erred;
import static dev.weft.worker.state.WorkerSpecs.execute;
import static dev.weft.worker.state.WorkerSpecs.failed;
import static dev.weft.worker.state.WorkerSpecs.finished;
import static dev.weft.worker.state.WorkerSpecs.free;
import static dev.weft.worker.state.WorkerSpecs.gathered;
import static dev.weft.worker.state.WorkerSpecs.missingOn;
import static dev.weft.worker.state.WorkerSpecs.spec;
import static dev.weft.worker.state.WorkerSpecs.succeeded;
import static dev.weft.worker.state.WorkerTaskStatus.ERROR;
import static dev.weft.worker.state.WorkerTaskStatus.EXECUTING;
import static dev.weft.worker.state.WorkerTaskStatus.MEMORY;
import static dev.weft.worker.state.WorkerTaskStatus.READY;
import static dev.weft.worker.state.WorkerTaskStatus.RELEASED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.protocol.GetData;
import dev.weft.protocol.Priority;
import dev.weft.protocol.StealRequest;
import dev.weft.protocol.StealResponse;
import dev.weft.protocol.TaskSpec;
import dev.weft.protocol.state.Transition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Running tasks on the worker's threads: priorities, outcomes, steals, odd input and the edge counts. */
class RunningTest extends WorkerStateTestBase {

  @Test
  void computeTaskWithoutDependenciesExecutesAtOnce() {
    WorkerState w = worker(2);
    TaskSpec a = spec("a");
    assertEquals(List.of(execute(a)), handle(w, compute(a, 1)));
    assertEquals(EXECUTING, w.status("a"));
    assertEquals(1, w.executing());
    assertEquals(0, w.readyCount());
    assertEquals(List.of(), w.storedKeys());
  }

  @Test
  void aStealRequestTakesOnlyATaskNotStartedAndIsAlwaysAnswered() {
    WorkerState w = worker(1);
    TaskSpec a = spec("a");
    TaskSpec b = spec("b");
    handle(w, compute(a, 1));
    handle(w, compute(b, 2));
    assertEquals(READY, w.status("b"));

    assertEquals(List.of(new SendToScheduler(new StealResponse(W, "b", true, "ready"))), handle(w, new StealRequest("b")));
    assertEquals(null, w.status("b"), "given up and forgotten");
    assertEquals(List.of(new SendToScheduler(new StealResponse(W, "a", false, "executing"))), handle(w, new StealRequest("a")));
    assertEquals(EXECUTING, w.status("a"), "a started task is kept");
    assertEquals(List.of(new SendToScheduler(new StealResponse(W, "gone", false, "unknown"))), handle(w, new StealRequest("gone")));
    assertEquals(List.of(finished("a")), handle(w, succeeded("a")), "and nothing runs in b's place");
  }

  @Test
  void executeSucceededStoresTheValueAndReportsItInline() {
    WorkerState w = worker(1);
    TaskSpec a = spec("a");
    handle(w, compute(a, 1));
    assertEquals(List.of(finished("a", 24, 42, 10, 20)), handle(w, succeeded("a", 42, 24)));
    assertEquals(MEMORY, w.status("a"));
    assertEquals(List.of("a"), w.storedKeys());
    assertEquals(Map.of("a", 42), w.values(List.of("a", "unknown")));
    assertEquals(24, w.nbytes("a"));
    assertEquals(24, w.bytesStored());
    assertEquals(0, w.executing());

    // Without a size in the outcome, the worker measures the value itself.
    TaskSpec b = spec("b");
    handle(w, compute(b, 2));
    assertEquals(List.of(finished("b")), handle(w, succeeded("b")));
    assertEquals(SIZE_OF, w.nbytes("b"));
    assertEquals(24 + SIZE_OF, w.bytesStored());
    assertEquals(List.of("a", "b"), w.storedKeys());
  }

  @Test
  void executeFailedSendsTaskErredAndKeepsNoValue() {
    WorkerState w = worker(1);
    TaskSpec a = spec("a");
    TaskSpec b = spec("b");
    handle(w, compute(a, 1));
    assertEquals(List.of(), handle(w, compute(b, 2)));
    assertEquals(List.of(erred("a"), execute(b)), handle(w, failed("a")));
    assertEquals(ERROR, w.status("a"));
    assertEquals(List.of(), w.storedKeys());
    assertEquals(-1, w.nbytes("a"));

    // The scheduler frees the erred key (for example to retry it elsewhere).
    assertEquals(List.of(), handle(w, free("a")));
    assertNull(w.status("a"));
    // ... and may send it again: it runs once more.
    assertEquals(List.of(), handle(w, compute(a, 3)));
    assertEquals(List.of(finished("b"), execute(a)), handle(w, succeeded("b")));
  }

  @Test
  void atMostNthreadsTasksExecuteAndTheNextByPriorityStarts() {
    WorkerState w = worker(2);
    TaskSpec t1 = spec("t1");
    TaskSpec t2 = spec("t2");
    TaskSpec low = spec("low");
    TaskSpec high = spec("high");
    TaskSpec mid = spec("mid");
    TaskSpec early = spec("early");
    assertEquals(List.of(execute(t1)), handle(w, compute(t1, 1)));
    assertEquals(List.of(execute(t2)), handle(w, compute(t2, 2)));
    assertEquals(List.of(), handle(w, compute(low, new Priority(0, 1, 9), Map.of())));
    assertEquals(List.of(), handle(w, compute(high, new Priority(5, 1, 10), Map.of())));
    assertEquals(List.of(), handle(w, compute(mid, new Priority(0, 1, 2), Map.of())));
    assertEquals(List.of(), handle(w, compute(early, new Priority(0, 0, 50), Map.of())));
    assertEquals(2, w.executing());
    assertEquals(4, w.readyCount());
    assertEquals(READY, w.status("high"));

    // Higher user priority first, then earlier generation, then graph order.
    assertEquals(List.of(finished("t1"), execute(high)), handle(w, succeeded("t1")));
    assertEquals(2, w.executing());
    assertEquals(List.of(finished("t2"), execute(early)), handle(w, succeeded("t2")));
    assertEquals(2, w.executing());
    assertEquals(List.of(finished("high"), execute(mid)), handle(w, succeeded("high")));
    assertEquals(List.of(erred("early"), execute(low)), handle(w, failed("early")));
    assertEquals(2, w.executing());
    assertEquals(0, w.readyCount());
    assertEquals(List.of(finished("mid")), handle(w, succeeded("mid")));
    assertEquals(1, w.executing());
    assertEquals(List.of(finished("low")), handle(w, succeeded("low")));
    assertEquals(0, w.executing());
    assertEquals(List.of("high", "low", "mid", "t1", "t2"), w.storedKeys());
  }

  @Test
  void outcomesForUnknownKeysAreIgnored() {
    WorkerState w = worker(1);
    assertEquals(List.of(), handle(w, succeeded("nope")));
    assertEquals(List.of(), handle(w, failed("nope")));
    assertEquals(List.of(), handle(w, new Seceded("nope")));
    assertEquals(List.of(new GrantRejoin("nope")), handle(w, new RejoinRequested("nope")));
    assertEquals(List.of(), handle(w, gathered(W2, "nope", 1)));
    assertEquals(List.of(), handle(w, new GatherFailed(W2, List.of("nope"))));
    assertEquals(List.of(), handle(w, missingOn(W2, "nope")));
    assertEquals(List.of(), w.storedKeys());
    assertThrows(IllegalArgumentException.class, () -> handle(w, new GetData(List.of("a"))));
  }

  @Test
  void transitionCountsCoverExactlyTheDeclaredEdges() {
    WorkerState w = worker(1);
    assertEquals(w.declaredTransitions(), new ArrayList<>(w.transitionCounts().keySet()));
    handle(w, compute(spec("a"), 1));
    assertEquals(1L, w.transitionCounts().get(new Transition<>(RELEASED, READY)));
    assertEquals(1L, w.transitionCounts().get(new Transition<>(READY, EXECUTING)));
    assertEquals(0L, w.transitionCounts().get(new Transition<>(EXECUTING, MEMORY)));
  }
}

package dev.weft.worker.state;

import static dev.weft.worker.state.WorkerSpecs.SIZE_OF;
import static dev.weft.worker.state.WorkerSpecs.W;
import static dev.weft.worker.state.WorkerSpecs.W2;
import static dev.weft.worker.state.WorkerSpecs.addKeys;
import static dev.weft.worker.state.WorkerSpecs.compute;
import static dev.weft.worker.state.WorkerSpecs.deps;
import static dev.weft.worker.state.WorkerSpecs.execute;
import static dev.weft.worker.state.WorkerSpecs.failed;
import static dev.weft.worker.state.WorkerSpecs.finished;
import static dev.weft.worker.state.WorkerSpecs.free;
import static dev.weft.worker.state.WorkerSpecs.gatherDep;
import static dev.weft.worker.state.WorkerSpecs.gathered;
import static dev.weft.worker.state.WorkerSpecs.prio;
import static dev.weft.worker.state.WorkerSpecs.spec;
import static dev.weft.worker.state.WorkerSpecs.store;
import static dev.weft.worker.state.WorkerSpecs.succeeded;
import static dev.weft.worker.state.WorkerSpecs.valueOf;
import static dev.weft.worker.state.WorkerTaskStatus.CANCELLED;
import static dev.weft.worker.state.WorkerTaskStatus.FLIGHT;
import static dev.weft.worker.state.WorkerTaskStatus.MEMORY;
import static dev.weft.worker.state.WorkerTaskStatus.READY;
import static dev.weft.worker.state.WorkerTaskStatus.RELEASED;
import static dev.weft.worker.state.WorkerTaskStatus.RESUMED;
import static dev.weft.worker.state.WorkerTaskStatus.WAITING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.weft.protocol.LongRunning;
import dev.weft.protocol.TaskSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * CANCELLED and RESUMED (dask's worker states of the same names): a run or fetch that outlives the
 * scheduler's interest keeps its slot, and its outcome is dropped, or kept when the key was asked
 * for again meanwhile.
 */
class CancelledResumedTest extends WorkerStateTestBase {

  /** The moves of {@code key} in {@code w}'s story, as "FROM->TO". */
  private static List<String> moves(WorkerState w, String key) {
    return w.story(key).stream().map(r -> r.from() + "->" + r.to()).toList();
  }

  @Test
  void releasedWhileExecutingTheResultIsDroppedAndTheSlotHeldUntilItArrives() {
    WorkerState w = worker(1);
    handle(w, compute(spec("a"), 1));
    assertEquals(List.of(), handle(w, free("a")));
    assertEquals(CANCELLED, w.status("a"));
    assertEquals(1, w.executing());
    assertEquals(List.of(), handle(w, compute(spec("b"), 2)));
    assertEquals(READY, w.status("b"));

    assertEquals(List.of(execute(spec("b"))), handle(w, succeeded("a")), "no TaskFinished for a");
    assertNull(w.status("a"));
    assertEquals(List.of(), w.storedKeys());
    assertEquals(0, w.storedCount());
    assertEquals(0, w.bytesStored());
    assertEquals(List.of("RELEASED->READY", "READY->EXECUTING", "EXECUTING->CANCELLED", "CANCELLED->RELEASED"), moves(w, "a"));
  }

  @Test
  void releasedWhileExecutingAndComputedAgainIsResumedAndFinishedOnce() {
    WorkerState w = worker(1);
    TaskSpec a = spec("a");
    handle(w, compute(a, 1));
    handle(w, free("a"));
    assertEquals(List.of(), handle(w, compute(a, 1)), "no second run");
    assertEquals(RESUMED, w.status("a"));
    assertEquals(1, w.executing());
    assertEquals(List.of(), handle(w, compute(a, 1)), "asked again while RESUMED: still no second run");

    assertEquals(List.of(finished("a")), handle(w, succeeded("a")));
    assertEquals(MEMORY, w.status("a"));
    assertEquals(List.of("a"), w.storedKeys());
    assertEquals(SIZE_OF, w.bytesStored());
    assertEquals(0, w.executing());
    assertEquals(List.of(), handle(w, succeeded("a")), "a duplicate outcome changes nothing");
    assertEquals(List.of("RELEASED->READY", "READY->EXECUTING", "EXECUTING->CANCELLED", "CANCELLED->RESUMED",
        "RESUMED->MEMORY"), moves(w, "a"));
  }

  @Test
  void resumedAndReleasedAgainDropsItsResult() {
    WorkerState w = worker(1);
    handle(w, compute(spec("a"), 1));
    handle(w, free("a"));
    handle(w, compute(spec("a"), 1));
    assertEquals(List.of(), handle(w, free("a")));
    assertEquals(CANCELLED, w.status("a"));
    assertEquals(1, w.executing());
    assertEquals(List.of(), handle(w, failed("a")), "no TaskErred for a released task");
    assertNull(w.status("a"));
    assertEquals(0, w.executing());
  }

  @Test
  void aCancelledRunSecedesAndRejoinsLikeAnyRun() {
    WorkerState w = worker(1);
    handle(w, compute(spec("a"), 1));
    handle(w, free("a"));
    assertEquals(List.of(new SendToScheduler(new LongRunning(W, "a"))), handle(w, new Seceded("a")));
    assertEquals(CANCELLED, w.status("a"));
    assertEquals(0, w.executing());
    assertEquals(List.of(execute(spec("b"))), handle(w, compute(spec("b"), 2)));
    assertEquals(List.of(), handle(w, new RejoinRequested("a")), "waits for b's slot");
    assertEquals(List.of(finished("b"), new GrantRejoin("a")), handle(w, succeeded("b")));
    assertEquals(1, w.executing());
    assertEquals(List.of(), handle(w, succeeded("a")));
    assertEquals(0, w.executing());
  }

  @Test
  void releasedInFlightThenNeededAgainAsADependencyIsDeliveredByTheSameFetch() {
    WorkerState w = worker(1);
    handle(w, compute(spec("b", "a"), prio(1), Map.of("a", List.of(W2))));
    handle(w, free("b"));
    assertEquals(CANCELLED, w.status("a"));
    TaskSpec c = spec("c", "a");
    assertEquals(List.of(), handle(w, compute(c, prio(2), Map.of("a", List.of(W2)))), "no second request");
    assertEquals(FLIGHT, w.status("a"));
    assertEquals(List.of(addKeys("a", SIZE_OF), execute(c, deps("a", "A"))), handle(w, gathered(W2, "a", "A")));
    assertEquals(List.of("RELEASED->FETCH", "FETCH->FLIGHT", "FLIGHT->CANCELLED", "CANCELLED->FLIGHT", "FLIGHT->MEMORY"),
        moves(w, "a"));
  }

  @Test
  void releasedInFlightThenComputedHereWaitsForItsOwnDependenciesAndDropsTheLateValue() {
    WorkerState w = worker(1);
    handle(w, compute(spec("b", "a"), prio(1), Map.of("a", List.of(W2))));
    handle(w, free("b"));
    TaskSpec a = spec("a", "x");
    assertEquals(List.of(gatherDep(W2, "x")), handle(w, compute(a, prio(0), Map.of("x", List.of(W2)))));
    assertEquals(WAITING, w.status("a"));
    assertEquals(List.of(), handle(w, gathered(W2, "a", "stale")));
    assertEquals(WAITING, w.status("a"));
    assertEquals(List.of(addKeys("x", SIZE_OF), execute(a, deps("x", "X"))), handle(w, gathered(W2, "x", "X")));
    assertEquals(List.of(finished("a")), handle(w, succeeded("a")));
    assertEquals(valueOf("a"), w.values(List.of("a")).get("a"));
  }

  @Test
  void aRunWhoseKeyWasScatteredStraysAndIsTakenOverWhenTheKeyIsComputedAgain() {
    WorkerState w = worker(1);
    TaskSpec a = spec("a");
    handle(w, compute(a, 1));
    assertEquals(List.of(addKeys("a", SIZE_OF)), handle(w, store("a", "scattered")));
    assertEquals(List.of(), handle(w, free("a")));
    assertNull(w.status("a"), "forgotten; its run goes on as a stray");
    assertEquals(1, w.executing());
    assertEquals(List.of(), handle(w, compute(a, 1)), "the stray is taken over, not run twice");
    assertEquals(RESUMED, w.status("a"));
    assertEquals(1, w.executing());
    assertEquals(List.of(finished("a")), handle(w, succeeded("a")));
    assertEquals(MEMORY, w.status("a"));
    assertEquals(0, w.executing());
    assertEquals(List.of("EXECUTING->CANCELLED", "CANCELLED->MEMORY", "MEMORY->RELEASED", "RELEASED->RESUMED",
        "RESUMED->MEMORY"), moves(w, "a").subList(2, 7));
  }

  @Test
  void aStrayRunHoldsItsSlotUntilItReturns() {
    WorkerState w = worker(1);
    handle(w, compute(spec("a"), 1));
    handle(w, store("a", "scattered"));
    assertEquals(MEMORY, w.status("a"));
    assertEquals(1, w.executing());
    assertEquals(List.of(), handle(w, compute(spec("b"), 2)), "a's thread is still busy");
    assertEquals(List.of(execute(spec("b"))), handle(w, succeeded("a", "computed", 100)));
    assertEquals(Map.of("a", "scattered"), w.values(List.of("a")));
  }
}

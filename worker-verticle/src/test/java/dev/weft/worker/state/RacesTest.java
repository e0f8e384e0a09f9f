package dev.weft.worker.state;

import static dev.weft.worker.state.WorkerSpecs.SIZE_OF;
import static dev.weft.worker.state.WorkerSpecs.W2;
import static dev.weft.worker.state.WorkerSpecs.W3;
import static dev.weft.worker.state.WorkerSpecs.addKeys;
import static dev.weft.worker.state.WorkerSpecs.compute;
import static dev.weft.worker.state.WorkerSpecs.deps;
import static dev.weft.worker.state.WorkerSpecs.execute;
import static dev.weft.worker.state.WorkerSpecs.failed;
import static dev.weft.worker.state.WorkerSpecs.finished;
import static dev.weft.worker.state.WorkerSpecs.free;
import static dev.weft.worker.state.WorkerSpecs.gatherDep;
import static dev.weft.worker.state.WorkerSpecs.gathered;
import static dev.weft.worker.state.WorkerSpecs.missingData;
import static dev.weft.worker.state.WorkerSpecs.prio;
import static dev.weft.worker.state.WorkerSpecs.spec;
import static dev.weft.worker.state.WorkerSpecs.store;
import static dev.weft.worker.state.WorkerSpecs.succeeded;
import static dev.weft.worker.state.WorkerSpecs.valueOf;
import static dev.weft.worker.state.WorkerTaskStatus.EXECUTING;
import static dev.weft.worker.state.WorkerTaskStatus.FETCH;
import static dev.weft.worker.state.WorkerTaskStatus.FLIGHT;
import static dev.weft.worker.state.WorkerTaskStatus.MEMORY;
import static dev.weft.worker.state.WorkerTaskStatus.CANCELLED;
import static dev.weft.worker.state.WorkerTaskStatus.RESUMED;
import static dev.weft.worker.state.WorkerTaskStatus.WAITING;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.protocol.TaskSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Races between a key's run, its fetch and its scattered value: one value is kept, late ones dropped. */
class RacesTest extends WorkerStateTestBase {

  @Test
  void computeTaskForAKeyBeingFetchedRunsItHere() {
    WorkerState w = worker(1);
    TaskSpec b = spec("b", "a");
    assertEquals(List.of(), handle(w, compute(b, prio(1), Map.of())));
    assertEquals(FETCH, w.status("a"));
    // Nobody holds "a" any more: the scheduler recomputes it, here.
    TaskSpec a = spec("a");
    assertEquals(List.of(execute(a)), handle(w, compute(a, 0)));
    assertEquals(EXECUTING, w.status("a"));
    assertEquals(List.of(finished("a"), execute(b, deps("a", valueOf("a")))), handle(w, succeeded("a")));
  }

  @Test
  void computeTaskForAKeyInFlightRunsItEvenIfTheFetchFails() {
    WorkerState w = worker(1);
    TaskSpec b = spec("b", "a");
    assertEquals(List.of(gatherDep(W2, "a")), handle(w, compute(b, prio(1), Map.of("a", List.of(W2)))));
    // w2 died; the scheduler recomputes "a" here while the request to w2 is still out.
    TaskSpec a = spec("a");
    assertEquals(List.of(execute(a)), handle(w, compute(a, 0)));
    assertEquals(EXECUTING, w.status("a"));
    assertEquals(List.of(missingData("a", W2)), handle(w, new GatherFailed(W2, List.of("a"))));
    assertEquals(EXECUTING, w.status("a"));
    assertEquals(List.of(finished("a"), execute(b, deps("a", valueOf("a")))), handle(w, succeeded("a")));
  }

  @Test
  void releasedInFlightThenComputedHereRunsAndDropsTheLateValue() {
    WorkerState w = worker(1);
    handle(w, compute(spec("b", "a"), prio(1), Map.of("a", List.of(W2))));
    // The scheduler releases the dependent (its input was lost) and recomputes "a" here.
    assertEquals(List.of(), handle(w, free("b")));
    assertEquals(CANCELLED, w.status("a"));
    TaskSpec a = spec("a");
    assertEquals(List.of(execute(a)), handle(w, compute(a, 0)));
    assertEquals(List.of(), handle(w, gathered(W2, "a", "stale")));
    assertEquals(List.of(), w.storedKeys());
    assertEquals(List.of(finished("a")), handle(w, succeeded("a")));
    assertEquals(Map.of("a", valueOf("a")), w.values(List.of("a")));

    // Same when the late answer is a failure.
    handle(w, compute(spec("d", "c"), prio(2), Map.of("c", List.of(W3))));
    handle(w, free("d"));
    TaskSpec c = spec("c");
    assertEquals(List.of(execute(c)), handle(w, compute(c, 3)));
    assertEquals(List.of(missingData("c", W3)), handle(w, new GatherFailed(W3, List.of("c"))));
    assertEquals(List.of(finished("c")), handle(w, succeeded("c")));
  }

  @Test
  void releasedRunningTaskNeededAsADependencyAndComputedAgainKeepsOneValue() {
    WorkerState w = worker(2);
    TaskSpec a = spec("a");
    TaskSpec b = spec("b", "a");
    handle(w, compute(a, 1));
    handle(w, free("a"));
    assertEquals(List.of(gatherDep(W2, "a")), handle(w, compute(b, prio(2), Map.of("a", List.of(W2)))));
    // Computed again while still running: no second run.
    assertEquals(List.of(), handle(w, compute(a, 1)));
    assertEquals(RESUMED, w.status("a"));
    // The fetch delivers first: reported finished, the dependent runs; the late run is dropped.
    assertEquals(
        List.of(finished("a", SIZE_OF, "A", 0, 0), addKeys("a", SIZE_OF), execute(b, deps("a", "A"))),
        handle(w, gathered(W2, "a", "A")));
    assertEquals(List.of(), handle(w, succeeded("a")));
    assertEquals(Map.of("a", "A"), w.values(List.of("a")));
    assertEquals(SIZE_OF, w.bytesStored());
    assertEquals(1, w.executing());

    // The run delivers first (or the fetch fails): the run's value counts.
    TaskSpec x = spec("x");
    TaskSpec y = spec("y", "x");
    handle(w, succeeded("b"));
    handle(w, compute(x, 3));
    handle(w, free("x"));
    assertEquals(List.of(gatherDep(W3, "x")), handle(w, compute(y, prio(4), Map.of("x", List.of(W3)))));
    assertEquals(List.of(), handle(w, compute(x, 3)));
    assertEquals(List.of(missingData("x", W3)), handle(w, new GatherFailed(W3, List.of("x"))));
    assertEquals(RESUMED, w.status("x"));
    assertEquals(List.of(finished("x"), execute(y, deps("x", valueOf("x")))), handle(w, succeeded("x")));
    assertEquals(List.of(), handle(w, gathered(W3, "x", "late")));
    assertEquals(valueOf("x"), w.values(List.of("x")).get("x"));
  }

  @Test
  void dependencyNeededAgainWhileItsFetchIsOutIsStillDelivered() {
    WorkerState w = worker(1);
    assertEquals(List.of(gatherDep(W2, "a")), handle(w, compute(spec("b", "a"), prio(1), Map.of("a", List.of(W2)))));
    handle(w, free("b"));
    TaskSpec c = spec("c", "a");
    // The request for "a" is still out: no second one.
    assertEquals(List.of(), handle(w, compute(c, prio(2), Map.of("a", List.of(W2, W3)))));
    assertEquals(WAITING, w.status("c"));
    assertEquals(List.of(addKeys("a", 8), execute(c, deps("a", "A"))), handle(w, gathered(W2, "a", "A")));
    assertEquals(MEMORY, w.status("a"));
  }

  @Test
  void dependencyNeededAgainWhileItsFetchIsOutIsRetriedWhenTheFetchFails() {
    WorkerState w = worker(1);
    handle(w, compute(spec("b", "a"), prio(1), Map.of("a", List.of(W2))));
    handle(w, free("b"));
    TaskSpec c = spec("c", "a");
    assertEquals(List.of(), handle(w, compute(c, prio(2), Map.of("a", List.of(W2, W3)))));
    assertEquals(List.of(missingData("a", W2), gatherDep(W3, "a")), handle(w, new GatherFailed(W2, List.of("a"))));
    assertEquals(List.of(addKeys("a", 8), execute(c, deps("a", "A"))), handle(w, gathered(W3, "a", "A")));
  }

  @Test
  void resultOfAReleasedTaskNowFetchedAsADependencyIsDropped() {
    WorkerState w = worker(2);
    handle(w, compute(spec("a"), 1));
    handle(w, free("a"));
    TaskSpec b = spec("b", "a");
    assertEquals(List.of(gatherDep(W2, "a")), handle(w, compute(b, prio(2), Map.of("a", List.of(W2)))));
    assertEquals(FLIGHT, w.status("a"));
    assertEquals(List.of(), handle(w, succeeded("a")));
    assertEquals(FLIGHT, w.status("a"));
    assertEquals(List.of(), w.storedKeys());
    assertEquals(List.of(addKeys("a", SIZE_OF), execute(b, deps("a", "A"))), handle(w, gathered(W2, "a", "A")));
    assertEquals(SIZE_OF, w.bytesStored());

    // Same with a failure, while the dependency waits for a holder.
    handle(w, compute(spec("x"), 3));
    handle(w, free("x"));
    TaskSpec y = spec("y", "x");
    assertEquals(List.of(), handle(w, compute(y, prio(4), Map.of())));
    assertEquals(FETCH, w.status("x"));
    assertEquals(List.of(), handle(w, failed("x")));
    assertEquals(FETCH, w.status("x"));
    assertEquals(List.of(gatherDep(W3, "x")), handle(w, compute(y, prio(4), Map.of("x", List.of(W3)))));
  }

  @Test
  void resultOfATaskWhoseKeyWasScatteredMeanwhileIsDropped() {
    WorkerState w = worker(1);
    handle(w, compute(spec("a"), 1));
    assertEquals(List.of(addKeys("a", SIZE_OF)), handle(w, store("a", "scattered")));
    assertEquals(MEMORY, w.status("a"));
    assertEquals(List.of(), handle(w, succeeded("a", "computed", 100)));
    assertEquals(Map.of("a", "scattered"), w.values(List.of("a")));
    assertEquals(SIZE_OF, w.bytesStored());
    assertEquals(0, w.executing());
  }
}

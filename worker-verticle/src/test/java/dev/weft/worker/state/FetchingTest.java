package dev.weft.worker.state;

import static dev.weft.worker.state.WorkerSpecs.SIZE_OF;
import static dev.weft.worker.state.WorkerSpecs.W2;
import static dev.weft.worker.state.WorkerSpecs.W3;
import static dev.weft.worker.state.WorkerSpecs.W4;
import static dev.weft.worker.state.WorkerSpecs.addKeys;
import static dev.weft.worker.state.WorkerSpecs.compute;
import static dev.weft.worker.state.WorkerSpecs.deps;
import static dev.weft.worker.state.WorkerSpecs.execute;
import static dev.weft.worker.state.WorkerSpecs.finished;
import static dev.weft.worker.state.WorkerSpecs.gatherDep;
import static dev.weft.worker.state.WorkerSpecs.gathered;
import static dev.weft.worker.state.WorkerSpecs.missingData;
import static dev.weft.worker.state.WorkerSpecs.missingOn;
import static dev.weft.worker.state.WorkerSpecs.prio;
import static dev.weft.worker.state.WorkerSpecs.spec;
import static dev.weft.worker.state.WorkerSpecs.store;
import static dev.weft.worker.state.WorkerSpecs.succeeded;
import static dev.weft.worker.state.WorkerSpecs.valueOf;
import static dev.weft.worker.state.WorkerTaskStatus.FETCH;
import static dev.weft.worker.state.WorkerTaskStatus.FLIGHT;
import static dev.weft.worker.state.WorkerTaskStatus.MEMORY;
import static dev.weft.worker.state.WorkerTaskStatus.WAITING;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.protocol.TaskSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Dependencies from peers and scattered values: gathered per peer, retried from the next holder, announced. */
class FetchingTest extends WorkerStateTestBase {

  @Test
  void dependencyHeldByAPeerIsGatheredFromIt() {
    WorkerState w = worker(1);
    TaskSpec b = spec("b", "a");
    assertEquals(List.of(gatherDep(W2, "a")), handle(w, compute(b, prio(1), Map.of("a", List.of(W2)))));
    assertEquals(WAITING, w.status("b"));
    assertEquals(FLIGHT, w.status("a"));
    assertEquals(0, w.executing());
  }

  @Test
  void gatheredDependencyIsStoredAnnouncedAndPassedToTheDependent() {
    WorkerState w = worker(1);
    TaskSpec b = spec("b", "a");
    handle(w, compute(b, prio(1), Map.of("a", List.of(W2))));
    assertEquals(List.of(addKeys("a", SIZE_OF), execute(b, deps("a", "A"))), handle(w, gathered(W2, "a", "A")));
    assertEquals(MEMORY, w.status("a"));
    assertEquals(List.of("a"), w.storedKeys());
    assertEquals(SIZE_OF, w.nbytes("a"));
    assertEquals(List.of(finished("b")), handle(w, succeeded("b")));
    assertEquals(List.of("a", "b"), w.storedKeys());
  }

  @Test
  void dependenciesAreGatheredPerPeerInOneRequest() {
    WorkerState w = worker(1);
    TaskSpec b = spec("b", "a1", "a2", "a3");
    assertEquals(
        List.of(gatherDep(W2, "a1", "a3"), gatherDep(W3, "a2")),
        handle(w, compute(b, prio(1), Map.of("a1", List.of(W2), "a2", List.of(W3, W2), "a3", List.of(W2)))));
    assertEquals(
        List.of(addKeys(Map.of("a1", 8L, "a3", 8L))),
        handle(w, gathered(W2, "a1", 1, "a3", 3)));
    assertEquals(WAITING, w.status("b"));
    assertEquals(
        List.of(addKeys("a2", 8), execute(b, deps("a1", 1, "a2", 2, "a3", 3))),
        handle(w, gathered(W3, "a2", 2)));
  }

  @Test
  void dependencyOnALocalTaskWaitsForItToFinish() {
    WorkerState w = worker(1);
    TaskSpec a = spec("a");
    TaskSpec b = spec("b", "a");
    assertEquals(List.of(execute(a)), handle(w, compute(a, 1)));
    assertEquals(List.of(), handle(w, compute(b, 2)));
    assertEquals(WAITING, w.status("b"));
    assertEquals(List.of(finished("a"), execute(b, deps("a", valueOf("a")))), handle(w, succeeded("a")));
  }

  @Test
  void keyMissingOnThePeerIsReportedAndFetchedFromTheNextHolder() {
    WorkerState w = worker(1);
    TaskSpec b = spec("b", "a");
    assertEquals(List.of(gatherDep(W2, "a")), handle(w, compute(b, prio(1), Map.of("a", List.of(W2, W3)))));
    assertEquals(List.of(missingData("a", W2), gatherDep(W3, "a")), handle(w, missingOn(W2, "a")));
    assertEquals(FLIGHT, w.status("a"));

    // The last holder lacks it too: reported, and nothing left to ask until the scheduler says more.
    assertEquals(List.of(missingData("a", W3)), handle(w, missingOn(W3, "a")));
    assertEquals(FETCH, w.status("a"));
    assertEquals(WAITING, w.status("b"));

    // The scheduler repeats the task with fresh holders.
    assertEquals(List.of(gatherDep(W4, "a")), handle(w, compute(b, prio(1), Map.of("a", List.of(W4)))));
    assertEquals(List.of(addKeys("a", 8), execute(b, deps("a", "A"))), handle(w, gathered(W4, "a", "A")));
  }

  @Test
  void failedGatherIsReportedAndRetriedFromTheNextHolder() {
    WorkerState w = worker(1);
    TaskSpec b = spec("b", "a", "c");
    assertEquals(
        List.of(gatherDep(W2, "a", "c")),
        handle(w, compute(b, prio(1), Map.of("a", List.of(W2, W3), "c", List.of(W2, W3)))));
    assertEquals(
        List.of(missingData("a", W2), missingData("c", W2), gatherDep(W3, "a", "c")),
        handle(w, new GatherFailed(W2, List.of("a", "c"))));
    assertEquals(
        List.of(addKeys(Map.of("a", 8L, "c", 8L)), execute(b, deps("a", "A", "c", "C"))),
        handle(w, gathered(W3, "a", "A", "c", "C")));
  }

  @Test
  void computeTaskForAKeyAlreadyFetchedReportsItFinished() {
    WorkerState w = worker(1);
    TaskSpec b = spec("b", "a");
    handle(w, compute(b, prio(1), Map.of("a", List.of(W2))));
    handle(w, gathered(W2, "a", "A"));
    // The scheduler now wants "a" computed here; its value is already here.
    assertEquals(List.of(finished("a", SIZE_OF, "A", 0, 0)), handle(w, compute(spec("a"), 0)));
    assertEquals(MEMORY, w.status("a"));
    assertEquals(1, w.executing());
  }

  @Test
  void storeDataKeepsTheValuesAndSendsAddKeys() {
    WorkerState w = worker(1);
    assertEquals(
        List.of(addKeys(Map.of("x", SIZE_OF, "y", SIZE_OF))),
        handle(w, store("x", "X", "y", List.of(1, 2))));
    assertEquals(List.of("x", "y"), w.storedKeys());
    assertEquals(Map.of("x", "X", "y", List.of(1, 2)), w.values(List.of("x", "y")));
    assertEquals(MEMORY, w.status("x"));
    assertEquals(2 * SIZE_OF, w.bytesStored());
    // Storing a held key again keeps the first value and reports it again.
    assertEquals(List.of(addKeys("x", SIZE_OF)), handle(w, store("x", "other")));
    assertEquals(Map.of("x", "X"), w.values(List.of("x")));
  }

  @Test
  void storeDataUnblocksATaskWaitingForAKeyWithoutHolders() {
    WorkerState w = worker(1);
    TaskSpec b = spec("b", "x");
    assertEquals(List.of(), handle(w, compute(b, prio(1), Map.of())));
    assertEquals(FETCH, w.status("x"));
    assertEquals(List.of(addKeys("x", SIZE_OF), execute(b, deps("x", "X"))), handle(w, store("x", "X")));
    assertEquals(MEMORY, w.status("x"));
  }
}

package dev.weft.worker.state;

import static dev.weft.worker.state.WorkerSpecs.SIZE_OF;
import static dev.weft.worker.state.WorkerSpecs.W2;
import static dev.weft.worker.state.WorkerSpecs.W3;
import static dev.weft.worker.state.WorkerSpecs.addKeys;
import static dev.weft.worker.state.WorkerSpecs.compute;
import static dev.weft.worker.state.WorkerSpecs.execute;
import static dev.weft.worker.state.WorkerSpecs.free;
import static dev.weft.worker.state.WorkerSpecs.gatherDep;
import static dev.weft.worker.state.WorkerSpecs.gathered;
import static dev.weft.worker.state.WorkerSpecs.missingData;
import static dev.weft.worker.state.WorkerSpecs.missingOn;
import static dev.weft.worker.state.WorkerSpecs.spec;
import static dev.weft.worker.state.WorkerSpecs.store;
import static dev.weft.worker.state.WorkerTaskStatus.EXECUTING;
import static dev.weft.worker.state.WorkerTaskStatus.FLIGHT;
import static dev.weft.worker.state.WorkerTaskStatus.MEMORY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.weft.protocol.AcquireReplicas;
import dev.weft.protocol.TaskSpec;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * dask's acquire-replicas: the scheduler asks a worker to copy values held by retiring peers; they
 * are fetched like dependencies, announced, and kept until freed.
 */
class AcquireReplicasTest extends WorkerStateTestBase {

  private static AcquireReplicas acquire(Map<String, List<String>> whoHas) {
    return new AcquireReplicas(whoHas, "RetireWorkers-1");
  }

  @Test
  void valuesAreFetchedFromTheirHoldersAnnouncedAndKeptUntilFreed() {
    WorkerState w = worker(1);
    assertEquals(List.of(gatherDep(W2, "a", "b")), handle(w, acquire(new TreeMap<>(Map.of("a", List.of(W2), "b", List.of(W2, W3))))));
    assertEquals(FLIGHT, w.status("a"));
    assertEquals(List.of(addKeys(Map.of("a", SIZE_OF, "b", SIZE_OF))), handle(w, gathered(W2, "a", "A", "b", "B")));
    assertEquals(List.of("a", "b"), w.storedKeys());
    assertEquals("A", w.values(List.of("a")).get("a"));
    assertEquals(List.of(), handle(w, free("a")));
    assertEquals(List.of("b"), w.storedKeys());
    assertNull(w.status("a"));
  }

  @Test
  void theStoryOfACopyCarriesTheSchedulersStimulus() {
    WorkerState w = worker(1);
    handle(w, acquire(Map.of("a", List.of(W2))));
    assertEquals("RetireWorkers-1", w.story("a").get(0).stimulus());
  }

  @Test
  void aHolderWithoutTheValueIsReportedAndTheNextOneTried() {
    WorkerState w = worker(1);
    handle(w, acquire(Map.of("a", List.of(W2, W3))));
    assertEquals(List.of(missingData("a", W2), gatherDep(W3, "a")), handle(w, missingOn(W2, "a")));
    assertEquals(List.of(addKeys("a", SIZE_OF)), handle(w, gathered(W3, "a", "A")));
    assertEquals(MEMORY, w.status("a"));
  }

  @Test
  void aValueHeldAlreadyIsAnnouncedAgainAtOnce() {
    WorkerState w = worker(1);
    handle(w, store("a", 1));
    assertEquals(List.of(addKeys("a", SIZE_OF)), handle(w, acquire(Map.of("a", List.of(W2)))));
    assertEquals(List.of("a"), w.storedKeys());
  }

  @Test
  void aValueComputedHereIsLeftToFinish() {
    WorkerState w = worker(1);
    TaskSpec a = spec("a");
    assertEquals(List.of(execute(a)), handle(w, compute(a, 1)));
    assertEquals(List.of(), handle(w, acquire(Map.of("a", List.of(W2)))));
    assertEquals(EXECUTING, w.status("a"));
  }

  @Test
  void aFetchUnderWayTriesTheHoldersNamedAgain() {
    WorkerState w = worker(1);
    handle(w, acquire(Map.of("a", List.of(W2))));
    assertEquals(List.of(), handle(w, acquire(Map.of("a", List.of(W3)))));
    assertEquals(List.of(missingData("a", W2), gatherDep(W3, "a")), handle(w, missingOn(W2, "a")));
  }

  @Test
  void aKeyWithoutHoldersIsSkippedAndNotRemembered() {
    WorkerState w = worker(1);
    assertEquals(List.of(), handle(w, acquire(Map.of("a", List.of()))));
    assertNull(w.status("a"));
  }
}

package dev.weft.worker.state;

import static dev.weft.worker.state.WorkerSpecs.SIZE_OF;
import static dev.weft.worker.state.WorkerSpecs.W2;
import static dev.weft.worker.state.WorkerSpecs.compute;
import static dev.weft.worker.state.WorkerSpecs.erred;
import static dev.weft.worker.state.WorkerSpecs.execute;
import static dev.weft.worker.state.WorkerSpecs.failed;
import static dev.weft.worker.state.WorkerSpecs.finished;
import static dev.weft.worker.state.WorkerSpecs.free;
import static dev.weft.worker.state.WorkerSpecs.gatherDep;
import static dev.weft.worker.state.WorkerSpecs.gathered;
import static dev.weft.worker.state.WorkerSpecs.prio;
import static dev.weft.worker.state.WorkerSpecs.spec;
import static dev.weft.worker.state.WorkerSpecs.succeeded;
import static dev.weft.worker.state.WorkerTaskStatus.FETCH;
import static dev.weft.worker.state.WorkerTaskStatus.MEMORY;
import static dev.weft.worker.state.WorkerTaskStatus.READY;
import static dev.weft.worker.state.WorkerTaskStatus.CANCELLED;
import static dev.weft.worker.state.WorkerTaskStatus.RESUMED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.weft.protocol.TaskSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Freeing keys: values dropped, queued tasks withdrawn, running tasks and fetches CANCELLED until they return. */
class FreeKeysTest extends WorkerStateTestBase {

  @Test
  void freeKeysOfAMemoryKeyDropsItsValue() {
    WorkerState w = worker(1);
    handle(w, compute(spec("a"), 1));
    handle(w, compute(spec("b"), 2));
    handle(w, succeeded("a"));
    handle(w, succeeded("b"));
    assertEquals(List.of("a", "b"), w.storedKeys());
    assertEquals(List.of(), handle(w, free("a", "never-heard-of")));
    assertEquals(List.of("b"), w.storedKeys());
    assertNull(w.status("a"));
    assertEquals(-1, w.nbytes("a"));
    assertEquals(SIZE_OF, w.bytesStored());
    assertEquals(Map.of(), w.values(List.of("a")));
  }

  @Test
  void freeKeysOfAnExecutingTaskDropsTheLateResult() {
    WorkerState w = worker(1);
    TaskSpec a = spec("a");
    TaskSpec b = spec("b");
    handle(w, compute(a, 1));
    assertEquals(List.of(), handle(w, free("a")));
    assertEquals(CANCELLED, w.status("a"));
    // The thread is still busy until the function returns.
    assertEquals(1, w.executing());
    assertEquals(List.of(), handle(w, compute(b, 2)));
    assertEquals(List.of(execute(b)), handle(w, succeeded("a")));
    assertEquals(List.of(), w.storedKeys());
    assertNull(w.status("a"));
    assertEquals(0, w.bytesStored());

    // Same for a failure: nothing reported for a freed key.
    assertEquals(List.of(), handle(w, free("b")));
    assertEquals(List.of(), handle(w, failed("b")));
    assertNull(w.status("b"));
    assertEquals(0, w.executing());
  }

  @Test
  void freeKeysOfAWaitingTaskReleasesItsDependencies() {
    WorkerState w = worker(1);
    // "a" is in flight from w2; "c" has no known holder, so it stays to fetch.
    assertEquals(List.of(gatherDep(W2, "a")), handle(w, compute(spec("b", "a", "c"), prio(1), Map.of("a", List.of(W2)))));
    assertEquals(FETCH, w.status("c"));
    assertEquals(List.of(), handle(w, free("b")));
    assertNull(w.status("b"));
    assertNull(w.status("c"));
    assertEquals(CANCELLED, w.status("a")); // its request is still out
    // The late answer is dropped.
    assertEquals(List.of(), handle(w, gathered(W2, "a", "A")));
    assertNull(w.status("a"));
    assertEquals(List.of(), w.storedKeys());
  }

  @Test
  void freeKeysOfAReadyTaskTakesItOffTheQueue() {
    WorkerState w = worker(1);
    handle(w, compute(spec("a"), 1));
    handle(w, compute(spec("b"), 2));
    assertEquals(READY, w.status("b"));
    assertEquals(List.of(), handle(w, free("b")));
    assertEquals(0, w.readyCount());
    assertNull(w.status("b"));
    assertEquals(List.of(finished("a")), handle(w, succeeded("a")));
    assertEquals(0, w.executing());
  }

  @Test
  void releasedWhileExecutingTaskKeepsItsResultWhenComputedAgain() {
    WorkerState w = worker(1);
    TaskSpec a = spec("a");
    handle(w, compute(a, 1));
    handle(w, free("a"));
    // The scheduler changes its mind: no second run, the running one counts.
    assertEquals(List.of(), handle(w, compute(a, 1)));
    assertEquals(RESUMED, w.status("a"));
    assertEquals(1, w.executing());
    assertEquals(List.of(finished("a")), handle(w, succeeded("a")));
    assertEquals(MEMORY, w.status("a"));
    assertEquals(List.of("a"), w.storedKeys());
    assertEquals(0, w.executing());
  }

  @Test
  void releasedWhileExecutingTaskComputedAgainReportsItsFailure() {
    WorkerState w = worker(1);
    TaskSpec a = spec("a");
    handle(w, compute(a, 1));
    handle(w, free("a"));
    handle(w, compute(a, 1));
    assertEquals(List.of(erred("a")), handle(w, failed("a")));
    assertNull(w.status("a"));
    assertEquals(0, w.executing());
  }
}

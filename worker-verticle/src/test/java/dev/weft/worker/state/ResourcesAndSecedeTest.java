package dev.weft.worker.state;

import static dev.weft.worker.state.WorkerSpecs.W;
import static dev.weft.worker.state.WorkerSpecs.compute;
import static dev.weft.worker.state.WorkerSpecs.erred;
import static dev.weft.worker.state.WorkerSpecs.execute;
import static dev.weft.worker.state.WorkerSpecs.failed;
import static dev.weft.worker.state.WorkerSpecs.finished;
import static dev.weft.worker.state.WorkerSpecs.free;
import static dev.weft.worker.state.WorkerSpecs.spec;
import static dev.weft.worker.state.WorkerSpecs.specWith;
import static dev.weft.worker.state.WorkerSpecs.succeeded;
import static dev.weft.worker.state.WorkerTaskStatus.ERROR;
import static dev.weft.worker.state.WorkerTaskStatus.EXECUTING;
import static dev.weft.worker.state.WorkerTaskStatus.LONG_RUNNING;
import static dev.weft.worker.state.WorkerTaskStatus.MEMORY;
import static dev.weft.worker.state.WorkerTaskStatus.CANCELLED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.weft.protocol.LongRunning;
import dev.weft.protocol.TaskSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Abstract resources held by runs, and tasks seceding from the thread pool and rejoining it. */
class ResourcesAndSecedeTest extends WorkerStateTestBase {

  @Test
  void gpuTasksNeverOverlapOnAOneGpuWorker() {
    WorkerState w = worker(4, Map.of("GPU", 1.0));
    Map<String, Double> gpu = Map.of("GPU", 1.0);
    TaskSpec g1 = specWith("g1", gpu);
    TaskSpec g2 = specWith("g2", gpu);
    TaskSpec g3 = specWith("g3", gpu);
    TaskSpec cpu = spec("cpu");
    List<String> gpuKeys = List.of("g1", "g2", "g3");
    assertEquals(List.of(execute(g1)), handle(w, compute(g1, 1)));
    assertEquals(List.of(), handle(w, compute(g2, 2)));
    assertEquals(List.of(), handle(w, compute(g3, 3)));
    // A lower-priority task without resources is not held up by the blocked GPU tasks.
    assertEquals(List.of(execute(cpu)), handle(w, compute(cpu, 4)));
    assertEquals(1, executingAmong(w, gpuKeys));
    assertEquals(2, w.executing());
    assertEquals(2, w.readyCount());

    assertEquals(List.of(finished("cpu")), handle(w, succeeded("cpu")));
    assertEquals(1, executingAmong(w, gpuKeys));
    assertEquals(List.of(finished("g1"), execute(g2)), handle(w, succeeded("g1")));
    assertEquals(1, executingAmong(w, gpuKeys));
    // A failure gives the GPU back too.
    assertEquals(List.of(erred("g2"), execute(g3)), handle(w, failed("g2")));
    assertEquals(1, executingAmong(w, gpuKeys));
    assertEquals(List.of(finished("g3")), handle(w, succeeded("g3")));
    assertEquals(0, w.executing());

    // Fractions add up: two half-GPU tasks share it, a third waits.
    Map<String, Double> half = Map.of("GPU", 0.5);
    TaskSpec h1 = specWith("h1", half);
    TaskSpec h2 = specWith("h2", half);
    TaskSpec h3 = specWith("h3", half);
    assertEquals(List.of(execute(h1)), handle(w, compute(h1, 5)));
    assertEquals(List.of(execute(h2)), handle(w, compute(h2, 6)));
    assertEquals(List.of(), handle(w, compute(h3, 7)));
    assertEquals(List.of(finished("h2"), execute(h3)), handle(w, succeeded("h2")));
  }

  @Test
  void releasedGpuTaskHoldsTheGpuUntilItsThreadReturns() {
    WorkerState w = worker(4, Map.of("GPU", 1.0));
    TaskSpec g1 = specWith("g1", Map.of("GPU", 1.0));
    TaskSpec g2 = specWith("g2", Map.of("GPU", 1.0));
    handle(w, compute(g1, 1));
    assertEquals(List.of(), handle(w, free("g1")));
    assertEquals(List.of(), handle(w, compute(g2, 2)));
    assertEquals(List.of(execute(g2)), handle(w, succeeded("g1")));
  }

  @Test
  void secededTaskFreesItsSlotAndRejoinsWhenOneIsFree() {
    WorkerState w = worker(1);
    TaskSpec a = spec("a");
    TaskSpec b = spec("b");
    handle(w, compute(a, 1));
    assertEquals(List.of(), handle(w, compute(b, 2)));
    assertEquals(
        List.of(new SendToScheduler(new LongRunning(W, "a")), execute(b)),
        handle(w, new Seceded("a")));
    assertEquals(LONG_RUNNING, w.status("a"));
    assertEquals(1, w.executing());
    // Seceding twice changes nothing.
    assertEquals(List.of(), handle(w, new Seceded("a")));

    assertEquals(List.of(), handle(w, new RejoinRequested("a")));
    assertEquals(LONG_RUNNING, w.status("a"));
    assertEquals(List.of(finished("b"), new GrantRejoin("a")), handle(w, succeeded("b")));
    assertEquals(EXECUTING, w.status("a"));
    assertEquals(1, w.executing());
    assertEquals(List.of(finished("a")), handle(w, succeeded("a")));
    assertEquals(0, w.executing());
  }

  @Test
  void secededTasksFinishFailOrAreReleased() {
    WorkerState w = worker(3);
    for (String k : List.of("a", "b", "c")) {
      handle(w, compute(spec(k), 1));
      assertEquals(List.of(new SendToScheduler(new LongRunning(W, k))), handle(w, new Seceded(k)));
    }
    assertEquals(0, w.executing());
    assertEquals(List.of(finished("a")), handle(w, succeeded("a")));
    assertEquals(MEMORY, w.status("a"));
    assertEquals(List.of(erred("b")), handle(w, failed("b")));
    assertEquals(ERROR, w.status("b"));
    assertEquals(List.of(), handle(w, free("c")));
    assertEquals(CANCELLED, w.status("c"));
    // A released seceded task may still rejoin (its thread is running); it gets a slot back.
    assertEquals(List.of(new GrantRejoin("c")), handle(w, new RejoinRequested("c")));
    assertEquals(1, w.executing());
    assertEquals(List.of(), handle(w, succeeded("c")));
    assertNull(w.status("c"));
    assertEquals(0, w.executing());
  }

  @Test
  void rejoinWithoutSecedeIsGrantedAtOnceAndTakesNoSecondSlot() {
    WorkerState w = worker(1);
    handle(w, compute(spec("a"), 1));
    assertEquals(List.of(), handle(w, compute(spec("b"), 2)));
    assertEquals(List.of(new GrantRejoin("a")), handle(w, new RejoinRequested("a")));
    assertEquals(1, w.executing());
    assertEquals(EXECUTING, w.status("a"));
    assertEquals(List.of(finished("a"), execute(spec("b"))), handle(w, succeeded("a")));
    assertEquals(1, w.executing());
  }

  private static int executingAmong(WorkerState w, List<String> keys) {
    int n = 0;
    for (String k : keys) {
      if (w.status(k) == EXECUTING) {
        n++;
      }
    }
    return n;
  }
}

package dev.weft.worker.state;

import static dev.weft.worker.state.WorkerSpecs.SIZE_OF;
import static dev.weft.worker.state.WorkerSpecs.compute;
import static dev.weft.worker.state.WorkerSpecs.spec;
import static dev.weft.worker.state.WorkerSpecs.succeeded;
import static dev.weft.worker.state.WorkerTaskStatus.EXECUTING;
import static dev.weft.worker.state.WorkerTaskStatus.MEMORY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The scheduler was lost and a standby takes over: values and runs stay, tasks not started go. */
class SchedulerLostTest extends WorkerStateTestBase {

  @Test
  void valuesAndRunsStayTasksNotStartedGoAndTheRunsValueIsKeptWhenItEnds() {
    WorkerState w = worker(1);
    handle(w, compute(spec("a"), 1));
    handle(w, succeeded("a"));
    handle(w, compute(spec("b"), 2));
    handle(w, compute(spec("c"), 3));
    assertEquals(EXECUTING, w.status("b"));

    w.schedulerLost(T0 + 100);

    assertEquals(MEMORY, w.status("a"));
    assertEquals(EXECUTING, w.status("b"));
    assertNull(w.status("c"), "c had not started: the new scheduler knows nothing of it");
    assertEquals(Map.of("a", SIZE_OF), w.held());
    List<Instruction> ended = handle(w, succeeded("b"));
    assertTrue(ended.stream().anyMatch(i -> i instanceof SendToScheduler), "the finished run is reported: " + ended);
    assertEquals(Map.of("a", SIZE_OF, "b", SIZE_OF), w.held());
  }
}

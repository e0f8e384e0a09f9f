package dev.weft.scheduler.state;

import static dev.weft.scheduler.state.Specs.compute;
import static dev.weft.scheduler.state.Specs.finished;
import static dev.weft.scheduler.state.Specs.graph;
import static dev.weft.scheduler.state.Specs.hello;
import static dev.weft.scheduler.state.Specs.inMemory;
import static dev.weft.scheduler.state.Specs.needs;
import static dev.weft.scheduler.state.Specs.onWorkers;
import static dev.weft.scheduler.state.Specs.priority;
import static dev.weft.scheduler.state.Specs.release;
import static dev.weft.scheduler.state.Specs.submit;
import static dev.weft.scheduler.state.Specs.task;
import static dev.weft.scheduler.state.Specs.worker;
import static dev.weft.scheduler.state.TaskStatus.FORGOTTEN;
import static dev.weft.scheduler.state.TaskStatus.NO_WORKER;
import static dev.weft.scheduler.state.TaskStatus.PROCESSING;
import static dev.weft.scheduler.state.TaskStatus.QUEUED;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.protocol.Priority;
import dev.weft.protocol.TaskSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The scheduler state machine, driven message by message with explicit times: priorities, queuing of root tasks, worker restrictions and resources.
 * Every test asserts the exact messages the scheduler sends back (see {@link SchedulerScenario}).
 */
class QueuingAndRestrictionsTest extends SchedulerScenario {

  // ---------------------------------------------------------------- priorities and queuing

  @Test
  void queuedTasksAreDispatchedInPriorityOrder() {
    workers("w1"); // one thread, saturation 1.1: two tasks in flight
    TaskSpec f1 = task("f1");
    TaskSpec f2 = task("f2");
    TaskSpec low = task("low");
    TaskSpec later = task("later");
    TaskSpec urgent = task("urgent", priority(5));
    TaskSpec low2 = task("low2");
    assertEquals(List.of(compute("w1", f1, new Priority(0, 1, 0)), compute("w1", f2, new Priority(0, 1, 1))),
        at(0, graph(C, List.of(f1, f2), "f1", "f2")));
    assertEquals(List.of(), at(10, submit(C, low))); // within the FIFO timeout: same generation
    assertEquals(List.of(), at(500, submit(C, later))); // new generation
    assertEquals(List.of(), at(1000, submit(C, urgent))); // new generation, higher user priority
    assertEquals(List.of(), at(1050, submit(C, low2))); // same generation as urgent
    assertEquals(4, state.countsByStatus().get(QUEUED));

    assertEquals(List.of(inMemory(C, "f1", List.of("w1"), null), compute("w1", urgent, new Priority(5, 3, 4))),
        at(1100, finished("w1", "f1")));
    assertEquals(List.of(inMemory(C, "f2", List.of("w1"), null), compute("w1", low, new Priority(0, 1, 2))),
        at(1101, finished("w1", "f2")));
    assertEquals(List.of(inMemory(C, "urgent", List.of("w1"), null), compute("w1", later, new Priority(0, 2, 3))),
        at(1102, finished("w1", "urgent")));
    assertEquals(List.of(inMemory(C, "low", List.of("w1"), null), compute("w1", low2, new Priority(0, 3, 5))),
        at(1103, finished("w1", "low")));
    assertEquals(0, state.countsByStatus().get(QUEUED));
  }

  @Test
  void rootTasksBeyondTheFreeSlotsAreQueuedAndDispatchedAsTasksFinish() {
    workers("w1");
    List<TaskSpec> roots = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      roots.add(task("r" + i));
    }

    List<Effect> fx = handle(graph(C, roots, "r0", "r1", "r2", "r3", "r4"));

    assertEquals(List.of(compute("w1", roots.get(0), new Priority(0, 1, 0)),
        compute("w1", roots.get(1), new Priority(0, 1, 1))), fx);
    for (String k : List.of("r2", "r3", "r4")) {
      assertEquals(QUEUED, state.status(k));
    }
    assertEquals(3, state.countsByStatus().get(QUEUED));
    assertEquals(List.of(), handle(release(C, "r4")));
    assertEquals(FORGOTTEN, state.status("r4"));

    assertEquals(List.of(inMemory(C, "r0", List.of("w1"), null), compute("w1", roots.get(2), new Priority(0, 1, 2))),
        handle(finished("w1", "r0")));
    assertEquals(List.of(inMemory(C, "r1", List.of("w1"), null), compute("w1", roots.get(3), new Priority(0, 1, 3))),
        handle(finished("w1", "r1")));
    assertEquals(List.of(inMemory(C, "r2", List.of("w1"), null)), handle(finished("w1", "r2")));
    assertEquals(0, state.countsByStatus().get(QUEUED));
  }

  @Test
  void rootTasksQueueUntilAWorkerJoins() {
    TaskSpec t = task("t");
    assertEquals(List.of(), handle(submit(C, t)));
    assertEquals(QUEUED, state.status("t"));

    assertEquals(List.of(compute("w1", t, new Priority(0, 1, 0))), handle(worker("w1", 4)));
  }

  @Test
  void withQueuingOffRootTasksWithoutWorkersAreNoWorkerAsInDask() {
    state = new SchedulerState(SchedulerConfig.defaults().withValidate(true).withWorkerSaturation(Double.POSITIVE_INFINITY));
    handle(hello(C));
    TaskSpec t = task("t");
    assertEquals(List.of(), handle(submit(C, t)));
    assertEquals(NO_WORKER, state.status("t"), "dask: no-worker when worker-saturation is inf (queuing off)");
    assertEquals(0, state.countsByStatus().get(QUEUED));

    assertEquals(List.of(compute("w1", t, new Priority(0, 1, 0))), handle(worker("w1", 4)));
  }

  // ---------------------------------------------------------------- restrictions and resources

  @Test
  void strictlyRestrictedTaskWaitsForItsWorker() {
    workers("w1");
    TaskSpec t = task("t", onWorkers(false, "w2"));
    assertEquals(List.of(), handle(submit(C, t)));
    assertEquals(NO_WORKER, state.status("t"));

    assertEquals(List.of(compute("w2", t, new Priority(0, 1, 0))), handle(worker("w2", 1)));
    assertEquals(PROCESSING, state.status("t"));
  }

  @Test
  void looselyRestrictedTaskRunsElsewhere() {
    workers("w1");
    TaskSpec t = task("t", onWorkers(true, "w2"));

    assertEquals(List.of(compute("w1", t, new Priority(0, 1, 0))), handle(submit(C, t)));
  }

  @Test
  void taskNeedingAResourceWaitsForAWorkerOfferingIt() {
    workers("w1");
    TaskSpec g = task("g", needs("GPU", 1));
    assertEquals(List.of(), handle(submit(C, g)));
    assertEquals(NO_WORKER, state.status("g"));
    assertEquals(List.of(), handle(worker("w2", 1, "GPU", 0.5)));
    assertEquals(NO_WORKER, state.status("g"));

    assertEquals(List.of(compute("w3", g, new Priority(0, 1, 0))), handle(worker("w3", 1, "GPU", 1)));
  }

  @Test
  void releasedUnrunnableTaskIsForgotten() {
    workers("w1");
    handle(submit(C, task("t", onWorkers(false, "w9"))));

    assertEquals(List.of(), handle(release(C, "t")));
    assertEquals(FORGOTTEN, state.status("t"));
    assertEquals(List.of(), handle(worker("w9", 1)));
  }
}

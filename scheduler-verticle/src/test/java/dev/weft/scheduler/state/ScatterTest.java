package dev.weft.scheduler.state;

import static dev.weft.scheduler.state.Specs.addKeys;
import static dev.weft.scheduler.state.Specs.cancelled;
import static dev.weft.scheduler.state.Specs.compute;
import static dev.weft.scheduler.state.Specs.finished;
import static dev.weft.scheduler.state.Specs.free;
import static dev.weft.scheduler.state.Specs.inMemory;
import static dev.weft.scheduler.state.Specs.lost;
import static dev.weft.scheduler.state.Specs.needs;
import static dev.weft.scheduler.state.Specs.release;
import static dev.weft.scheduler.state.Specs.scatter;
import static dev.weft.scheduler.state.Specs.submit;
import static dev.weft.scheduler.state.Specs.task;
import static dev.weft.scheduler.state.TaskStatus.FORGOTTEN;
import static dev.weft.scheduler.state.TaskStatus.MEMORY;
import static dev.weft.scheduler.state.TaskStatus.RELEASED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.weft.protocol.KeyCancelled;
import dev.weft.protocol.KeyErred;
import dev.weft.protocol.KeyInMemory;
import dev.weft.protocol.Payload;
import dev.weft.protocol.Priority;
import dev.weft.protocol.StoreData;
import dev.weft.protocol.TaskSpec;
import dev.weft.protocol.WorkerLost;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The scheduler state machine, driven message by message with explicit times: scattered data: placement, broadcast, loss and release.
 * Every test asserts the exact messages the scheduler sends back (see {@link SchedulerScenario}).
 */
class ScatterTest extends SchedulerScenario {

  // ---------------------------------------------------------------- scatter

  @Test
  void scatteredDataIsStoredOnOneWorkerAndAvailableOnceItArrives() {
    workers("w1", "w2");
    Payload px = Payload.of("x-value");
    assertEquals(List.of(new SendToWorker("w1", new StoreData(Map.of("x", px)))), handle(scatter(C, false, "x", px)));
    assertEquals(RELEASED, state.status("x"));

    assertEquals(List.of(new SendToClient(C, new KeyInMemory("x", null, List.of("w1"), null))),
        handle(addKeys("w1", "x", 16)));
    assertEquals(MEMORY, state.status("x"));

    TaskSpec b = task("b", "x");
    assertEquals(List.of(compute("w1", b, new Priority(0, 1, 1), Map.of("x", List.of("w1")))), handle(submit(C, b)));

    // Further data goes to the emptiest workers first, one key each.
    Payload py = Payload.of("y");
    Payload pz = Payload.of("z");
    assertEquals(List.of(new SendToWorker("w2", new StoreData(Map.of("y", py))),
        new SendToWorker("w1", new StoreData(Map.of("z", pz)))), handle(scatter(C, false, "y", py, "z", pz)));
  }

  @Test
  void broadcastStoresDataOnEveryWorker() {
    workers("w1", "w2");
    Payload px = Payload.of("x-value");
    assertEquals(List.of(new SendToWorker("w1", new StoreData(Map.of("x", px))),
        new SendToWorker("w2", new StoreData(Map.of("x", px)))), handle(scatter(C, true, "x", px)));

    assertEquals(List.of(new SendToClient(C, new KeyInMemory("x", null, List.of("w1"), null))),
        handle(addKeys("w1", "x", 16)));
    assertEquals(List.of(), handle(addKeys("w2", "x", 16)));
    assertEquals(Map.of("x", List.of("w1", "w2")), state.whoHas(List.of("x")));
  }

  @Test
  void scatterWithoutWorkersErrs() {
    List<Effect> fx = handle(scatter(C, false, "x", Payload.of(1)));

    assertEquals(1, fx.size());
    KeyErred e = assertInstanceOf(KeyErred.class, ((SendToClient) fx.get(0)).message());
    assertEquals("x", e.key());
    assertEquals(0, state.taskCount());
  }

  @Test
  void scatteredDataLostWithItsWorkerIsCancelledWithItsDependents() {
    workers("w1", "w2");
    handle(scatter(C, false, "x", Payload.of("x-value")));
    handle(addKeys("w1", "x", 16));
    TaskSpec b = task("b", "x");
    assertEquals(List.of(compute("w1", b, new Priority(0, 1, 1), Map.of("x", List.of("w1")))), handle(submit(C, b)));

    List<Effect> fx = workerLost(new WorkerLost("w1", "killed"), 5);

    assertEquals(List.of(cancelled(C, "x", KeyCancelled.LOST_SCATTERED_TASKS),
        cancelled(C, "b", "dependency x was lost")), fx);
    assertEquals(0, state.taskCount());
  }

  @Test
  void resultOfReleasedScatteredDataIsKept() {
    workers("w1", "w2");
    handle(scatter(C, false, "x", Payload.of("x-value")));
    handle(addKeys("w1", "x", 16));
    handle(submit(C, task("b", "x")));
    assertEquals(List.of(), handle(release(C, "x")), "b still needs x");

    assertEquals(List.of(inMemory(C, "b", List.of("w1"), null), free("w1", "x")), handle(finished("w1", "b")));
    assertEquals(FORGOTTEN, state.status("x"));
    assertEquals(MEMORY, state.status("b"));
    state.validate();

    assertEquals(List.of(free("w1", "b")), handle(release(C, "b")));
    assertEquals(0, state.taskCount());
  }

  @Test
  void lostResultOfForgottenScatteredDataIsCancelledNotRecomputed() {
    workers("w1", "w2");
    handle(scatter(C, false, "x", Payload.of("x-value")));
    handle(addKeys("w1", "x", 16));
    handle(submit(C, task("b", "x")));
    handle(release(C, "x"));
    handle(finished("w1", "b"));

    List<Effect> fx = workerLost(new WorkerLost("w1", "killed"), 5);

    assertEquals(List.of(cancelled(C, "b", "a dependency was forgotten; it cannot be recomputed")), fx);
    assertEquals(0, state.taskCount());
  }
}

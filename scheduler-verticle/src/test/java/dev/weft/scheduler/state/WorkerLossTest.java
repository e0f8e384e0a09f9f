package dev.weft.scheduler.state;

import static dev.weft.scheduler.state.Specs.compute;
import static dev.weft.scheduler.state.Specs.error;
import static dev.weft.scheduler.state.Specs.finished;
import static dev.weft.scheduler.state.Specs.free;
import static dev.weft.scheduler.state.Specs.graph;
import static dev.weft.scheduler.state.Specs.inMemory;
import static dev.weft.scheduler.state.Specs.lost;
import static dev.weft.scheduler.state.Specs.needs;
import static dev.weft.scheduler.state.Specs.onWorkers;
import static dev.weft.scheduler.state.Specs.submit;
import static dev.weft.scheduler.state.Specs.task;
import static dev.weft.scheduler.state.Specs.worker;
import static dev.weft.scheduler.state.TaskStatus.ERRED;
import static dev.weft.scheduler.state.TaskStatus.NO_WORKER;
import static dev.weft.scheduler.state.TaskStatus.PROCESSING;
import static dev.weft.scheduler.state.TaskStatus.WAITING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.protocol.ClientHeartbeat;
import dev.weft.protocol.Heartbeat;
import dev.weft.protocol.WorkerMemory;
import dev.weft.protocol.KeyErred;
import dev.weft.protocol.MissingData;
import dev.weft.protocol.Priority;
import dev.weft.protocol.TaskSpec;
import dev.weft.protocol.WorkerGoodbye;
import dev.weft.protocol.WorkerLost;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The scheduler state machine, driven message by message with explicit times: workers that die, go silent, leave or rejoin, and values lost with them.
 * Every test asserts the exact messages the scheduler sends back (see {@link SchedulerScenario}).
 */
class WorkerLossTest extends SchedulerScenario {

  // ---------------------------------------------------------------- worker loss

  @Test
  void deadWorkersProcessingTasksAreRescheduled() {
    workers("w1", "w2");
    TaskSpec t1 = task("t1");
    TaskSpec t2 = task("t2");
    SendToWorker t1OnW2 = compute("w2", t1, new Priority(0, 1, 0));
    assertEquals(List.of(compute("w1", t1, new Priority(0, 1, 0)), compute("w2", t2, new Priority(0, 1, 1))),
        handle(graph(C, List.of(t1, t2), "t1", "t2")));

    assertEquals(List.of(t1OnW2), workerLost(new WorkerLost("w1", "killed"), 10));

    assertEquals(List.of("w2"), state.workerIds());
    assertEquals(PROCESSING, state.status("t1"));
    assertThrows(RejectedMessageException.class, () -> handle(finished("w1", "t1")), "news from the dead worker is refused");
    assertEquals(PROCESSING, state.status("t1"));
  }

  @Test
  void silentWorkerIsRemovedAfterItsTtl() {
    workers("w1", "w2");
    TaskSpec t = task("t");
    assertEquals(List.of(compute("w1", t, new Priority(0, 1, 0))), handle(submit(C, t)));
    at(200_000, new Heartbeat("w2", 0, WorkerMemory.managed(0), 0, 0.0, 0, 0));
    at(299_000, new ClientHeartbeat(C));

    assertEquals(List.of(), tick(300_000));
    assertEquals(List.of("w1", "w2"), state.workerIds());
    assertEquals(List.of(compute("w2", t, new Priority(0, 1, 0))), tick(300_001));
    assertEquals(List.of("w2"), state.workerIds());
  }

  @Test
  void lostResultIsRecomputedFromLineage() {
    workers("w1", "w2");
    TaskSpec a = task("a");
    TaskSpec b = task("b", "a");
    assertEquals(List.of(compute("w1", a, new Priority(0, 1, 0))), handle(graph(C, List.of(a, b), "b")));
    assertEquals(List.of(compute("w1", b, new Priority(0, 1, 1), Map.of("a", List.of("w1")))),
        handle(finished("w1", "a")));
    assertEquals(List.of(inMemory(C, "b", List.of("w1"), null), free("w1", "a")), handle(finished("w1", "b")));

    assertEquals(List.of(lost(C, "b"), compute("w2", a, new Priority(0, 1, 0))), workerLost(new WorkerLost("w1", "killed"), 10));
    assertEquals(PROCESSING, state.status("a"));
    assertEquals(WAITING, state.status("b"));

    assertEquals(List.of(compute("w2", b, new Priority(0, 1, 1), Map.of("a", List.of("w2")))),
        handle(finished("w2", "a")));
    assertEquals(List.of(inMemory(C, "b", List.of("w2"), null), free("w2", "a")), handle(finished("w2", "b")));
  }

  @Test
  void taskOnTooManyDyingWorkersErrsWithKilledWorker() {
    workers("w1", "w2", "w3", "w4");
    TaskSpec t = task("t");
    Priority p = new Priority(0, 1, 0);
    assertEquals(List.of(compute("w1", t, p)), handle(submit(C, t)));
    assertEquals(List.of(compute("w2", t, p)), workerLost(new WorkerLost("w1", "killed"), 1));
    assertEquals(List.of(compute("w3", t, p)), workerLost(new WorkerLost("w2", "killed"), 2));
    assertEquals(List.of(compute("w4", t, p)), workerLost(new WorkerLost("w3", "killed"), 3));

    List<Effect> fx = workerLost(new WorkerLost("w4", "killed"), 4);

    assertEquals(1, fx.size(), fx::toString);
    SendToClient sent = assertInstanceOf(SendToClient.class, fx.get(0));
    assertEquals(C, sent.clientId());
    KeyErred e = assertInstanceOf(KeyErred.class, sent.message());
    assertEquals("t", e.key());
    assertEquals("dev.weft.client.KilledWorkerException", e.error().type());
    assertTrue(e.error().message().contains("w4"), e.error().message());
    assertEquals(ERRED, state.status("t"));
  }

  @Test
  void killedWorkerNamesHowTheLastWorkerDied() {
    workers("w1", "w2");
    TaskSpec t = task("t");
    Priority p = new Priority(0, 1, 0);
    assertEquals(List.of(compute("w1", t, p)), handle(submit(C, t)));
    assertEquals(List.of(compute("w2", t, p)), workerLost(new WorkerLost("w1", "was killed by SIGKILL (exit code 137)"), 1));
    assertEquals(List.of(), handle(worker("w1", 1)), "w1 restarted under its name");
    assertEquals(List.of(compute("w1", t, p)), workerLost(new WorkerLost("w2",
        "exited after an OutOfMemoryError (the heap of 150 MiB was exhausted)"), 2));
    assertEquals(List.of(), handle(worker("w2", 1)));
    assertEquals(List.of(compute("w2", t, p)), workerLost(new WorkerLost("w1", "exited with code 3"), 3));

    List<Effect> fx = workerLost(new WorkerLost("w2",
        "was killed by its nanny: resident memory 250 MiB exceeded 95% of its 256 MiB limit"), 4);

    assertEquals(1, fx.size(), fx::toString);
    KeyErred e = assertInstanceOf(KeyErred.class, assertInstanceOf(SendToClient.class, fx.get(0)).message());
    assertEquals("dev.weft.client.KilledWorkerException", e.error().type());
    assertEquals("Attempted to run task t on 4 different workers, but all those workers died while running it."
        + " The last worker that attempted to run the task was w2; it was killed by its nanny: resident memory"
        + " 250 MiB exceeded 95% of its 256 MiB limit.", e.error().message());
    assertEquals(ERRED, state.status("t"));
  }

  @Test
  void killedWorkerAfterASilentWorkerKeepsDasksWording() {
    workers("w1");
    TaskSpec t = task("t");
    assertEquals(List.of(compute("w1", t, new Priority(0, 1, 0))), handle(submit(C, t)));
    for (int death = 1; death <= 3; death++) {
      assertEquals(List.of(), workerLost(new WorkerLost("w1", "was killed by SIGKILL (exit code 137)"), death));
      assertEquals(List.of(compute("w1", t, new Priority(0, 1, 0))), handle(worker("w1", 1)));
    }
    at(399_000, new ClientHeartbeat(C));
    List<Effect> fx = tick(400_000);

    KeyErred e = fx.stream().filter(f -> f instanceof SendToClient s && s.message() instanceof KeyErred)
        .map(f -> (KeyErred) ((SendToClient) f).message()).findFirst().orElseThrow(() -> new AssertionError(fx));
    assertEquals("Attempted to run task t on 4 different workers, but all those workers died while running it."
        + " The last worker that attempted to run the task was w1.", e.error().message(),
        "a worker gone silent: no cause to name");
  }

  @Test
  void gracefulDeparturesDoNotCountAgainstATask() {
    workers("w1", "w2", "w3", "w4", "w5");
    TaskSpec t = task("t");
    Priority p = new Priority(0, 1, 0);
    assertEquals(List.of(compute("w1", t, p)), handle(submit(C, t)));
    assertEquals(List.of(compute("w2", t, p)), handle(new WorkerGoodbye("w1")));
    assertEquals(List.of(compute("w3", t, p)), handle(new WorkerGoodbye("w2")));
    assertEquals(List.of(compute("w4", t, p)), handle(new WorkerGoodbye("w3")));

    assertEquals(List.of(compute("w5", t, p)), handle(new WorkerGoodbye("w4")));
    assertEquals(PROCESSING, state.status("t"));
  }

  @Test
  void workerRejoiningUnderItsNameDoesNotRunTasksBeforeTheirInputs() {
    workers("w1");
    TaskSpec a = task("a");
    TaskSpec b = task("b", needs("GPU", 1), "a");
    assertEquals(List.of(compute("w1", a, new Priority(0, 1, 0))), handle(graph(C, List.of(a, b), "b")));
    assertEquals(List.of(), handle(finished("w1", "a")));
    assertEquals(NO_WORKER, state.status("b"));

    // w1 restarts with a GPU: a's value went with the old process.
    assertEquals(List.of(compute("w1", a, new Priority(0, 1, 0))), handle(worker("w1", 1, "GPU", 1)));
    assertEquals(WAITING, state.status("b"));

    assertEquals(List.of(compute("w1", b, new Priority(0, 1, 1), Map.of("a", List.of("w1")))),
        handle(finished("w1", "a")));
  }

  @Test
  void missingDataTriggersRecomputation() {
    workers("w1", "w2");
    TaskSpec a = task("a");
    TaskSpec b = task("b", onWorkers(false, "w2"), "a");
    assertEquals(List.of(compute("w1", a, new Priority(0, 1, 0))), handle(graph(C, List.of(a, b), "b")));
    assertEquals(List.of(compute("w2", b, new Priority(0, 1, 1), Map.of("a", List.of("w1")))),
        handle(finished("w1", "a")));

    assertEquals(List.of(free("w2", "b"), compute("w1", a, new Priority(0, 1, 0))),
        handle(new MissingData("w2", "a", "w1")));
    assertEquals(PROCESSING, state.status("a"));
    assertEquals(WAITING, state.status("b"));

    assertEquals(List.of(compute("w2", b, new Priority(0, 1, 1), Map.of("a", List.of("w1")))),
        handle(finished("w1", "a")));
    assertEquals(List.of(inMemory(C, "b", List.of("w2"), null), free("w1", "a")), handle(finished("w2", "b")));
  }
}

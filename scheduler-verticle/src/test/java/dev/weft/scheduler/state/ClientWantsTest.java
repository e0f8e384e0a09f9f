package dev.weft.scheduler.state;

import static dev.weft.scheduler.state.Specs.addKeys;
import static dev.weft.scheduler.state.Specs.cancel;
import static dev.weft.scheduler.state.Specs.cancelled;
import static dev.weft.scheduler.state.Specs.compute;
import static dev.weft.scheduler.state.Specs.erred;
import static dev.weft.scheduler.state.Specs.error;
import static dev.weft.scheduler.state.Specs.finished;
import static dev.weft.scheduler.state.Specs.free;
import static dev.weft.scheduler.state.Specs.graph;
import static dev.weft.scheduler.state.Specs.inMemory;
import static dev.weft.scheduler.state.Specs.needs;
import static dev.weft.scheduler.state.Specs.onWorkers;
import static dev.weft.scheduler.state.Specs.release;
import static dev.weft.scheduler.state.Specs.submit;
import static dev.weft.scheduler.state.Specs.task;
import static dev.weft.scheduler.state.Specs.worker;
import static dev.weft.scheduler.state.TaskStatus.ERRED;
import static dev.weft.scheduler.state.TaskStatus.FORGOTTEN;
import static dev.weft.scheduler.state.TaskStatus.MEMORY;
import static dev.weft.scheduler.state.TaskStatus.PROCESSING;
import static dev.weft.scheduler.state.TaskStatus.QUEUED;
import static dev.weft.scheduler.state.TaskStatus.WAITING;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.protocol.ClientGoodbye;
import dev.weft.protocol.KeyCancelled;
import dev.weft.protocol.LongRunning;
import dev.weft.protocol.MissingData;
import dev.weft.protocol.Payload;
import dev.weft.protocol.Priority;
import dev.weft.protocol.RemoteError;
import dev.weft.protocol.TaskSpec;
import dev.weft.protocol.UpdateGraph;
import dev.weft.protocol.UploadJar;
import dev.weft.protocol.WorkerLost;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The scheduler state machine, driven message by message with explicit times: cancel, release and goodbye, long-running tasks, fire-and-forget, jars and refreshes.
 * Every test asserts the exact messages the scheduler sends back (see {@link SchedulerScenario}).
 */
class ClientWantsTest extends SchedulerScenario {

  // ---------------------------------------------------------------- cancel, release, goodbye

  @Test
  void cancelCascadesToTheClientsDependentsOnly() {
    workers("w1");
    TaskSpec a = task("a");
    assertEquals(List.of(compute("w1", a, new Priority(0, 1, 0))),
        handle(graph(C, List.of(a, task("b", "a"), task("c", "b")), "a", "c")));
    assertEquals(List.of(), handle(graph(C2, List.of(task("d", "a")), "d")));

    List<Effect> fx = handle(cancel(C, "a"));

    assertEquals(Set.of(cancelled(C, "a", KeyCancelled.CANCELLED), cancelled(C, "c", KeyCancelled.CANCELLED)),
        Set.copyOf(fx));
    assertEquals(2, fx.size());
    assertEquals(FORGOTTEN, state.status("b"));
    assertEquals(FORGOTTEN, state.status("c"));
    assertEquals(PROCESSING, state.status("a"), "c2's d still needs it");
    assertEquals(WAITING, state.status("d"));

    assertEquals(List.of(cancelled(C2, "d", KeyCancelled.CANCELLED), free("w1", "a")), handle(cancel(C2, "d")));
    assertEquals(0, state.taskCount());
  }

  @Test
  void clientGoodbyeDropsEverythingItWanted() {
    workers("w1");
    handle(graph(C, List.of(task("a"), task("b", "a")), "a", "b"));
    handle(finished("w1", "a"));

    assertEquals(PROCESSING, state.status("b"));

    assertEquals(List.of(free("w1", "b"), free("w1", "a")), handle(new ClientGoodbye(C)));
    assertEquals(0, state.taskCount());
  }

  @Test
  void keySubmittedByTwoClientsRunsOnceAndLivesWhileEitherWantsIt() {
    workers("w1");
    TaskSpec t = task("t");
    assertEquals(List.of(compute("w1", t, new Priority(0, 1, 0))), handle(submit(C, t)));
    assertEquals(List.of(), handle(submit(C2, t)));
    Payload value = Payload.of("v");

    assertEquals(List.of(inMemory(C, "t", List.of("w1"), value), inMemory(C2, "t", List.of("w1"), value)),
        handle(finished("w1", "t", 8, value)));
    assertEquals(List.of(inMemory(C3, "t", List.of("w1"), null)), handle(submit(C3, t)));

    assertEquals(List.of(), handle(release(C, "t")));
    assertEquals(List.of(), handle(release(C3, "t")));
    assertEquals(MEMORY, state.status("t"));
    assertEquals(List.of(free("w1", "t")), handle(release(C2, "t")));
    assertEquals(FORGOTTEN, state.status("t"));
  }

  // ---------------------------------------------------------------- long-running, fire-and-forget, jars, refreshes

  @Test
  void aSecededTaskFreesItsSlotForQueuedRootTasks() {
    workers("w1");
    TaskSpec parent = task("parent");
    TaskSpec x = task("x");
    TaskSpec y = task("y");
    TaskSpec z = task("z");
    assertEquals(List.of(compute("w1", parent, new Priority(0, 1, 0))), handle(submit(C, parent)));
    assertEquals(List.of(compute("w1", x, new Priority(0, 1, 1))), handle(submit(C, x)));
    assertEquals(List.of(), handle(submit(C, y)), "1 thread x 1.1 saturation: two slots, both taken");
    assertEquals(QUEUED, state.status("y"));
    assertEquals(List.of(compute("w1", y, new Priority(0, 1, 2))), handle(new LongRunning("w1", "parent")));
    assertEquals(List.of(), handle(submit(C, z)), "the seceded task no longer counts, the others do");
    assertEquals(QUEUED, state.status("z"));
    assertEquals(List.of(inMemory(C, "parent", List.of("w1"), null)), handle(finished("w1", "parent")),
        "x and y still fill both slots");
    assertEquals(List.of(inMemory(C, "x", List.of("w1"), null), compute("w1", z, new Priority(0, 1, 3))),
        handle(finished("w1", "x")));
  }

  @Test
  void fireAndForgetKeepsATaskUntilItIsDoneThenLetsGo() {
    workers("w1");
    TaskSpec t = task("t");
    handle(submit(C, t));
    assertEquals(List.of(), handle(new UpdateGraph(UpdateGraph.FIRE_AND_FORGET, List.of(), List.of("t"))));
    assertEquals(List.of(), handle(release(C, "t")), "fire-and-forget still wants it");
    assertEquals(PROCESSING, state.status("t"));
    assertEquals(List.of(free("w1", "t")), handle(finished("w1", "t")), "done: nobody is told, the value is freed");
    assertEquals(FORGOTTEN, state.status("t"));
  }

  @Test
  void fireAndForgetOnATaskAlreadyDoneKeepsNothingOnceItsClientLetsGo() {
    workers("w1");
    RemoteError boom = error("boom");
    handle(submit(C, task("bad")));
    handle(erred("w1", "bad", boom));
    assertEquals(ERRED, state.status("bad"));
    handle(submit(C, task("good")));
    handle(finished("w1", "good"));
    assertEquals(MEMORY, state.status("good"));
    assertEquals(List.of(), handle(new UpdateGraph(UpdateGraph.FIRE_AND_FORGET, List.of(), List.of("bad", "good"))));

    handle(release(C, "bad", "good"));
    assertEquals(FORGOTTEN, state.status("bad"), "dask forgets an erred fire-and-forget task at once");
    assertEquals(FORGOTTEN, state.status("good"), "and a finished one");
  }

  @Test
  void uploadedJarsReachEveryWorkerIncludingLaterOnes() {
    workers("w1");
    UploadJar jar = new UploadJar("extra.jar", Payload.of(new byte[] {1, 2}));
    assertEquals(List.of(new SendToWorker("w1", jar)), handle(jar));
    assertEquals(List.of(new SendToWorker("w2", jar)), handle(worker("w2", 1)));
  }

  @Test
  void missingDataFromADeadHolderResendsTheDependentWithTheRemainingHolders() {
    workers("w1", "w2", "w3");
    TaskSpec a = task("a", onWorkers(false, "w1"));
    TaskSpec b = task("b", onWorkers(false, "w3"), "a");
    handle(graph(C, List.of(a, b), "a", "b"));
    handle(finished("w1", "a"));
    handle(addKeys("w2", "a", 8));
    workerLost(new WorkerLost("w1", "killed"), now);
    assertEquals(List.of(compute("w3", b, new Priority(0, 1, 1), Map.of("a", List.of("w2")))),
        handle(new MissingData("w3", "a", "w1")), "w3 learns the value is on w2 now");
  }
}

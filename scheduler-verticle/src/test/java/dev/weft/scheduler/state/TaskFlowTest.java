package dev.weft.scheduler.state;

import static dev.weft.scheduler.state.Specs.cancelled;
import static dev.weft.scheduler.state.Specs.compute;
import static dev.weft.scheduler.state.Specs.erred;
import static dev.weft.scheduler.state.Specs.erredKey;
import static dev.weft.scheduler.state.Specs.error;
import static dev.weft.scheduler.state.Specs.finished;
import static dev.weft.scheduler.state.Specs.free;
import static dev.weft.scheduler.state.Specs.graph;
import static dev.weft.scheduler.state.Specs.inMemory;
import static dev.weft.scheduler.state.Specs.onWorkers;
import static dev.weft.scheduler.state.Specs.release;
import static dev.weft.scheduler.state.Specs.retries;
import static dev.weft.scheduler.state.Specs.submit;
import static dev.weft.scheduler.state.Specs.task;
import static dev.weft.scheduler.state.Specs.worker;
import static dev.weft.scheduler.state.TaskStatus.ERRED;
import static dev.weft.scheduler.state.TaskStatus.FORGOTTEN;
import static dev.weft.scheduler.state.TaskStatus.MEMORY;
import static dev.weft.scheduler.state.TaskStatus.PROCESSING;
import static dev.weft.scheduler.state.TaskStatus.RELEASED;
import static dev.weft.scheduler.state.TaskStatus.WAITING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.weft.protocol.KeyInMemory;
import dev.weft.protocol.Payload;
import dev.weft.protocol.Priority;
import dev.weft.protocol.RemoteError;
import dev.weft.protocol.ComputeTask;
import dev.weft.protocol.FreeKeys;
import dev.weft.protocol.TaskSpec;
import dev.weft.protocol.state.TransitionRecord;
import dev.weft.protocol.UpdateGraph;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The scheduler state machine, driven message by message with explicit times: submitting, finishing, releasing, dependencies, errors and retries, and the story of a key.
 * Every test asserts the exact messages the scheduler sends back (see {@link SchedulerScenario}).
 */
class TaskFlowTest extends SchedulerScenario {

  // ---------------------------------------------------------------- main flows, exact effects

  @Test
  void submittedTaskIsSentToTheRegisteredWorker() {
    workers("w1");
    TaskSpec t = task("t");

    assertEquals(List.of(compute("w1", t, new Priority(0, 1, 0))), handle(submit(C, t)));
    assertEquals(PROCESSING, state.status("t"));
  }

  @Test
  void finishedTaskIsReportedToTheWantingClientWithItsInlineValue() {
    workers("w1");
    handle(submit(C, task("t")));
    Payload value = Payload.of(42);

    List<Effect> fx = handle(finished("w1", "t", 8, value));

    assertEquals(List.of(inMemory(C, "t", List.of("w1"), value)), fx);
    assertSame(value, ((KeyInMemory) ((SendToClient) fx.get(0)).message()).inline());
    assertEquals(MEMORY, state.status("t"));
    assertEquals(Map.of("t", List.of("w1")), state.whoHas(List.of()));
  }

  @Test
  void releasedKeyIsFreedOnItsWorkerAndForgotten() {
    workers("w1");
    handle(submit(C, task("t")));
    handle(finished("w1", "t"));

    assertEquals(List.of(free("w1", "t")), handle(release(C, "t")));
    assertEquals(FORGOTTEN, state.status("t"));
    assertEquals(0, state.taskCount());
    assertEquals(Map.of("w1", List.of()), state.hasWhat());
  }

  // ---------------------------------------------------------------- dependencies

  @Test
  void dependentRunsOnTheWorkerHoldingItsDependency() {
    workers("w1", "w2");
    TaskSpec x = task("x");
    TaskSpec a = task("a");
    TaskSpec z = task("z", onWorkers(false, "w2"));
    TaskSpec b = task("b", "a");
    assertEquals(List.of(compute("w1", x, new Priority(0, 1, 0))), at(0, submit(C, x)));
    assertEquals(List.of(compute("w2", a, new Priority(0, 1, 1))), at(1, submit(C, a)));
    assertEquals(List.of(compute("w2", z, new Priority(0, 1, 2))), at(2, submit(C, z)));
    assertEquals(List.of(inMemory(C, "x", List.of("w1"), null)), at(3, finished("w1", "x")));
    assertEquals(List.of(), at(4, submit(C, b)));
    assertEquals(WAITING, state.status("b"));

    // w1 is idle and w2 still runs z, yet b goes where a is.
    List<Effect> fx = at(5, finished("w2", "a", 1_000_000, null));

    assertEquals(List.of(inMemory(C, "a", List.of("w2"), null),
        compute("w2", b, new Priority(0, 1, 3), Map.of("a", List.of("w2")))), fx);
  }

  @Test
  void dependencyIsFreedOnceAllItsDependentsFinished() {
    workers("w1");
    TaskSpec a = task("a");
    TaskSpec b1 = task("b1", "a");
    TaskSpec b2 = task("b2", "a");
    assertEquals(List.of(compute("w1", a, new Priority(0, 1, 0))),
        handle(graph(C, List.of(a, b1, b2), "b1", "b2")));

    List<Effect> fx = handle(finished("w1", "a"));
    Map<String, List<String>> whoHasA = Map.of("a", List.of("w1"));
    assertEquals(Set.of(compute("w1", b1, new Priority(0, 1, 1), whoHasA),
        compute("w1", b2, new Priority(0, 1, 2), whoHasA)), Set.copyOf(fx));
    assertEquals(2, fx.size());

    assertEquals(List.of(inMemory(C, "b1", List.of("w1"), null)), handle(finished("w1", "b1")));
    assertEquals(MEMORY, state.status("a"));
    assertEquals(List.of(inMemory(C, "b2", List.of("w1"), null), free("w1", "a")),
        handle(finished("w1", "b2")));
    assertEquals(RELEASED, state.status("a"), "kept as lineage of b1 and b2");

    assertEquals(List.of(free("w1", "b1"), free("w1", "b2")), handle(release(C, "b1", "b2")));
    assertEquals(0, state.taskCount());
  }

  @Test
  void dependencyNoLongerKnownCancelsTheKeyAndItsDependents() {
    workers("w1");
    List<Effect> fx = handle(graph(C, List.of(task("b", "gone"), task("c", "b")), "b", "c"));

    assertEquals(List.of(cancelled(C, "b", "dependency gone is no longer known"),
        cancelled(C, "c", "dependency gone is no longer known")), fx);
    assertEquals(0, state.taskCount());
  }

  // ---------------------------------------------------------------- errors and retries

  @Test
  void erredTaskIsReportedAndItsDependentsErrToo() {
    workers("w1");
    TaskSpec a = task("a");
    assertEquals(List.of(compute("w1", a, new Priority(0, 1, 0))),
        handle(graph(C, List.of(a, task("b", "a"), task("c", "b")), "a", "c")));
    RemoteError boom = error("/ by zero");

    List<Effect> fx = handle(erred("w1", "a", boom));

    assertEquals(List.of(free("w1", "a"), erredKey(C, "a", boom), erredKey(C, "c", boom)), fx);
    assertEquals(ERRED, state.status("a"));
    assertEquals(ERRED, state.status("c"));

    // A dependent submitted later errs at once, blaming the same exception.
    assertEquals(List.of(erredKey(C, "d", boom)), handle(graph(C, List.of(task("d", "b")), "d")));
    assertEquals(ERRED, state.status("d"));

    assertEquals(List.of(), handle(release(C, "a", "c", "d")));
    assertEquals(0, state.taskCount());
  }

  @Test
  void taskWithRetriesIsResentExactlyThatOftenThenErrs() {
    workers("w1");
    TaskSpec t = task("t", retries(2));
    SendToWorker computeT = compute("w1", t, new Priority(0, 1, 0));
    assertEquals(List.of(computeT), handle(submit(C, t)));
    RemoteError boom = error("flaky");

    assertEquals(List.of(free("w1", "t"), computeT), handle(erred("w1", "t", boom)));
    assertEquals(List.of(free("w1", "t"), computeT), handle(erred("w1", "t", boom)));
    assertEquals(List.of(free("w1", "t"), erredKey(C, "t", boom)), handle(erred("w1", "t", boom)));
    assertEquals(ERRED, state.status("t"));
  }

  @Test
  void erredTaskIsFreedOnItsWorkerSoItsKeyCanRunThereAgain() {
    // The worker keeps a failed task (and ignores a ComputeTask for its key) until told to free it.
    workers("w1");
    TaskSpec t = task("t");
    handle(submit(C, t));
    RemoteError boom = error("boom");

    assertEquals(List.of(free("w1", "t"), erredKey(C, "t", boom)), handle(erred("w1", "t", boom)));
    assertEquals(List.of(), handle(release(C, "t")));
    assertEquals(FORGOTTEN, state.status("t"));
    assertEquals(List.of(compute("w1", t, new Priority(0, 1, 1))), handle(submit(C, t)));
  }

  // ---------------------------------------------------------------- story

  @Test
  void storyListsTheTransitionsOfAKeyUnderTheirStimulusIds() {
    workers("w1");
    at(5, submit(C, task("t")));
    at(20, finished("w1", "t"));
    at(30, release(C, "t"));

    assertEquals(List.of(
        new TransitionRecord<>("t", RELEASED, WAITING, "UpdateGraph-5", 5),
        new TransitionRecord<>("t", WAITING, PROCESSING, "UpdateGraph-5", 5),
        new TransitionRecord<>("t", PROCESSING, MEMORY, "w1:ExecuteSucceeded-t", 20),
        new TransitionRecord<>("t", MEMORY, RELEASED, "ReleaseKeys-6", 30),
        new TransitionRecord<>("t", RELEASED, FORGOTTEN, "ReleaseKeys-6", 30)), state.story("t"),
        "ids number the stimuli (3 hellos and a worker came first); a worker's outcome keeps the worker's id");
    assertEquals(List.of(), state.story("unknown"));
  }

  @Test
  void instructionsToWorkersCarryTheIdOfTheStimulusThatSentThem() {
    workers("w1");
    now = 5;
    List<Effect> sent = state.handle(submit(C, task("t")), Specs.NODE, now);
    assertEquals("UpdateGraph-5", ((ComputeTask) ((SendToWorker) sent.get(0)).message()).stimulusId());
    handle(finished("w1", "t"));
    List<Effect> freed = state.handle(release(C, "t"), Specs.NODE, now);
    assertEquals(new SendToWorker("w1", new FreeKeys(List.of("t"), "ReleaseKeys-6")), freed.get(0));
  }
}

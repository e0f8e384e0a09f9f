package dev.weft.scheduler.state;

import static dev.weft.scheduler.state.Specs.compute;
import static dev.weft.scheduler.state.Specs.cancelled;
import static dev.weft.scheduler.state.Specs.erred;
import static dev.weft.scheduler.state.Specs.error;
import static dev.weft.scheduler.state.Specs.finished;
import static dev.weft.scheduler.state.Specs.free;
import static dev.weft.scheduler.state.Specs.graph;
import static dev.weft.scheduler.state.Specs.inMemory;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.protocol.KeyCancelled;
import dev.weft.protocol.Priority;
import dev.weft.protocol.RemoteError;
import dev.weft.protocol.RestartCluster;
import dev.weft.protocol.RestartWorker;
import dev.weft.protocol.RetryKeys;
import dev.weft.protocol.TaskSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** dask's {@code retry} and {@code restart} on the scheduler's state, message by message. */
class RetryAndRestartTest extends SchedulerScenario {

  @Test
  void retryRunsTheErredRootAgainAndItsErredDependentsAfterIt() {
    workers("w1");
    TaskSpec a = task("a");
    TaskSpec b = task("b", "a");
    TaskSpec c = task("c", "b");
    handle(graph(C, List.of(a, b, c), "c"));
    RemoteError flaky = error("flaky input");
    handle(erred("w1", "a", flaky));
    assertEquals(ERRED, state.status("c"));
    assertEquals(RELEASED, state.status("b")); // wanted by no one: let go, though c depends on it

    List<Effect> fx = handle(new RetryKeys(C, List.of("c")));

    assertEquals(List.of(compute("w1", a, new Priority(0, 1, 0))), fx);
    assertEquals(PROCESSING, state.status("a"));
    assertEquals(WAITING, state.status("b"));
    assertEquals(WAITING, state.status("c"));
    handle(finished("w1", "a"));
    handle(finished("w1", "b"));
    assertEquals(List.of(inMemory(C, "c", List.of("w1"), null), free("w1", "b")), handle(finished("w1", "c")));
    assertEquals(MEMORY, state.status("c"));
  }

  @Test
  void retryOfAKeyThatDidNotErrChangesNothing() {
    workers("w1");
    handle(submit(C, task("t")));
    assertEquals(List.of(), handle(new RetryKeys(C, List.of("t", "unknown"))));
    assertEquals(PROCESSING, state.status("t"));
  }

  @Test
  void retryAlsoRecomputesAnotherClientsDependentThatErredOnTheSameRoot() {
    workers("w1");
    TaskSpec a = task("a");
    handle(graph(C, List.of(a), "a"));
    handle(graph(C2, List.of(task("d", "a")), "d"));
    handle(erred("w1", "a", error("boom")));
    assertEquals(ERRED, state.status("d"));

    handle(new RetryKeys(C, List.of("a")));
    handle(finished("w1", "a"));
    handle(finished("w1", "d"));

    assertEquals(MEMORY, state.status("d"));
  }

  @Test
  void restartCancelsEveryClientsKeysAndRestartsAndRemovesEveryWorker() {
    workers("w1", "w2");
    handle(graph(C, List.of(task("a"), task("b", "a")), "b"));
    handle(graph(C2, List.of(task("x")), "x"));
    handle(finished("w1", "a"));

    List<Effect> fx = handle(new RestartCluster(C2));

    assertTrue(fx.contains(cancelled(C, "b", KeyCancelled.SCHEDULER_RESTART)), fx.toString());
    assertTrue(fx.contains(cancelled(C2, "x", KeyCancelled.SCHEDULER_RESTART)), fx.toString());
    assertTrue(fx.contains(new SendToWorker("w1", new RestartWorker("w1"))), fx.toString());
    assertTrue(fx.contains(new SendToWorker("w2", new RestartWorker("w2"))), fx.toString());
    assertEquals(List.of(), state.workerIds());
    assertEquals(0, state.taskCount());
    assertEquals(FORGOTTEN, state.status("a"));

    handle(worker("w1", 1));
    assertEquals(List.of(compute("w1", task("a"), new Priority(0, 1, 3))), handle(submit(C, task("a"))));
    assertEquals(Map.of("w1", List.of()), state.hasWhat());
  }
}

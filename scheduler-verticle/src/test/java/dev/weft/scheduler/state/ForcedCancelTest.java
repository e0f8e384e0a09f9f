package dev.weft.scheduler.state;

import static dev.weft.scheduler.state.Specs.cancel;
import static dev.weft.scheduler.state.Specs.cancelled;
import static dev.weft.scheduler.state.Specs.finished;
import static dev.weft.scheduler.state.Specs.forceCancel;
import static dev.weft.scheduler.state.Specs.free;
import static dev.weft.scheduler.state.Specs.freeInterrupting;
import static dev.weft.scheduler.state.Specs.graph;
import static dev.weft.scheduler.state.Specs.release;
import static dev.weft.scheduler.state.Specs.submit;
import static dev.weft.scheduler.state.Specs.task;
import static dev.weft.scheduler.state.TaskStatus.FORGOTTEN;
import static dev.weft.scheduler.state.TaskStatus.PROCESSING;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.protocol.KeyCancelled;
import dev.weft.protocol.TaskSpec;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A forced cancel ({@code CancelKeys.force}, {@code mayInterruptIfRunning}): the scheduler alone
 * decides what to interrupt — exactly the processing tasks it releases because of that cancel —
 * and says so with {@code FreeKeys.interrupt}. A task another client still wants runs on.
 */
class ForcedCancelTest extends SchedulerScenario {

  @Test
  void aForcedCancelOfAProcessingTaskFreesItWithAnInterrupt() {
    workers("w1");
    handle(submit(C, task("t")));

    assertEquals(List.of(cancelled(C, "t", KeyCancelled.CANCELLED), freeInterrupting("w1", "t")),
        handle(forceCancel(C, "t")));
    assertEquals(FORGOTTEN, state.status("t"));
  }

  @Test
  void aCancelWithoutForceFreesWithoutAnInterrupt() {
    workers("w1");
    handle(submit(C, task("t")));

    assertEquals(List.of(cancelled(C, "t", KeyCancelled.CANCELLED), free("w1", "t")), handle(cancel(C, "t")));
  }

  @Test
  void aForcedCancelOfAKeyAnotherClientWantsInterruptsNothing() {
    workers("w1");
    TaskSpec t = task("t");
    handle(submit(C, t));
    handle(submit(C2, t));

    assertEquals(List.of(cancelled(C, "t", KeyCancelled.CANCELLED)), handle(forceCancel(C, "t")),
        "c2 still wants t: no free, no interrupt");
    assertEquals(PROCESSING, state.status("t"));

    assertEquals(List.of(free("w1", "t")), handle(release(C2, "t")),
        "a later release in another stimulus is a plain free: the force stayed with its own stimulus");
  }

  @Test
  void aForcedCancelInterruptsEveryRunningTaskItReleasesButNotAValueInMemory() {
    workers("w1", "w2");
    handle(graph(C, List.of(task("a"), task("b"), task("c", "a")), "b", "c"));
    String aOn = state.processingOn("a");
    handle(finished(aOn, "a"));
    assertEquals(PROCESSING, state.status("b"));
    assertEquals(PROCESSING, state.status("c"));
    String bOn = state.processingOn("b");
    String cOn = state.processingOn("c");

    List<Effect> fx = handle(forceCancel(C, "b", "c"));

    assertEquals(Set.of(cancelled(C, "b", KeyCancelled.CANCELLED), cancelled(C, "c", KeyCancelled.CANCELLED),
        freeInterrupting(bOn, "b"), freeInterrupting(cOn, "c"), free(aOn, "a")), Set.copyOf(fx),
        "the running tasks are interrupted; a's value, not running, is merely freed");
    assertEquals(5, fx.size());
    assertEquals(0, state.taskCount());
  }

  @Test
  void aForcedCancelInterruptsARunningInputThatNothingNeedsAnyMore() {
    workers("w1");
    handle(graph(C, List.of(task("a"), task("b", "a")), "b"));
    assertEquals(PROCESSING, state.status("a"));

    assertEquals(List.of(cancelled(C, "b", KeyCancelled.CANCELLED), freeInterrupting("w1", "a")),
        handle(forceCancel(C, "b")), "a ran only for b: the scheduler lets it go, so it is interrupted");
    assertEquals(0, state.taskCount());
  }

  @Test
  void aForcedCancelOfAFinishedTaskFreesItsValueWithoutAnInterrupt() {
    workers("w1");
    handle(submit(C, task("t")));
    handle(finished("w1", "t"));

    assertEquals(List.of(cancelled(C, "t", KeyCancelled.CANCELLED), free("w1", "t")), handle(forceCancel(C, "t")));
  }
}

package dev.weft.scheduler.state;

import static dev.weft.scheduler.state.Specs.compute;
import static dev.weft.scheduler.state.Specs.erredKey;
import static dev.weft.scheduler.state.Specs.finished;
import static dev.weft.scheduler.state.Specs.inMemory;
import static dev.weft.scheduler.state.Specs.limited;
import static dev.weft.scheduler.state.Specs.onWorkers;
import static dev.weft.scheduler.state.Specs.paused;
import static dev.weft.scheduler.state.Specs.resumed;
import static dev.weft.scheduler.state.Specs.submit;
import static dev.weft.scheduler.state.Specs.task;
import static dev.weft.scheduler.state.TaskStatus.ERRED;
import static dev.weft.scheduler.state.TaskStatus.NO_WORKER;
import static dev.weft.scheduler.state.TaskStatus.WAITING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.protocol.Priority;
import dev.weft.protocol.RemoteError;
import dev.weft.protocol.TaskSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A task whose inputs are larger than the memory limit of every worker allowed to run it errs at
 * once, as in dask ("has 3.00 GiB worth of input dependencies, but worker w1 has memory_limit set
 * to 1.00 GiB."), and never reaches a worker; a worker without a limit takes anything. Every test
 * asserts the exact messages the scheduler sends back (see {@link SchedulerScenario}).
 */
class TaskTooLargeTest extends SchedulerScenario {

  private static final long GIB = 1L << 30;
  private static final Map<String, List<String>> X_ON_W1 = Map.of("x", List.of("w1"));

  private static RemoteError tooLarge(String key, String worker, String limit) {
    return new RemoteError("dev.weft.client.TaskTooLargeException", "Task " + key + " has 3.00 GiB worth of input"
        + " dependencies, but worker " + worker + " has memory_limit set to " + limit + ".", List.of(), null);
  }

  /** Registers {@code w1} and {@code w2} with these limits, and puts x, a 3 GiB value, on w1. */
  private void threeGibOnW1(long w1Limit, long w2Limit) {
    assertEquals(List.of(), handle(limited("w1", w1Limit)));
    assertEquals(List.of(), handle(limited("w2", w2Limit)));
    TaskSpec x = task("x");
    assertEquals(List.of(compute("w1", x, new Priority(0, 1, 0))), handle(submit(C, x)));
    assertEquals(List.of(inMemory(C, "x", List.of("w1"), null)), handle(finished("w1", "x", 3 * GIB, null)));
  }

  @Test
  void aTaskWhoseInputsExceedEveryWorkersLimitErrsWithoutReachingOne() {
    threeGibOnW1(GIB, GIB / 2);

    assertEquals(List.of(erredKey(C, "y", tooLarge("y", "w1", "1.00 GiB"))), handle(submit(C, task("y", "x"))),
        "no ComputeTask: the error names the worker with the largest limit");
    assertEquals(ERRED, state.status("y"));
    assertTrue(state.story("y").stream().anyMatch(r -> r.from() == WAITING && r.to() == ERRED), state.story("y").toString());
  }

  @Test
  void theWorkerWithTheLargestLimitIsNamed() {
    threeGibOnW1(GIB, 2 * GIB);

    assertEquals(List.of(erredKey(C, "y", tooLarge("y", "w2", "2.00 GiB"))), handle(submit(C, task("y", "x"))));
  }

  @Test
  void aWorkerWithoutALimitTakesAnything() {
    threeGibOnW1(GIB, 0);

    TaskSpec y = task("y", "x");
    assertEquals(List.of(compute("w2", y, new Priority(0, 1, 1), X_ON_W1)), handle(submit(C, y)),
        "not to w1, which holds the input but could not hold it");
  }

  @Test
  void onlyTheWorkersATaskMayRunOnCount() {
    threeGibOnW1(0, GIB);

    assertEquals(List.of(erredKey(C, "y", tooLarge("y", "w2", "1.00 GiB"))),
        handle(submit(C, task("y", onWorkers(false, "w2"), "x"))), "w1 has no limit, but y may run on w2 only");
    TaskSpec z = task("z", onWorkers(true, "w2"), "x");
    assertEquals(List.of(compute("w1", z, new Priority(0, 1, 2), X_ON_W1)), handle(submit(C, z)),
        "allowed elsewhere: it runs on w1");
  }

  @Test
  void aTaskWaitingForItsWorkerErrsWhenThatWorkerJoinsTooSmall() {
    threeGibOnW1(0, 0);
    assertEquals(List.of(), handle(submit(C, task("y", onWorkers(false, "w9"), "x"))));
    assertEquals(NO_WORKER, state.status("y"));

    assertEquals(List.of(erredKey(C, "y", tooLarge("y", "w9", "1.00 GiB"))), handle(limited("w9", GIB)));
    assertEquals(ERRED, state.status("y"));
  }

  @Test
  void aPausedWorkerWithRoomIsWaitedFor() {
    threeGibOnW1(GIB, 0);
    assertEquals(List.of(), handle(paused("w2", "memory 85% of the limit")));
    TaskSpec y = task("y", "x");
    assertEquals(List.of(), handle(submit(C, y)));
    assertEquals(NO_WORKER, state.status("y"), "w2 could hold it once it resumes");

    assertEquals(List.of(compute("w2", y, new Priority(0, 1, 1), X_ON_W1)), handle(resumed("w2")));
  }
}

package dev.weft.scheduler.state;

import static dev.weft.scheduler.state.Specs.finished;
import static dev.weft.scheduler.state.Specs.graph;
import static dev.weft.scheduler.state.Specs.limited;
import static dev.weft.scheduler.state.Specs.submit;
import static dev.weft.scheduler.state.Specs.task;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.protocol.AdaptiveTarget;
import dev.weft.protocol.TaskSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The adaptive target, as dask's {@code adaptive_target} and {@code workers_to_close}: the
 * expected run time of the work in sight over the 5 s target duration, per thread; idle workers
 * close fewest bytes first, while the rest can hold twice the bytes held.
 */
class ScalingAdviceTest extends SchedulerScenario {

  private List<TaskSpec> roots(int n) {
    List<TaskSpec> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(task("r" + i));
    }
    return out;
  }

  @Test
  void waitingTasksAskForOneWorkerWhenThereIsNone() {
    handle(submit(C, task("x")));
    assertEquals(new AdaptiveTarget(1, List.of(), List.of()), state.adaptiveTarget());
  }

  @Test
  void queuedWorkAsksForItsExpectedDurationOverTheTargetDurationPerThread() {
    workers("w1");
    List<TaskSpec> roots = roots(100);
    handle(graph(C, roots, roots.stream().map(TaskSpec::key).toArray(String[]::new)));
    // 100 tasks of the unknown-duration guess (500 ms) over 5 s: 10 threads, 10 one-thread workers.
    assertEquals(new AdaptiveTarget(10, List.of(), List.of("w1")), state.adaptiveTarget());
  }

  @Test
  void aFewTasksNeverAskForMoreThreadsThanThereAreTasks() {
    workers("w1", "w2");
    handle(submit(C, task("x")));
    String busy = state.processingOn("x");
    String idle = busy.equals("w1") ? "w2" : "w1";
    assertEquals(new AdaptiveTarget(1, List.of(idle), List.of(idle, busy)), state.adaptiveTarget());
  }

  @Test
  void idleWorkersCloseFewestBytesFirstButNotTheLastHolder() {
    workers("w1");
    handle(submit(C, task("x")));
    handle(finished("w1", "x"));
    workers("w2", "w3");
    assertEquals(new AdaptiveTarget(1, List.of("w2", "w3"), List.of("w2", "w3", "w1")), state.adaptiveTarget());
  }

  @Test
  void workersHoldingMostOfTheirMemoryAskForTwiceAsManyAndKeepEnoughLimitToHoldTheBytes() {
    handle(limited("w1", 10));
    handle(submit(C, task("x")));
    handle(finished("w1", "x"));
    assertEquals(new AdaptiveTarget(2, List.of(), List.of("w1")), state.adaptiveTarget(), "8 of 10 bytes held");
    handle(limited("w2", 100));
    assertEquals(new AdaptiveTarget(2, List.of(), List.of("w2", "w1")), state.adaptiveTarget(),
        "no pressure at 8 of 110 bytes, but without w2 the 10 bytes left could not hold 2 x 8");
  }
}

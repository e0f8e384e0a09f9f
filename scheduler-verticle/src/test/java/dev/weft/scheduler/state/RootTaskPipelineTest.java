package dev.weft.scheduler.state;

import static dev.weft.scheduler.state.Specs.TYPE;
import static dev.weft.scheduler.state.Specs.finished;
import static dev.weft.scheduler.state.Specs.graph;
import static dev.weft.scheduler.state.Specs.task;
import static dev.weft.scheduler.state.Specs.worker;
import static dev.weft.scheduler.state.TaskStatus.PROCESSING;
import static dev.weft.scheduler.state.TaskStatus.QUEUED;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.protocol.ComputeTask;
import dev.weft.protocol.TaskFinished;
import dev.weft.protocol.TaskSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How many queued root tasks a worker gets: dask's {@code ceil(saturation * nthreads)} until their
 * function is measured, then, for functions measured under {@link Placement#PIPELINE_MILLIS},
 * enough to keep each thread busy that long, at most {@link Placement#MAX_PIPELINED_PER_THREAD}
 * per thread.
 */
class RootTaskPipelineTest extends SchedulerScenario {

  @Test
  void tasksMeasuredInstantGoOutSixtyFourPerThread() {
    assertEquals(List.of(), handle(worker("w1", 1)));
    List<String> keys = submitRoots(300);
    assertEquals(2, count(PROCESSING), "before any finished: dask's ceil(1.1 x 1 thread)");

    assertEquals(63, computes(handle(finishedTaking("w1", keys.get(0), 0))),
        "measured at 0 ms: the free slot and 62 more, 64 in flight");
    assertEquals(64, count(PROCESSING));
    assertEquals(300 - 1 - 64, count(QUEUED));
  }

  @Test
  void theCapScalesWithThreads() {
    assertEquals(List.of(), handle(worker("w1", 2)));
    List<String> keys = submitRoots(500);
    assertEquals(3, count(PROCESSING), "ceil(1.1 x 2 threads)");

    handle(finishedTaking("w1", keys.get(0), 0));
    assertEquals(128, count(PROCESSING));
  }

  @Test
  void tasksOfTwoMillisecondsOrMoreKeepDasksSaturation() {
    assertEquals(List.of(), handle(worker("w1", 1)));
    List<String> keys = submitRoots(100);

    assertEquals(1, computes(handle(finishedTaking("w1", keys.get(0), 10))));
    assertEquals(2, count(PROCESSING));
    assertEquals(1, computes(handle(finishedTaking("w1", keys.get(1), 2))),
        "average (10 + 2) / 2 = 6 ms: still two in flight");
    assertEquals(2, count(PROCESSING));
  }

  @Test
  void aFunctionBetweenGetsEnoughToCoverTwoMilliseconds() {
    assertEquals(List.of(), handle(worker("w1", 4)));
    List<String> keys = submitRoots(100);
    assertEquals(5, count(PROCESSING), "ceil(1.1 x 4)");

    handle(finishedTaking("w1", keys.get(0), 1));
    assertEquals(8, count(PROCESSING), "1 ms each: 4 threads x 2 ms / 1 ms");
  }

  private List<String> submitRoots(int n) {
    List<TaskSpec> roots = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      roots.add(task("r" + i));
      keys.add("r" + i);
    }
    handle(graph(C, roots, keys.toArray(String[]::new)));
    return keys;
  }

  private static TaskFinished finishedTaking(String worker, String key, long millis) {
    TaskFinished f = finished(worker, key);
    return new TaskFinished(worker, key, f.nbytes(), TYPE, 100, 100 + millis, null, f.stimulusId());
  }

  private static long computes(List<Effect> effects) {
    return effects.stream().filter(e -> e instanceof SendToWorker s && s.message() instanceof ComputeTask).count();
  }

  private long count(TaskStatus status) {
    return state.countsByStatus().get(status);
  }
}

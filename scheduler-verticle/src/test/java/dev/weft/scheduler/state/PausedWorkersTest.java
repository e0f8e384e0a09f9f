package dev.weft.scheduler.state;

import static dev.weft.scheduler.state.Specs.beat;
import static dev.weft.scheduler.state.Specs.compute;
import static dev.weft.scheduler.state.Specs.finished;
import static dev.weft.scheduler.state.Specs.free;
import static dev.weft.scheduler.state.Specs.graph;
import static dev.weft.scheduler.state.Specs.inMemory;
import static dev.weft.scheduler.state.Specs.onWorkers;
import static dev.weft.scheduler.state.Specs.paused;
import static dev.weft.scheduler.state.Specs.resumed;
import static dev.weft.scheduler.state.Specs.steal;
import static dev.weft.scheduler.state.Specs.submit;
import static dev.weft.scheduler.state.Specs.task;
import static dev.weft.scheduler.state.Specs.worker;
import static dev.weft.scheduler.state.TaskStatus.NO_WORKER;
import static dev.weft.scheduler.state.TaskStatus.QUEUED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.protocol.Priority;
import dev.weft.protocol.StealResponse;
import dev.weft.protocol.TaskOptions;
import dev.weft.protocol.TaskSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Paused workers, as dask's: a worker that pauses (memory over its pause threshold, or spill files
 * it cannot write) is sent no new task, the tasks it has not started are offered to running
 * workers through steal requests, and it takes work again when it resumes. Its status comes from
 * {@code WorkerStatusChange} and every heartbeat. Every test asserts the exact messages the
 * scheduler sends back (see {@link SchedulerScenario}).
 */
class PausedWorkersTest extends SchedulerScenario {

  private static final Map<String, List<String>> X_ON_W1 = Map.of("x", List.of("w1"));

  /** A task of function {@code name}: a few of them are never root-ish, so they are placed at once. */
  private static TaskSpec named(String key, String name, String... deps) {
    return new TaskSpec(key, name, Specs.FUNCTION, Specs.ARGS, List.of(deps), TaskOptions.DEFAULT);
  }

  /** x (order 0) computed on w1, then t0..t{n-1} (orders 1..n) depending on it, all sent to w1, which holds x. */
  private List<TaskSpec> tasksPiledOnW1(int n) {
    TaskSpec x = task("x");
    assertEquals(List.of(compute("w1", x, new Priority(0, 1, 0))), handle(submit(C, x)));
    assertEquals(List.of(inMemory(C, "x", List.of("w1"), null)), handle(finished("w1", "x")));
    List<TaskSpec> ts = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ts.add(task("t" + i, "x"));
      keys.add("t" + i);
    }
    handle(graph(C, ts, keys.toArray(String[]::new)));
    for (String k : keys) {
      assertEquals("w1", state.processingOn(k));
    }
    return ts;
  }

  private WorkerView view(String id) {
    return state.workerViews().stream().filter(w -> w.id().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void aPausedWorkerGetsNoNewTaskAndItsUnstartedTasksMoveToARunningWorker() {
    workers("w1", "w2");
    List<TaskSpec> ts = tasksPiledOnW1(4);

    assertEquals(List.of(steal("w1", "t0"), steal("w1", "t1"), steal("w1", "t2"), steal("w1", "t3")),
        handle(paused("w1", "memory 85% of the limit")), "every task it was sent is offered to the running w2");
    assertEquals("paused", view("w1").status());
    assertEquals("memory 85% of the limit", view("w1").pauseReason());

    TaskSpec y = task("y", "x");
    assertEquals(List.of(compute("w2", y, new Priority(0, 1, 5), X_ON_W1)), handle(submit(C, y)),
        "not to w1, though it holds the input");
    TaskSpec r = named("r", "g");
    assertEquals(List.of(compute("w2", r, new Priority(0, 1, 6))), handle(submit(C, r)));

    assertEquals(List.of(compute("w2", ts.get(0), new Priority(0, 1, 1), X_ON_W1)),
        handle(new StealResponse("w1", "t0", true, "ready")));
    assertEquals("w2", state.processingOn("t0"));
    List<String> story = state.story("t0").stream().map(rec -> rec.stimulus()).toList();
    assertTrue(story.stream().anyMatch(s -> s.startsWith("steal-request w1->w2 (paused) WorkerStatusChange-")), story.toString());
    assertTrue(story.stream().anyMatch(s -> s.startsWith("steal w1->w2 StealResponse-")), story.toString());

    assertEquals(List.of(), handle(new StealResponse("w1", "t1", false, "executing")), "a started task stays");
    assertEquals("w1", state.processingOn("t1"));
    assertEquals(List.of(inMemory(C, "t1", List.of("w1"), null)), handle(finished("w1", "t1")),
        "a paused worker still finishes what it started");
  }

  @Test
  void aResumedWorkerTakesQueuedRootTasksAgain() {
    workers("w1");
    assertEquals(List.of(), handle(paused("w1", "memory 85% of the limit")));
    List<TaskSpec> roots = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      roots.add(task("r" + i));
    }
    assertEquals(List.of(), handle(graph(C, roots, "r0", "r1", "r2", "r3", "r4")));
    assertEquals(5, state.countsByStatus().get(QUEUED), "root tasks queue while the only worker is paused");

    assertEquals(List.of(compute("w1", roots.get(0), new Priority(0, 1, 0)), compute("w1", roots.get(1), new Priority(0, 1, 1))),
        handle(resumed("w1")), "the queue drains to it as when it joined");
    assertEquals("running", view("w1").status());
    assertEquals("", view("w1").pauseReason());
    assertEquals(3, state.countsByStatus().get(QUEUED));
  }

  @Test
  void aHeartbeatCorrectsAStatusWhoseMessageWasLost() {
    workers("w1");
    assertEquals(List.of(), handle(beat("w1", true)), "paused while the record said running");
    assertEquals("paused", view("w1").status());
    assertEquals("memory 85% of the limit", view("w1").pauseReason());
    TaskSpec t = named("t", "g");
    assertEquals(List.of(), handle(submit(C, t)));
    assertEquals(NO_WORKER, state.status("t"));
    assertEquals(List.of(), handle(beat("w1", true)), "the same status again changes nothing");

    assertEquals(List.of(compute("w1", t, new Priority(0, 1, 0))), handle(beat("w1", false)),
        "running while the record said paused: it takes work again");
    assertEquals("running", view("w1").status());
  }

  @Test
  void restrictedTasksWaitForTheirPausedWorkerUnlessAllowedElsewhere() {
    workers("w1", "w2");
    handle(paused("w1", "spill directory not writable"));
    TaskSpec strict = task("strict", onWorkers(false, "w1"));
    TaskSpec loose = task("loose", onWorkers(true, "w1"));
    assertEquals(List.of(), handle(submit(C, strict)));
    assertEquals(NO_WORKER, state.status("strict"));
    assertEquals(List.of(compute("w2", loose, new Priority(0, 1, 1))), handle(submit(C, loose)));

    assertEquals(List.of(compute("w1", strict, new Priority(0, 1, 0))), handle(resumed("w1")));
  }

  @Test
  void withoutARunningWorkerTasksStayAndGoOutWhenOneJoins() {
    workers("w1");
    List<TaskSpec> ts = tasksPiledOnW1(2);
    assertEquals(List.of(), handle(paused("w1", "memory 85% of the limit")), "no running worker to offer them to");

    assertEquals(List.of(steal("w1", "t0"), steal("w1", "t1")), handle(worker("w2", 1)));
    assertEquals(List.of(compute("w2", ts.get(0), new Priority(0, 1, 1), X_ON_W1)),
        handle(new StealResponse("w1", "t0", true, "ready")));
  }

  @Test
  void aTaskGivenUpForAThiefThatPausedMeanwhileWaitsForARunningWorker() {
    workers("w1", "w2");
    List<TaskSpec> ts = tasksPiledOnW1(1);
    assertEquals(List.of(steal("w1", "t0")), handle(paused("w1", "memory 85% of the limit")));
    assertEquals(List.of(), handle(paused("w2", "memory 90% of the limit")));

    assertEquals(List.of(free("w1", "t0")), handle(new StealResponse("w1", "t0", true, "ready")));
    assertEquals(NO_WORKER, state.status("t0"));

    assertEquals(List.of(compute("w2", ts.get(0), new Priority(0, 1, 1), X_ON_W1)), handle(resumed("w2")));
  }

  @Test
  void aBalanceRoundNeverPicksAPausedThief() {
    workers("w1", "w2");
    tasksPiledOnW1(4);
    assertEquals(List.of(), handle(beat("w2", true)), "w2 has nothing to give up");

    assertEquals(List.of(), tick(100), "four tasks wait on w1, but the only other worker is paused");
    assertEquals(List.of(), handle(beat("w2", false)));
    assertEquals(List.of(steal("w1", "t3"), steal("w1", "t2")), tick(200));
  }
}

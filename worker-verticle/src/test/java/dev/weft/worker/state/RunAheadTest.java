package dev.weft.worker.state;

import static dev.weft.worker.state.WorkerSpecs.W;
import static dev.weft.worker.state.WorkerSpecs.compute;
import static dev.weft.worker.state.WorkerSpecs.free;
import static dev.weft.worker.state.WorkerSpecs.spec;
import static dev.weft.worker.state.WorkerSpecs.valueOf;
import static dev.weft.worker.state.WorkerTaskStatus.CANCELLED;
import static dev.weft.worker.state.WorkerTaskStatus.EXECUTING;
import static dev.weft.worker.state.WorkerTaskStatus.MEMORY;
import static dev.weft.worker.state.WorkerTaskStatus.READY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.protocol.LongRunning;
import dev.weft.protocol.Payload;
import dev.weft.protocol.TaskOptions;
import dev.weft.protocol.TaskFinished;
import dev.weft.protocol.TaskSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Run-ahead: READY tasks of functions whose latest run here was short are queued on busy task
 * threads (Execute.queued), at most {@link Computing#RUN_AHEAD_PER_THREAD} per thread, never behind
 * a run not known short, never with resources, never past a task that may not go ahead; each takes
 * the slot of a run that ends or secedes.
 */
class RunAheadTest extends WorkerStateTestBase {

  /** A task of function {@code name}, no dependencies, no resources. */
  private static TaskSpec task(String key, String name) {
    return new TaskSpec(key, name, Payload.of("fn-" + key), Payload.of(List.of(key)), List.of(),
        new TaskOptions(0, 0, List.of(), false, Map.of()));
  }

  /** The outcome of a run of {@code key} that took {@code millis}. */
  private static ExecuteSucceeded ran(String key, long millis) {
    return new ExecuteSucceeded(key, valueOf(key), WorkerSpecs.SIZE_OF, "java.lang.String", 100, 100 + millis);
  }

  private static List<String> queuedKeys(List<Instruction> out) {
    return out.stream().filter(i -> i instanceof Execute e && e.queued()).map(i -> ((Execute) i).key()).toList();
  }

  private static List<String> startedKeys(List<Instruction> out) {
    return out.stream().filter(i -> i instanceof Execute e && !e.queued()).map(i -> ((Execute) i).key()).toList();
  }

  /** One thread, {@code n} tasks of "inc" handed over, and the first run reported after {@code millis}. */
  private List<Instruction> firstRunTook(WorkerState w, int n, long millis) {
    for (int i = 0; i < n; i++) {
      List<Instruction> out = handle(w, compute(task("t" + i, "inc"), i));
      assertTrue(queuedKeys(out).isEmpty(), "nothing is known short before a run ended");
    }
    return handle(w, ran("t0", millis));
  }

  @Test
  void afterAShortRunTheThreadGetsItsNextTasksQueuedUpToTheLimit() {
    WorkerState w = worker(1);
    int limit = Computing.RUN_AHEAD_PER_THREAD;
    List<Instruction> out = firstRunTook(w, limit + 12, 1);
    assertEquals(List.of("t1"), startedKeys(out), "the free slot is taken as before");
    List<String> upToTheLimit = new ArrayList<>();
    for (int i = 2; i < 2 + limit; i++) {
      upToTheLimit.add("t" + i);
    }
    assertEquals(upToTheLimit, queuedKeys(out), limit + " per thread, in priority order");
    assertEquals(EXECUTING, w.status("t" + (1 + limit)));
    assertEquals(READY, w.status("t" + (2 + limit)));
    assertEquals(1, w.executing(), "queued runs do not count as threads at work");

    out = handle(w, ran("t1", 0));
    assertEquals(List.of(), startedKeys(out), "t2 took the slot t1 left: no new thread");
    assertEquals(List.of("t" + (2 + limit)), queuedKeys(out), "and one more is queued in its place");
    assertEquals(MEMORY, w.status("t1"));
  }

  @Test
  void aLongRunKeepsTasksInTheReadyQueue() {
    WorkerState w = worker(1);
    List<Instruction> out = firstRunTook(w, 5, 2);
    assertEquals(List.of("t1"), startedKeys(out));
    assertEquals(List.of(), queuedKeys(out), "a 2 ms run is not short");
    assertEquals(READY, w.status("t2"));
  }

  @Test
  void noTaskIsQueuedBehindARunNotKnownShort() {
    WorkerState w = worker(1);
    handle(w, compute(task("s0", "sleep"), 0));
    handle(w, compute(task("i0", "inc"), 1));
    handle(w, ran("s0", 0)); // "sleep" short once; i0 starts
    handle(w, ran("i0", 0)); // "inc" is short now, the slot is free
    handle(w, compute(task("x", "unknown"), 2));
    List<Instruction> out = handle(w, compute(task("i1", "inc"), 3));
    assertEquals(List.of(), queuedKeys(out), "x, of a function never run here, holds the only slot");
    assertEquals(READY, w.status("i1"));
  }

  @Test
  void aTaskThatMayNotGoAheadStopsTheRunAheadInPriorityOrder() {
    WorkerState w = worker(1);
    handle(w, compute(task("t0", "inc"), 0));
    handle(w, compute(task("t1", "inc"), 1));
    handle(w, compute(task("slow", "other"), 2));
    handle(w, compute(task("t3", "inc"), 3));
    List<Instruction> out = handle(w, ran("t0", 0));
    assertEquals(List.of("t1"), startedKeys(out));
    assertEquals(List.of(), queuedKeys(out), "'other' is next by priority and not known short");
    assertEquals(READY, w.status("t3"));
  }

  @Test
  void aTaskWithResourcesIsNeverQueued() {
    WorkerState w = worker(1, Map.of("GPU", 1.0));
    handle(w, compute(task("t0", "inc"), 0));
    handle(w, compute(task("t1", "inc"), 1));
    TaskSpec gpu = new TaskSpec("g", "inc", Payload.of("fn-g"), Payload.of(List.of("g")), List.of(),
        new TaskOptions(0, 0, List.of(), false, Map.of("GPU", 1.0)));
    handle(w, compute(gpu, 2));
    List<Instruction> out = handle(w, ran("t0", 0));
    assertEquals(List.of("t1"), startedKeys(out));
    assertEquals(List.of(), queuedKeys(out));
    assertEquals(READY, w.status("g"));
  }

  @Test
  void aRunThatSecedesHandsItsSlotToAQueuedRunAndRejoinsOnlyOnceTheQueueIsEmpty() {
    WorkerState w = worker(1);
    List<Instruction> out = firstRunTook(w, 4, 0);
    assertEquals(List.of("t2", "t3"), queuedKeys(out));
    assertEquals(List.of(new SendToScheduler(new LongRunning(W, "t1"))), handle(w, new Seceded("t1")));
    assertEquals(1, w.executing(), "t2 took t1's slot");
    assertEquals(List.of(), handle(w, new RejoinRequested("t1")), "t3 still waits for a thread: no slot to give");
    handle(w, ran("t2", 0));
    out = handle(w, ran("t3", 0));
    assertEquals(new GrantRejoin("t1"), out.get(out.size() - 1), "the slot t3 leaves goes to the rejoining run");
    handle(w, compute(task("t4", "inc"), 4));
    assertEquals(READY, w.status("t4"), "no run-ahead behind a run that seceded");
  }

  @Test
  void aQueuedRunLetGoIsCancelledAndItsOutcomeDropped() {
    WorkerState w = worker(1);
    firstRunTook(w, 4, 0);
    assertEquals(EXECUTING, w.status("t3"));
    handle(w, free("t3"));
    assertEquals(CANCELLED, w.status("t3"), "its run is on a thread's queue: it will end like any run");
    handle(w, ran("t1", 0));
    handle(w, ran("t2", 0));
    List<Instruction> out = handle(w, ran("t3", 0));
    assertFalse(out.stream().anyMatch(i -> i instanceof SendToScheduler), "nothing reported for a key let go");
    assertEquals(null, w.status("t3"));
    assertEquals(0, w.executing());
  }

  @Test
  void oneNewTaskOfAKnownShortFunctionStartsAtOnceWhenASlotIsFree() {
    WorkerState w = worker(2);
    handle(w, compute(task("t0", "inc"), 0));
    handle(w, ran("t0", 0));
    List<Instruction> out = handle(w, compute(spec("a"), 1));
    assertEquals(List.of("a"), startedKeys(out), "a free slot is always taken directly");
  }

  @Test
  void runsThatEndedTogetherAreOneStimulusAndReportedUnderItsId() {
    WorkerState w = worker(1);
    firstRunTook(w, 6, 1);
    List<Instruction> out = w.handleAll(List.of(ran("t1", 0), ran("t2", 0), ran("t3", 0)), 1_000);
    List<TaskFinished> finished = out.stream().filter(i -> i instanceof SendToScheduler s && s.message() instanceof TaskFinished)
        .map(i -> (TaskFinished) ((SendToScheduler) i).message()).toList();
    assertEquals(List.of("t1", "t2", "t3"), finished.stream().map(TaskFinished::key).toList(), "in the order they ended");
    String id = finished.get(0).stimulusId();
    assertTrue(id.matches(W + ":ExecuteSucceeded-\\d+"), id);
    assertTrue(finished.stream().allMatch(f -> f.stimulusId().equals(id)), "one stimulus");
    for (String key : List.of("t1", "t2", "t3")) {
      assertEquals(MEMORY, w.status(key));
      assertTrue(w.story(key).stream().anyMatch(r -> r.to() == MEMORY && r.stimulus().equals(id)), key + " moved under " + id);
    }
    assertEquals(List.of(), w.handleAll(List.of(), 1_001), "nothing arrived: nothing to do");
  }
}

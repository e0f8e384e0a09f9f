package dev.weft.scheduler.state;

import static dev.weft.scheduler.state.Specs.NODE;
import static dev.weft.scheduler.state.Specs.finished;
import static dev.weft.scheduler.state.Specs.graph;
import static dev.weft.scheduler.state.Specs.hello;
import static dev.weft.scheduler.state.Specs.onWorkers;
import static dev.weft.scheduler.state.Specs.submit;
import static dev.weft.scheduler.state.Specs.task;
import static dev.weft.scheduler.state.Specs.worker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.protocol.ComputeTask;
import dev.weft.protocol.LongRunning;
import dev.weft.protocol.StealRequest;
import dev.weft.protocol.StealResponse;
import dev.weft.protocol.TaskSpec;
import dev.weft.protocol.ToScheduler;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Work stealing as dask's: tasks piled on the worker that holds their input move to an idle worker
 * when the victim confirms it has not started them; never a started, seceded or restricted one.
 */
class StealingTest {

  private static final String C = "c1";

  private SchedulerState state;
  private long now;

  @BeforeEach
  void newState() {
    state = new SchedulerState(SchedulerConfig.defaults().withValidate(true));
    now = 0;
    handle(hello(C));
    handle(worker("w1", 1));
    handle(worker("w2", 1));
    handle(submit(C, task("x")));
    handle(finished(state.processingOn("x"), "x"));
  }

  @AfterEach
  void validate() {
    state.validate();
  }

  @Test
  void tasksPiledOnTheHolderOfTheirInputMoveToAnIdleWorkerOnceTheVictimGivesThemUp() {
    String holder = state.whoHas(List.of("x")).get("x").get(0);
    String idle = holder.equals("w1") ? "w2" : "w1";
    List<TaskSpec> tasks = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      tasks.add(task("t" + i, "x"));
    }
    handle(graph(C, tasks, "t0", "t1", "t2", "t3", "t4", "t5"));
    for (int i = 0; i < 6; i++) {
      assertEquals(holder, state.processingOn("t" + i), "placement keeps every task next to its input");
    }

    List<Effect> round = tick(100);
    assertEquals(List.of(request(holder, "t5"), request(holder, "t4"), request(holder, "t3")), round,
        "lowest priority first, until the queues are even: 6 tasks on one 1-thread worker become 3 and 3");
    assertEquals(List.of(), tick(150), "no new round within the interval");
    assertEquals(List.of(), tick(200), "pending requests count: already even");

    List<Effect> moved = handle(new StealResponse(holder, "t5", true, "ready"));
    assertEquals(1, moved.size());
    assertTrue(moved.get(0) instanceof SendToWorker s && s.workerId().equals(idle) && s.message() instanceof ComputeTask c
        && c.spec().key().equals("t5"), moved.toString());
    assertEquals(idle, state.processingOn("t5"));
    assertTrue(state.story("t5").stream().anyMatch(r -> r.stimulus().startsWith("steal " + holder + "->" + idle + " StealResponse-")), state.story("t5").toString());

    assertEquals(List.of(), handle(new StealResponse(holder, "t4", false, "executing")), "a started task stays");
    assertEquals(holder, state.processingOn("t4"));
    assertEquals(1, state.steals());
  }

  @Test
  void seceededAndRestrictedTasksAreNeverStolen() {
    String holder = state.whoHas(List.of("x")).get("x").get(0);
    handle(graph(C, List.of(task("long", "x"), task("pinned", onWorkers(false, holder), "x"),
        task("pinned2", onWorkers(false, holder), "x")), "long", "pinned", "pinned2"));
    handle(new LongRunning(holder, "long"));
    assertEquals(List.of(), tick(100), "two tasks wait on " + holder + ", but one is seceded and the others may not leave it");
    handle(graph(C, List.of(task("more", "x")), "more"));
    assertEquals(List.of(request(holder, "more")), tick(200), "only the unrestricted, unstarted task is offered");
  }

  @Test
  void withStealingOffNothingMoves() {
    state = new SchedulerState(SchedulerConfig.defaults().withValidate(true).withStealIntervalMillis(0));
    handle(hello(C));
    handle(worker("w1", 1));
    handle(worker("w2", 1));
    handle(submit(C, task("x")));
    handle(finished(state.processingOn("x"), "x"));
    List<TaskSpec> tasks = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      tasks.add(task("t" + i, "x"));
    }
    handle(graph(C, tasks, "t0", "t1", "t2", "t3", "t4", "t5"));
    assertEquals(List.of(), tick(100));
    assertEquals(List.of(), tick(1000));
  }

  private static SendToWorker request(String worker, String key) {
    return new SendToWorker(worker, new StealRequest(key));
  }

  private List<Effect> tick(long millis) {
    now = millis;
    return state.tick(now);
  }

  private List<Effect> handle(ToScheduler message) {
    return state.handle(message, NODE, now);
  }
}

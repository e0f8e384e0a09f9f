package dev.weft.scheduler.state;

import static dev.weft.scheduler.state.Specs.NODE;
import static dev.weft.scheduler.state.Specs.acquire;
import static dev.weft.scheduler.state.Specs.addKeys;
import static dev.weft.scheduler.state.Specs.finished;
import static dev.weft.scheduler.state.Specs.graph;
import static dev.weft.scheduler.state.Specs.steal;
import static dev.weft.scheduler.state.Specs.submit;
import static dev.weft.scheduler.state.Specs.task;
import static dev.weft.scheduler.state.TaskStatus.MEMORY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.protocol.Retired;
import dev.weft.protocol.RetireWorkers;
import dev.weft.protocol.StealResponse;
import dev.weft.protocol.WorkerGoodbye;
import dev.weft.protocol.WorkerLost;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Graceful retirement, as dask's {@code retire_workers}: a retiring worker is sent nothing new, its
 * unstarted tasks move away, values only it holds are copied to a running worker first, and the
 * request is answered once it is empty; its goodbye then loses nothing. With nowhere to move its
 * values it is refused and runs again. Every test asserts the exact messages sent back.
 */
class RetirementTest extends SchedulerScenario {

  private WorkerView view(String id) {
    return state.workerViews().stream().filter(w -> w.id().equals(id)).findFirst().orElseThrow();
  }

  private static Answer retired(long requestId, String... workers) {
    return new Answer(requestId, new Retired(List.of(workers)));
  }

  /** {@code key} computed on w1, the only worker then; w2 joins after. */
  private void computedOnW1ThenW2Joins(String key) {
    workers("w1");
    handle(submit(C, task(key)));
    handle(finished("w1", key));
    workers("w2");
  }

  @Test
  void aValueOnlyTheRetiringWorkerHoldsIsCopiedFirstThenTheWorkerIsRetiredAndItsGoodbyeLosesNothing() {
    computedOnW1ThenW2Joins("x");

    assertEquals(List.of(acquire("w2", Map.of("x", List.of("w1")))), retire(7, "w1"));
    assertEquals(WorkerView.CLOSING_GRACEFULLY, view("w1").status());
    assertEquals(List.of(), tick(100), "not answered before the copy is announced");

    assertEquals(List.of(), handle(addKeys("w2", "x", 8)));
    assertEquals(List.of(retired(7, "w1")), tick(200));

    assertEquals(List.of(), handle(new WorkerGoodbye("w1")), "no key lost, nothing to recompute");
    assertEquals(MEMORY, state.status("x"));
    assertEquals(Map.of("x", List.of("w2")), state.whoHas(List.of("x")));
  }

  @Test
  void unstartedTasksMoveAwayNewTasksGoElsewhereAndRunningOnesFinishFirst() {
    computedOnW1ThenW2Joins("x");
    handle(graph(C, List.of(task("t0", "x"), task("t1", "x")), "t0", "t1"));
    assertEquals("w1", state.processingOn("t0"));
    assertEquals("w1", state.processingOn("t1"));

    assertEquals(List.of(steal("w1", "t0"), steal("w1", "t1"), acquire("w2", Map.of("x", List.of("w1")))),
        retire(3, "w1"));
    handle(new StealResponse("w1", "t0", true, "ready"));
    assertEquals("w2", state.processingOn("t0"));
    handle(new StealResponse("w1", "t1", false, "executing"));
    assertEquals("w1", state.processingOn("t1"));

    handle(submit(C, task("y")));
    assertEquals("w2", state.processingOn("y"), "nothing new for a retiring worker");

    handle(addKeys("w2", "x", 8));
    assertEquals(List.of(), tick(100), "t1 still runs on w1");
    handle(finished("w1", "t1"));
    assertEquals(List.of(acquire("w2", Map.of("t1", List.of("w1")))), tick(200), "its result is copied too");
    handle(addKeys("w2", "t1", 8));
    assertEquals(List.of(retired(3, "w1")), tick(300));
  }

  @Test
  void retiringEveryWorkerRetiresOnlyThoseWithNothingToMove() {
    computedOnW1ThenW2Joins("x");

    assertEquals(List.of(retired(5, "w2")), retire(5, "w1", "w2"), "w1 holds the only copy of x");
    assertEquals(WorkerView.RUNNING, view("w1").status());
    handle(submit(C, task("y")));
    assertEquals("w1", state.processingOn("y"), "the refused worker runs again");
  }

  @Test
  void unknownWorkersAreIgnored() {
    workers("w1");
    assertEquals(List.of(retired(1)), retire(1, "nobody"));
    assertEquals(WorkerView.RUNNING, view("w1").status());
  }

  @Test
  void aCopyNotAnnouncedIsAskedForAgainAndOfAnotherWorkerWhenItsTargetLeaves() {
    computedOnW1ThenW2Joins("x");
    workers("w3");
    assertEquals(List.of(acquire("w2", Map.of("x", List.of("w1")))), retire(2, "w1"));
    assertEquals(List.of(), tick(Retirement.REASK_MILLIS - 1));
    assertEquals(List.of(acquire("w2", Map.of("x", List.of("w1")))), tick(Retirement.REASK_MILLIS));

    handle(new WorkerGoodbye("w2"));
    assertEquals(List.of(acquire("w3", Map.of("x", List.of("w1")))), tick(Retirement.REASK_MILLIS + 100));
    handle(addKeys("w3", "x", 8));
    assertEquals(List.of(retired(2, "w1")), tick(Retirement.REASK_MILLIS + 200));
  }

  @Test
  void aRetiringWorkerThatDiesIsNotCountedRetired() {
    computedOnW1ThenW2Joins("x");
    retire(4, "w1");
    workerLost(new WorkerLost("w1", "was killed by SIGKILL (exit code 137)"), 50);
    assertEquals(List.of(retired(4)), tick(100));
  }

  @Test
  void retirementIsRefusedOverTheBus() {
    workers("w1");
    RejectedMessageException e = assertThrows(RejectedMessageException.class,
        () -> state.handle(new RetireWorkers(List.of("w1")), NODE, 1));
    assertEquals("scheduler-only", e.kind());
    assertTrue(e.getMessage().contains("scheduler's own JVM"), e.getMessage());
    assertEquals(WorkerView.RUNNING, view("w1").status());
  }
}

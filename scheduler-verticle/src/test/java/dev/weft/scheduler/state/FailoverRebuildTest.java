package dev.weft.scheduler.state;

import static dev.weft.scheduler.state.Specs.NODE;
import static dev.weft.scheduler.state.Specs.finished;
import static dev.weft.scheduler.state.Specs.free;
import static dev.weft.scheduler.state.Specs.graph;
import static dev.weft.scheduler.state.Specs.task;
import static dev.weft.scheduler.state.TaskStatus.FORGOTTEN;
import static dev.weft.scheduler.state.TaskStatus.MEMORY;
import static dev.weft.scheduler.state.TaskStatus.PROCESSING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.protocol.ComputeTask;
import dev.weft.protocol.KeyInMemory;
import dev.weft.protocol.RegisterWorker;
import dev.weft.protocol.TaskSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A scheduler that took over after a failover rebuilds its state from the cluster ({@link Rebuild}):
 * values the workers kept become memory again instead of being computed, clients' graphs wait until
 * the workers are back, values nobody claims are freed in the end; a scheduler that never took over
 * frees what workers report holding.
 */
class FailoverRebuildTest extends SchedulerScenario {

  private static RegisterWorker holding(String id, Map<String, Long> held) {
    return new RegisterWorker(id, 1, 0, Map.of(), NODE, held);
  }

  @Test
  void aResentGraphTakesTheKeptValuesAsMemoryAndComputesOnlyTheRest() {
    assertEquals(List.of(), Specs.withoutStimulusIds(state.tookOver("old-node", List.of(NODE), now)));
    assertEquals(1, state.failovers());
    TaskSpec a = task("a");
    TaskSpec b = task("b", "a");
    TaskSpec c = task("c", "b");
    assertEquals(List.of(), at(10, graph(C, List.of(a, b, c), "b", "c")), "parked until the worker node is back");
    assertEquals(FORGOTTEN, state.status("c"));

    assertEquals(List.of(), at(20, holding("w1", Map.of("a", 8L, "b", 8L))));
    assertEquals(2, state.unclaimedValues());
    List<Effect> fx = tick(30);

    assertEquals(MEMORY, state.status("b"), "kept by w1: not computed again");
    assertEquals(PROCESSING, state.status("c"));
    assertEquals("w1", state.processingOn("c"));
    assertTrue(fx.contains(free("w1", "a")), "a is needed by nothing left to run: let go " + fx);
    assertTrue(fx.contains(new SendToClient(C, new KeyInMemory("b", null, List.of("w1"), null))), fx.toString());
    assertEquals(1, fx.stream().filter(e -> e instanceof SendToWorker w && w.message() instanceof ComputeTask).count(),
        "only c is computed: " + fx);
    assertEquals(0, state.unclaimedValues());

    assertEquals(List.of(Specs.inMemory(C, "c", List.of("w1"), null)), at(40, finished("w1", "c")));
  }

  @Test
  void aResultFinishedWhileNoSchedulerWasThereIsKeptAndAValueNobodyClaimsIsFreedInTheEnd() {
    state.tookOver("old-node", List.of(NODE), now);
    assertEquals(List.of(), at(10, holding("w1", Map.of())));
    assertEquals(List.of(), at(20, finished("w1", "late")), "a run that ended after the failover is kept");
    assertEquals(List.of(), at(30, holding("w2", Map.of("orphan", 4L))));
    assertEquals(2, state.unclaimedValues());

    at(40, graph(C, List.of(task("late")), "late"));
    tick(50);
    assertEquals(MEMORY, state.status("late"));
    assertEquals(List.of(), tick(Rebuild.KEEP_MILLIS - 1));
    assertEquals(List.of(free("w2", "orphan")), tick(Rebuild.KEEP_MILLIS));
    assertEquals(0, state.unclaimedValues());
  }

  @Test
  void graphsWaitForTheWorkerNodesAtMostTheSettleTime() {
    state.tookOver("old-node", List.of("worker-node-that-never-comes"), now);
    workers("w1");
    assertEquals(List.of(), at(10, graph(C, List.of(task("x")), "x")));
    assertEquals(List.of(), tick(Rebuild.SETTLE_MILLIS - 1));
    assertEquals(FORGOTTEN, state.status("x"));
    assertFalse(tick(Rebuild.SETTLE_MILLIS).isEmpty(), "handled once the settle time is over");
    assertEquals(PROCESSING, state.status("x"));
  }

  @Test
  void aSchedulerThatNeverTookOverFreesWhatARegisteringWorkerHolds() {
    assertEquals(List.of(free("w1", "stale")), handle(holding("w1", Map.of("stale", 8L))));
    assertEquals(0, state.failovers());
    assertEquals(FORGOTTEN, state.status("stale"));
  }
}

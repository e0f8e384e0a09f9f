package dev.weft.scheduler.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.protocol.state.EdgeCoverage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every edge of the scheduler's transition table is taken by some scenario test. */
class EveryTransitionTakenTest {

  @Test
  void everyDeclaredTransitionIsTakenByTheScenarios() {
    List<String> untaken = EdgeCoverage.untaken(new SchedulerState(SchedulerConfig.defaults()).declaredTransitions(),
        TaskFlowTest.class, QueuingAndRestrictionsTest.class, ClientWantsTest.class, WorkerLossTest.class,
        ScatterTest.class, PausedWorkersTest.class, TaskTooLargeTest.class);
    assertEquals(List.of(), untaken, "declared transitions never taken by any scenario");
  }
}

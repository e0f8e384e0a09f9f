package dev.weft.worker.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.protocol.state.EdgeCoverage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every declared worker transition is taken by some worker state scenario (the subclasses of {@link WorkerStateTestBase}). */
class EveryEdgeTakenTest {

  @Test
  void everyDeclaredTransitionIsTakenBySomeTest() {
    List<String> untaken = EdgeCoverage.untaken(WorkerStateTestBase.newWorker(1, Map.of()).declaredTransitions(),
        RunningTest.class, ResourcesAndSecedeTest.class, FetchingTest.class, FreeKeysTest.class, RacesTest.class,
        CancelledResumedTest.class, StoryTest.class);
    assertEquals(List.of(), untaken, "declared worker transitions never taken by any scenario");
  }
}

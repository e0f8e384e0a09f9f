package dev.weft.protocol.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The every-declared-edge-is-taken check over several classes finds what no scenario took, and needs them green. */
class EdgeCoverageTest {

  /** A scenario that takes A->B. */
  static class TakesAb {
    @Test
    void takes() {
      EdgeCoverage.record(Map.of("A->B", 1L, "B->C", 0L));
    }
  }

  /** A scenario that takes B->C. */
  static class TakesBc {
    @Test
    void takes() {
      EdgeCoverage.record(Map.of("B->C", 2L));
    }
  }

  /** A scenario that fails. */
  static class Fails {
    @Test
    void fails() {
      throw new AssertionError("broken scenario");
    }
  }

  @Test
  void listsTheEdgesNoScenarioTook() {
    assertEquals(List.of("C->A"), EdgeCoverage.untaken(List.of("A->B", "B->C", "C->A"), TakesAb.class, TakesBc.class));
    assertEquals(List.of("B->C", "C->A"), EdgeCoverage.untaken(List.of("A->B", "B->C", "C->A"), TakesAb.class),
        "counts from an earlier run do not carry over");
  }

  @Test
  void refusesToJudgeWhenAScenarioFails() {
    AssertionError e = assertThrows(AssertionError.class, () -> EdgeCoverage.untaken(List.of("A->B"), TakesAb.class, Fails.class));
    assertTrue(e.getMessage().contains("broken scenario"), e.getMessage());
  }
}

package dev.weft.scheduler.state;

import static dev.weft.scheduler.state.Specs.NODE;
import static dev.weft.scheduler.state.Specs.hello;
import static dev.weft.scheduler.state.Specs.worker;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.protocol.RetireWorkers;
import dev.weft.protocol.ToScheduler;
import dev.weft.protocol.WorkerLost;
import dev.weft.protocol.state.EdgeCoverage;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Harness of the scheduler scenario tests: a fresh validating {@link SchedulerState} with three
 * connected clients per test, messages handled at explicit times, the whole state validated after
 * each test and the edges it took recorded for {@link EveryTransitionTakenTest}.
 */
abstract class SchedulerScenario {

  static final String C = "c1";
  static final String C2 = "c2";
  static final String C3 = "c3";

  /** The state under test; new for each test. */
  SchedulerState state;
  /** Time passed with the next stimulus. */
  long now;

  @BeforeEach
  void newState() {
    state = new SchedulerState(SchedulerConfig.defaults().withValidate(true));
    now = 0;
    for (String client : List.of(C, C2, C3)) {
      assertEquals(List.of(), handle(hello(client)));
    }
  }

  @AfterEach
  void validateAndCount() {
    EdgeCoverage.record(state.transitionCounts());
    state.validate();
  }

  /** Handles {@code message} now; the effects come back without stimulus ids (see {@link Specs#withoutStimulusIds}). */
  List<Effect> handle(ToScheduler message) {
    return Specs.withoutStimulusIds(state.handle(message, NODE, now));
  }

  List<Effect> at(long millis, ToScheduler message) {
    now = millis;
    return handle(message);
  }

  /** A nanny reports {@code m} at {@code millis}; effects as in {@link #handle}. */
  List<Effect> workerLost(WorkerLost m, long millis) {
    return Specs.withoutStimulusIds(state.workerLost(m, millis));
  }

  /** The cluster in the scheduler's JVM asks to retire {@code workers}, as request {@code requestId}; effects as in {@link #handle}. */
  List<Effect> retire(long requestId, String... workers) {
    return Specs.withoutStimulusIds(state.retire(new RetireWorkers(List.of(workers)), requestId, now));
  }

  /** The clock ticks at {@code millis}; effects as in {@link #handle}. */
  List<Effect> tick(long millis) {
    return Specs.withoutStimulusIds(state.tick(millis));
  }

  void workers(String... ids) {
    for (String id : ids) {
      assertEquals(List.of(), handle(worker(id, 1)));
    }
  }
}

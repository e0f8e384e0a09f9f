package dev.weft.worker.state;

import static dev.weft.worker.state.WorkerSpecs.START;
import static dev.weft.worker.state.WorkerSpecs.STOP;
import static dev.weft.worker.state.WorkerSpecs.W;
import static dev.weft.worker.state.WorkerSpecs.compute;
import static dev.weft.worker.state.WorkerSpecs.computeId;
import static dev.weft.worker.state.WorkerSpecs.execute;
import static dev.weft.worker.state.WorkerSpecs.failed;
import static dev.weft.worker.state.WorkerSpecs.free;
import static dev.weft.worker.state.WorkerSpecs.spec;
import static dev.weft.worker.state.WorkerSpecs.store;
import static dev.weft.worker.state.WorkerSpecs.succeeded;
import static dev.weft.worker.state.WorkerSpecs.valueOf;
import static dev.weft.worker.state.WorkerTaskStatus.CANCELLED;
import static dev.weft.worker.state.WorkerTaskStatus.ERROR;
import static dev.weft.worker.state.WorkerTaskStatus.EXECUTING;
import static dev.weft.worker.state.WorkerTaskStatus.MEMORY;
import static dev.weft.worker.state.WorkerTaskStatus.READY;
import static dev.weft.worker.state.WorkerTaskStatus.RELEASED;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.protocol.Payload;
import dev.weft.protocol.TaskErred;
import dev.weft.protocol.TaskFinished;
import dev.weft.protocol.state.TransitionRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Stimulus ids and the worker's story: moves are logged under the scheduler's id for its
 * instructions and under {@code <workerId>:<Stimulus>-<seq>} for the worker's own stimuli, which
 * the reports they cause carry. Stimuli are fed directly here, to see the exact ids.
 */
class StoryTest extends WorkerStateTestBase {

  private static TransitionRecord<WorkerTaskStatus> move(
      String key, WorkerTaskStatus from, WorkerTaskStatus to, String stimulus, long millis) {
    return new TransitionRecord<>(key, from, to, stimulus, millis);
  }

  @Test
  void theStoryCarriesTheComputeTaskIdAndTaskFinishedTheWorkersStimulusId() {
    WorkerState w = worker(1);
    assertEquals(List.of(execute(spec("a"))), w.handle(compute(spec("a"), 1), T0));
    assertEquals(
        List.of(new SendToScheduler(new TaskFinished(W, "a", WorkerSpecs.SIZE_OF, String.class.getName(), START, STOP,
            Payload.of(valueOf("a")), W + ":ExecuteSucceeded-1"))),
        w.handle(succeeded("a"), T0 + 5));
    w.handle(free("a"), T0 + 9);
    assertEquals(List.of(
        move("a", RELEASED, READY, computeId("a"), T0),
        move("a", READY, EXECUTING, computeId("a"), T0),
        move("a", EXECUTING, MEMORY, W + ":ExecuteSucceeded-1", T0 + 5),
        move("a", MEMORY, RELEASED, "ReleaseKeys-a", T0 + 9)), w.story("a"));
    assertEquals(W + " EXECUTING->MEMORY " + W + ":ExecuteSucceeded-1 @" + (T0 + 5), w.storyLines("a").get(2),
        "the line the scheduler merges into the cluster's story");
    assertEquals(List.of(), w.story("unknown"));
  }

  @Test
  void taskErredCarriesTheWorkersStimulusIdAndOtherMessagesAreNumbered() {
    WorkerState w = worker(1);
    w.handle(store("x", 1), T0);
    w.handle(compute(spec("a"), 1), T0 + 1);
    assertEquals(List.of(new SendToScheduler(new TaskErred(W, "a", WorkerSpecs.ERROR, START, STOP, W + ":ExecuteFailed-2"))),
        w.handle(failed("a"), T0 + 2));
    assertEquals(List.of(move("x", RELEASED, MEMORY, "StoreData-1", T0)), w.story("x"));
    assertEquals(move("a", EXECUTING, ERROR, W + ":ExecuteFailed-2", T0 + 2), w.story("a").get(2));
  }

  @Test
  void theEndOfACancelledRunIsLoggedUnderItsOwnStimulus() {
    WorkerState w = worker(1);
    w.handle(compute(spec("a"), 1), T0);
    w.handle(free("a"), T0 + 1);
    w.handle(new Seceded("a"), T0 + 2);
    w.handle(succeeded("a"), T0 + 3);
    assertEquals(List.of(
        move("a", EXECUTING, CANCELLED, "ReleaseKeys-a", T0 + 1),
        move("a", CANCELLED, RELEASED, W + ":ExecuteSucceeded-2", T0 + 3)), w.story("a").subList(2, 4));
  }
}

package dev.weft.scheduler.state;

import static dev.weft.scheduler.state.Specs.NODE;
import static dev.weft.scheduler.state.Specs.finished;
import static dev.weft.scheduler.state.Specs.hello;
import static dev.weft.scheduler.state.Specs.submit;
import static dev.weft.scheduler.state.Specs.task;
import static dev.weft.scheduler.state.Specs.worker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.protocol.ClientHello;
import dev.weft.protocol.Heartbeat;
import dev.weft.protocol.WorkerMemory;
import dev.weft.protocol.KeyCancelled;
import dev.weft.protocol.RegisterWorker;
import dev.weft.protocol.ToScheduler;
import dev.weft.protocol.UpdateGraph;
import dev.weft.protocol.UploadJar;
import dev.weft.protocol.WorkerLost;
import dev.weft.protocol.WorkerStatusChange;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Who may send what, and what a node leaving or a silent client does to the state. */
class AdmissionTest {

  private static final String OTHER = "node-2";

  private SchedulerState state;

  @BeforeEach
  void newState() {
    state = new SchedulerState(SchedulerConfig.defaults().withValidate(true).withClientTtlMillis(10_000));
    state.handle(worker("w1", 1), NODE, 0);
    state.handle(hello("c1"), NODE, 0);
  }

  @AfterEach
  void validate() {
    state.validate();
  }

  private String refusal(ToScheduler m, String sender) {
    int tasks = state.taskCount();
    List<String> workers = state.workerIds();
    String kind = assertThrows(RejectedMessageException.class, () -> state.handle(m, sender, 1)).kind();
    assertEquals(tasks, state.taskCount(), "a refused message changes nothing");
    assertEquals(workers, state.workerIds(), "a refused message changes nothing");
    return kind;
  }

  @Test
  void aSecondWorkerWithATakenNameFromAnotherNodeIsRefused() {
    assertEquals("name-taken", refusal(new RegisterWorker("w1", 2, 0, Map.of(), OTHER), OTHER));
    assertEquals(List.of(), state.handle(worker("w1", 4), NODE, 2), "the same node may register it again");
  }

  @Test
  void workerLostIsNeverAcceptedFromTheBus() {
    assertEquals("scheduler-only", refusal(new WorkerLost("w1", "forged"), NODE));
    assertEquals(List.of("w1"), state.workerIds());
  }

  @Test
  void messagesOfUnknownOrForeignSendersAreRefused() {
    assertEquals("unknown-worker", refusal(new Heartbeat("ghost", 0, WorkerMemory.managed(0), 0, 0, 0, 0), NODE));
    assertEquals("wrong-node", refusal(new Heartbeat("w1", 0, WorkerMemory.managed(0), 0, 0, 0, 0), OTHER));
    assertEquals("unknown-client", refusal(submit("stranger", task("t")), NODE));
    assertEquals("wrong-node", refusal(submit("c1", task("t")), OTHER));
    assertEquals("wrong-node", refusal(new ClientHello("c2", NODE), OTHER));
    assertEquals("name-taken", refusal(new ClientHello("c1", OTHER), OTHER));
    assertEquals("wrong-node", refusal(worker("w2", 1), OTHER));
    assertEquals("unknown-client", refusal(new UploadJar("x.jar", Specs.ARGS), OTHER));
  }

  @Test
  void aWorkersStatusChangeIsAcceptedOnlyFromItsNode() {
    assertEquals("unknown-worker", refusal(new WorkerStatusChange("ghost", true, "memory"), NODE));
    assertEquals("wrong-node", refusal(new WorkerStatusChange("w1", true, "memory"), OTHER));
    assertEquals("wrong-node", refusal(new Heartbeat("w1", 0, new WorkerMemory(0, 0, 0, 0, 0, 0, true, "memory"), 0, 0, 0, 0), OTHER));
    assertEquals("running", state.workerViews().get(0).status(), "a refused pause changes nothing");

    state.handle(new WorkerStatusChange("w1", true, "memory"), NODE, 2);
    assertEquals("paused", state.workerViews().get(0).status());
  }

  @Test
  void fireAndForgetOnlyMarksKeysAndOnlyFromANodeWithAClient() {
    UpdateGraph mark = new UpdateGraph(UpdateGraph.FIRE_AND_FORGET, List.of(), List.of("t"));
    assertEquals("unknown-client", refusal(mark, OTHER));
    assertEquals("unknown-client", refusal(new UpdateGraph(UpdateGraph.FIRE_AND_FORGET, List.of(task("t")), List.of("t")), NODE));
    state.handle(submit("c1", task("t")), NODE, 1);
    state.handle(mark, NODE, 2);
    state.handle(Specs.release("c1", "t"), NODE, 3);
    assertEquals(TaskStatus.PROCESSING, state.status("t"), "kept running for fire-and-forget");
  }

  @Test
  void aNodeLeavingRemovesItsWorkersAndItsClients() {
    state.handle(new RegisterWorker("w2", 1, 0, Map.of(), OTHER), OTHER, 1);
    state.handle(new ClientHello("c2", OTHER), OTHER, 1);
    state.handle(submit("c2", task("t")), OTHER, 2);
    state.handle(submit("c1", task("u")), NODE, 2);
    state.nodeLeft(OTHER, 3);
    assertEquals(List.of("w1"), state.workerIds());
    assertEquals(TaskStatus.FORGOTTEN, state.status("t"), "the departed client's wants are released");
    assertEquals(TaskStatus.PROCESSING, state.status("u"), "moved to the remaining worker if it was on w2");
    assertEquals("unknown-client", refusal(submit("c2", task("v")), OTHER));
  }

  @Test
  void aSilentClientIsRemovedAfterItsTtlAndItsKeysReleased() {
    state.handle(submit("c1", task("t")), NODE, 1);
    state.handle(finished("w1", "t"), NODE, 2);
    assertEquals(TaskStatus.MEMORY, state.status("t"));
    assertEquals(List.of(), state.tick(10_000));
    assertTrue(Specs.withoutStimulusIds(state.tick(10_001)).contains(Specs.free("w1", "t")), "the worker is told to drop the data");
    assertEquals(TaskStatus.FORGOTTEN, state.status("t"));
  }

  @Test
  void scatteredDataWhoseOnlyHolderLeavesIsCancelledAsLostScatteredTasks() {
    state.handle(Specs.scatter("c1", false, "x", Specs.ARGS), NODE, 1);
    state.handle(Specs.addKeys("w1", "x", 8), NODE, 2);
    assertEquals(List.of(Specs.cancelled("c1", "x", KeyCancelled.LOST_SCATTERED_TASKS)), state.nodeLeft(NODE, 3)
        .stream().filter(e -> e instanceof SendToClient).toList());
    assertEquals(TaskStatus.FORGOTTEN, state.status("x"));
  }
}

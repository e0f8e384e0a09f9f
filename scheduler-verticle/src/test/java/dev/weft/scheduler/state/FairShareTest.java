package dev.weft.scheduler.state;

import static dev.weft.scheduler.state.Specs.finished;
import static dev.weft.scheduler.state.Specs.graph;
import static dev.weft.scheduler.state.Specs.hello;
import static dev.weft.scheduler.state.Specs.priority;
import static dev.weft.scheduler.state.Specs.task;
import static dev.weft.scheduler.state.Specs.worker;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.protocol.ClientHello;
import dev.weft.protocol.ComputeTask;
import dev.weft.protocol.TaskOptions;
import dev.weft.protocol.TaskSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fair share of queued root tasks between clients ({@link QueuedTasks}): a client that submits
 * later gets every other free slot instead of waiting behind an earlier client's whole queue, in
 * proportion to its share; priorities order tasks within a client; off, dask's global order.
 */
class FairShareTest extends SchedulerScenario {

  @Test
  void aLaterClientGetsEveryOtherSlotAtOnce() {
    handle(worker("w1", 1));
    submit(C, "a", 40, TaskOptions.DEFAULT);
    assertEquals(List.of("a2", "a3", "a4", "a5"), finishInTurn(List.of("a0", "a1", "a2", "a3")),
        "alone, a client takes every slot");

    submit(C2, "b", 5, TaskOptions.DEFAULT);
    assertEquals(List.of("b0", "a6", "b1", "a7", "b2", "a8", "b3", "a9", "b4", "a10", "a11"),
        finishInTurn(List.of("a4", "a5", "b0", "a6", "b1", "a7", "b2", "a8", "b3", "a9", "b4")),
        "the later client alternates with the earlier one from its first slot; it banked nothing while idle");
  }

  @Test
  void sharesWeighTheSlots() {
    handle(new ClientHello(C2, Specs.NODE, 2.0));
    handle(worker("w1", 1));
    submit(C, "a", 40, TaskOptions.DEFAULT);
    submit(C2, "b", 40, TaskOptions.DEFAULT);
    List<String> next = finishInTurn(List.of("a0", "a1", "a2", "b0", "b1", "a3", "b2"));
    assertEquals(List.of("a2", "b0", "b1", "a3", "b2", "b3", "a4"), next,
        "two of C2's for each of C's (the first two of C went to the free slots before anything queued)");
  }

  @Test
  void prioritiesStillOrderTasksWithinAClient() {
    handle(worker("w1", 1));
    submit(C, "a", 40, TaskOptions.DEFAULT);
    List<TaskSpec> tasks = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      tasks.add(task("b" + i, i == 3 ? priority(10) : TaskOptions.DEFAULT));
    }
    handle(graph(C2, tasks, "b0", "b1", "b2", "b3"));
    assertEquals(List.of("a2", "b3", "a3", "b0"), finishInTurn(List.of("a0", "a1", "a2", "b3")),
        "C2's most important task first, though submitted last");
  }

  @Test
  void offTheEarlierClientsQueueGoesFirstAsInDask() {
    state = new SchedulerState(SchedulerConfig.defaults().withValidate(true).withFairShare(false));
    handle(hello(C));
    handle(hello(C2));
    handle(worker("w1", 1));
    submit(C, "a", 6, TaskOptions.DEFAULT);
    submit(C2, "b", 3, TaskOptions.DEFAULT);
    assertEquals(List.of("a2", "a3", "a4", "a5", "b0", "b1", "b2"),
        finishInTurn(List.of("a0", "a1", "a2", "a3", "a4", "a5", "b0")));
  }

  @Test
  void aClientLeavingTakesItsLaneAlong() {
    handle(worker("w1", 1));
    submit(C, "a", 10, TaskOptions.DEFAULT);
    submit(C2, "b", 10, TaskOptions.DEFAULT);
    handle(new dev.weft.protocol.ClientGoodbye(C2));
    assertEquals(List.of("a2", "a3", "a4"), finishInTurn(List.of("a0", "a1", "a2")));
  }

  /** {@code client} submits {@code n} root tasks {@code prefix0…}, all wanted. */
  private void submit(String client, String prefix, int n, TaskOptions options) {
    List<TaskSpec> tasks = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      tasks.add(task(prefix + i, options));
      keys.add(prefix + i);
    }
    handle(graph(client, tasks, keys.toArray(String[]::new)));
  }

  /** Finishes {@code keys} one at a time on w1; the key each freed slot was given next, in order. */
  private List<String> finishInTurn(List<String> keys) {
    List<String> next = new ArrayList<>();
    for (String key : keys) {
      for (Effect e : handle(finished("w1", key))) {
        if (e instanceof SendToWorker s && s.message() instanceof ComputeTask c) {
          next.add(c.spec().key());
        }
      }
    }
    return next;
  }
}

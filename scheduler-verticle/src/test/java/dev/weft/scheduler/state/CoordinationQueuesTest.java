package dev.weft.scheduler.state;

import static dev.weft.scheduler.state.Specs.finished;
import static dev.weft.scheduler.state.Specs.free;
import static dev.weft.scheduler.state.Specs.graph;
import static dev.weft.scheduler.state.Specs.inMemory;
import static dev.weft.scheduler.state.Specs.release;
import static dev.weft.scheduler.state.Specs.submit;
import static dev.weft.scheduler.state.Specs.task;
import static dev.weft.scheduler.state.TaskStatus.FORGOTTEN;
import static dev.weft.scheduler.state.TaskStatus.MEMORY;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.protocol.ClientGoodbye;
import dev.weft.protocol.QueueRequest;
import dev.weft.protocol.QueueRequest.Op;
import dev.weft.protocol.SharedValue;
import dev.weft.protocol.Taken;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Queues in the pure state, with dask's semantics: first in first out, gets wait for items and
 * puts for room, timeouts answered on the tick, and a future in a queue keeps its task until it is
 * taken, then for its taker until the taker holds it (or goes).
 */
class CoordinationQueuesTest extends CoordinationScenario {

  private static QueueRequest put(String client, String queue, int maxsize, SharedValue item, long timeout) {
    return new QueueRequest(client, Op.PUT, queue, maxsize, item, 0, timeout);
  }

  private static QueueRequest get(String client, String queue, int count, long timeout) {
    return new QueueRequest(client, Op.GET, queue, 0, null, count, timeout);
  }

  private static QueueRequest size(String client, String queue) {
    return new QueueRequest(client, Op.QSIZE, queue, 0, null, 0, 0);
  }

  @Test
  void itemsComeOutInTheOrderTheyWentIn() {
    for (int i = 1; i <= 3; i++) {
      assertEquals(List.of(answer(i, ok())), ask(put(C, "q", 0, value(i), 0)));
    }
    assertEquals(List.of(answer(4, count(3))), ask(size(C2, "q")));
    assertEquals(List.of(answer(5, values(value(1)))), ask(get(C2, "q", 1, 0)));
    assertEquals(List.of(answer(6, values(value(2), value(3)))), ask(get(C3, "q", 2, 0)));
    assertEquals(List.of(answer(7, notYet())), ask(get(C3, "q", 1, 0)));
    assertEquals(Map.of("q", 0), state.coordination().queueLengths());
  }

  @Test
  void aGetWaitsForItsItemsAndGetAllTakesWhatIsThere() {
    assertEquals(List.of(), ask(get(C2, "q", 2, 10_000)));
    assertEquals(List.of(answer(2, ok())), ask(put(C, "q", 0, value("a"), 0)));
    assertEquals(List.of(answer(3, ok()), answer(1, values(value("a"), value("b")))), ask(put(C, "q", 0, value("b"), 0)));
    ask(put(C, "q", 0, value("c"), 0));
    assertEquals(List.of(answer(5, values(value("c")))), ask(new QueueRequest(C3, Op.GET_ALL, "q", 0, null, 0, 0)));
    assertEquals(List.of(answer(6, values())), ask(new QueueRequest(C3, Op.GET_ALL, "q", 0, null, 0, 0)));
  }

  @Test
  void aPutWaitsWhileTheQueueIsFullAndAGetTimesOut() {
    ask(put(C, "q", 1, value("a"), 0));
    assertEquals(List.of(answer(2, notYet())), ask(put(C, "q", 1, value("b"), 0)));
    assertEquals(List.of(), ask(put(C, "q", 1, value("b"), 10_000)));
    assertEquals(List.of(answer(4, values(value("a"))), answer(3, ok())), ask(get(C2, "q", 1, 0)), "b moves in");
    assertEquals(List.of(answer(5, error("cannot get 2 items at once from queue q, which holds at most 1"))), ask(get(C2, "q", 2, 0)));
    ask(get(C2, "q", 1, 0));
    askAt(1_000, get(C2, "q", 1, 500));
    assertEquals(List.of(answer(7, notYet())), answers(tick(1_500)));
  }

  @Test
  void aFutureInAQueueKeepsItsTaskUntilTakenThenForItsTakerUntilItHoldsIt() {
    workers("w1");
    handle(submit(C, task("t")));
    handle(finished("w1", "t"));
    assertEquals(List.of(answer(1, ok())), ask(put(C, "q", 0, future("t"), 0)));
    assertEquals(List.of(), handle(release(C, "t")), "the queue keeps it");
    assertEquals(MEMORY, state.status("t"));
    assertEquals(List.of(answer(2, values(future("t")))), ask(get(C2, "q", 1, 0)));
    assertEquals(MEMORY, state.status("t"), "held for C2 until it holds a future on it");
    assertEquals(List.of(inMemory(C2, "t", List.of("w1"), null)), handle(graph(C2, List.of(), "t")));
    assertEquals(List.of(), ask(new Taken(C2, List.of("t"))));
    assertEquals(List.of(free("w1", "t")), handle(release(C2, "t")));
    assertEquals(FORGOTTEN, state.status("t"));
  }

  @Test
  void aFutureHandedToAClientThatLeavesIsLetGo() {
    workers("w1");
    handle(submit(C, task("t")));
    handle(finished("w1", "t"));
    ask(put(C, "q", 0, future("t"), 0));
    handle(release(C, "t"));
    ask(get(C2, "q", 1, 0));
    assertEquals(List.of(free("w1", "t")), handle(new ClientGoodbye(C2)));
    assertEquals(FORGOTTEN, state.status("t"));
  }

  @Test
  void aFutureOfAnUnknownTaskIsRefusedAndAPutThatTimesOutLetsItsTaskGo() {
    assertEquals(List.of(answer(1, error("Task nope unknown to scheduler"))), ask(put(C, "q", 0, future("nope"), 0)));
    workers("w1");
    handle(submit(C, task("t")));
    handle(finished("w1", "t"));
    ask(put(C, "full", 1, value(0), 0));
    askAt(100, put(C, "full", 1, future("t"), 1_000));
    assertEquals(List.of(), handle(release(C, "t")), "the waiting put keeps it");
    assertEquals(List.of(answer(3, notYet()), free("w1", "t")), tick(1_100));
  }
}

package dev.weft.scheduler.state;

import static dev.weft.scheduler.state.Specs.finished;
import static dev.weft.scheduler.state.Specs.free;
import static dev.weft.scheduler.state.Specs.release;
import static dev.weft.scheduler.state.Specs.submit;
import static dev.weft.scheduler.state.Specs.task;
import static dev.weft.scheduler.state.TaskStatus.FORGOTTEN;
import static dev.weft.scheduler.state.TaskStatus.MEMORY;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.protocol.ClientGoodbye;
import dev.weft.protocol.CoordinationReply;
import dev.weft.protocol.DatasetRequest;
import dev.weft.protocol.EventRequest;
import dev.weft.protocol.SharedValue;
import dev.weft.protocol.Taken;
import dev.weft.protocol.VariableRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Variables, events and published datasets in the pure state, with dask's semantics: a get waits
 * until a value is set, a wait until the event is set, a taken dataset name is refused without
 * override, and the futures they hold keep their tasks, outliving the client that put them there.
 */
class CoordinationValuesTest extends CoordinationScenario {

  private static VariableRequest set(String client, String name, SharedValue value) {
    return new VariableRequest(client, VariableRequest.Op.SET, name, value, 0);
  }

  private static VariableRequest get(String client, String name, long timeout) {
    return new VariableRequest(client, VariableRequest.Op.GET, name, null, timeout);
  }

  private static EventRequest event(String client, EventRequest.Op op, String name, long timeout) {
    return new EventRequest(client, op, name, timeout);
  }

  private static DatasetRequest dataset(String client, DatasetRequest.Op op, String name, String key, boolean override) {
    return new DatasetRequest(client, op, name, key, override);
  }

  /** Task {@code key} computed on w1 for client C, which then lets go of it. */
  private void computedAndReleased(String key) {
    handle(submit(C, task(key)));
    handle(finished("w1", key));
  }

  // ---------------------------------------------------------------- variables

  @Test
  void aVariableGetWaitsUntilItIsSetAndTimesOutOtherwise() {
    assertEquals(List.of(), ask(get(C2, "v", 10_000)));
    askAt(100, get(C3, "v", 1_000));
    assertEquals(List.of(answer(2, notYet())), answers(tick(1_100)));
    assertEquals(List.of(answer(3, ok()), answer(1, values(value("go")))), ask(set(C, "v", value("go"))));
    assertEquals(List.of(answer(4, values(value("go")))), ask(get(C3, "v", 0)));
    assertEquals(List.of(answer(5, ok())), ask(new VariableRequest(C, VariableRequest.Op.DELETE, "v", null, 0)));
    assertEquals(List.of(answer(6, notYet())), ask(get(C3, "v", 0)));
  }

  @Test
  void aFutureSetInAVariableKeepsItsTaskUntilReplacedAndOutlivesItsSetter() {
    workers("w1");
    computedAndReleased("a");
    computedAndReleased("b");
    ask(set(C, "v", future("a")));
    ask(set(C, "v", future("a")));
    assertEquals(List.of(free("w1", "b")), handle(new ClientGoodbye(C)), "the variable keeps a (set twice, replaced by itself); b goes with C");
    assertEquals(MEMORY, state.status("a"));
    assertEquals(List.of(answer(3, values(future("a")))), ask(get(C2, "v", 0)));
    assertEquals(List.of(), ask(new Taken(C2, List.of("a"))), "C2 took it without wanting it");
    assertEquals(List.of(answer(5, ok()), free("w1", "a")), ask(set(C2, "v", value(7))));
    assertEquals(FORGOTTEN, state.status("a"));
  }

  // ---------------------------------------------------------------- events

  @Test
  void anEventWaitReturnsWhenAnotherSetsItAndAtOnceWhileItIsSet() {
    assertEquals(List.of(answer(1, flag(false))), ask(event(C, EventRequest.Op.IS_SET, "e", 0)));
    assertEquals(List.of(), ask(event(C2, EventRequest.Op.WAIT, "e", 10_000)));
    assertEquals(List.of(), ask(event(C3, EventRequest.Op.WAIT, "e", 10_000)));
    assertEquals(List.of(answer(2, ok()), answer(3, ok()), answer(4, ok())), ask(event(C, EventRequest.Op.SET, "e", 0)));
    assertEquals(List.of(answer(5, ok())), ask(event(C2, EventRequest.Op.WAIT, "e", 0)));
    assertEquals(List.of(answer(6, flag(true))), ask(event(C, EventRequest.Op.IS_SET, "e", 0)));
    ask(event(C, EventRequest.Op.CLEAR, "e", 0));
    assertEquals(List.of(answer(8, notYet())), ask(event(C2, EventRequest.Op.WAIT, "e", 0)));
    askAt(100, event(C2, EventRequest.Op.WAIT, "e", 500));
    assertEquals(List.of(answer(9, notYet())), answers(tick(600)));
  }

  // ---------------------------------------------------------------- datasets

  @Test
  void aPublishedDatasetIsReadByAnotherClientAndOutlivesItsPublisher() {
    workers("w1");
    computedAndReleased("x");
    assertEquals(List.of(answer(1, ok())), ask(dataset(C, DatasetRequest.Op.PUBLISH, "ds", "x", false)));
    assertEquals(List.of(), handle(new ClientGoodbye(C)));
    assertEquals(List.of(answer(2, values(future("x")))), ask(dataset(C2, DatasetRequest.Op.GET, "ds", "", false)));
    ask(new Taken(C2, List.of("x")));
    assertEquals(List.of(answer(4, new CoordinationReply("", true, 1, List.of(), List.of("ds")))),
        ask(dataset(C2, DatasetRequest.Op.LIST, "", "", false)));
    assertEquals(List.of(answer(5, ok()), free("w1", "x")), ask(dataset(C2, DatasetRequest.Op.UNPUBLISH, "ds", "", false)));
    assertEquals(List.of(answer(6, notYet())), ask(dataset(C2, DatasetRequest.Op.GET, "ds", "", false)), "missing");
  }

  @Test
  void aTakenNameIsRefusedUnlessOverriddenAndAnUnknownTaskAlways() {
    workers("w1");
    computedAndReleased("x");
    computedAndReleased("y");
    ask(dataset(C, DatasetRequest.Op.PUBLISH, "ds", "x", false));
    assertEquals(List.of(answer(2, error("Dataset ds already exists"))), ask(dataset(C, DatasetRequest.Op.PUBLISH, "ds", "y", false)));
    assertEquals(List.of(answer(3, ok())), ask(dataset(C, DatasetRequest.Op.PUBLISH, "ds", "y", true)));
    assertEquals(List.of(free("w1", "x")), handle(release(C, "x")), "replaced: x no longer kept");
    assertEquals(List.of(answer(4, error("Task z unknown to scheduler"))), ask(dataset(C, DatasetRequest.Op.PUBLISH, "other", "z", false)));
  }
}

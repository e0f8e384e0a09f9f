package dev.weft.scheduler.state;

import static dev.weft.scheduler.state.Specs.worker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.protocol.ClientGoodbye;
import dev.weft.protocol.ClientHello;
import dev.weft.protocol.LoggedEvent;
import dev.weft.protocol.Payload;
import dev.weft.protocol.TopicEvents;
import dev.weft.protocol.TopicRequest;
import dev.weft.protocol.TopicRequest.Op;
import dev.weft.protocol.WorkerLost;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Event topics in the pure state (dask's log_event, subscribe_topic, get_events): events are kept
 * per topic up to a bound, subscribers are sent each new one, and the scheduler logs worker joins,
 * losses and memory restarts there itself. Holder names cannot be taken as client ids.
 */
class CoordinationTopicsTest extends CoordinationScenario {

  private static TopicRequest topic(String client, Op op, String topic, Object message) {
    return new TopicRequest(client, op, topic, op == Op.LOG ? Payload.of(message) : null);
  }

  @Test
  void getEventsReturnsWhatWasLoggedAndSubscribersAreSentNewEvents() {
    assertEquals(List.of(answer(1, ok())), ask(topic(C2, Op.SUBSCRIBE, "t", null)));
    LoggedEvent first = new LoggedEvent("t", 5, Payload.of("one"));
    assertEquals(List.of(new PushEvent(C2, first), answer(2, ok())), askAt(5, topic(C, Op.LOG, "t", "one")));
    ask(topic(C2, Op.UNSUBSCRIBE, "t", null));
    LoggedEvent second = new LoggedEvent("t", 6, Payload.of("two"));
    assertEquals(List.of(answer(4, ok())), askAt(6, topic(C, Op.LOG, "t", "two")));
    assertEquals(List.of(answer(5, new TopicEvents(List.of(first, second)))), ask(topic(C3, Op.EVENTS, "t", null)));
    assertEquals(List.of(answer(6, new TopicEvents(List.of()))), ask(topic(C3, Op.EVENTS, "never", null)));
  }

  @Test
  void aTopicKeepsItsLatestThousandEvents() {
    for (int i = 0; i < 1_005; i++) {
      ask(topic(C, Op.LOG, "t", i));
    }
    List<Effect> fx = ask(topic(C, Op.EVENTS, "t", null));
    List<LoggedEvent> kept = ((TopicEvents) ((Answer) fx.get(0)).reply()).events();
    assertEquals(1_000, kept.size());
    assertEquals(Payload.of(5), kept.get(0).message());
    assertEquals(Payload.of(1_004), kept.get(999).message());
  }

  @Test
  void aClientThatLeavesIsSentNothingMore() {
    ask(topic(C2, Op.SUBSCRIBE, "t", null));
    handle(new ClientGoodbye(C2));
    assertEquals(List.of(answer(2, ok())), ask(topic(C, Op.LOG, "t", "x")));
  }

  @Test
  void theSchedulerLogsWorkerJoinsLossesAndMemoryRestartsUnderItsTopics() {
    ask(topic(C, Op.SUBSCRIBE, "all", null));
    List<Effect> joined = handle(worker("w1", 1));
    assertEquals(List.of(new PushEvent(C, new LoggedEvent("all", 0, Payload.of(event("add-worker", "worker", "w1"))))), joined);
    String reason = "was killed by its nanny: resident memory 250 MiB exceeded 95% of its 256 MiB limit";
    List<Effect> lost = workerLost(new WorkerLost("w1", reason), 7);
    assertEquals(List.of(new PushEvent(C, new LoggedEvent("all", 7, Payload.of(event("remove-worker", "worker", "w1",
        "expected", false, "processing-tasks", 0, "reason", reason))))), lost);
    List<Effect> fx = ask(topic(C2, Op.EVENTS, "worker-restart-memory", null));
    assertEquals(List.of(answer(2, new TopicEvents(List.of(new LoggedEvent("worker-restart-memory", 7,
        Payload.of(event("worker-restart-memory", "worker", "w1", "reason", reason))))))), fx);
  }

  @Test
  void noClientMayTakeTheNameOfAHolderOfTasks() {
    for (String id : List.of("published-data", "queue-q", "variable-v", "handover-c1", "fire-and-forget")) {
      RejectedMessageException e = assertThrows(RejectedMessageException.class, () -> handle(new ClientHello(id, Specs.NODE)));
      assertEquals("name-taken", e.kind());
    }
  }

  private static Map<String, Object> event(String action, Object... pairs) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("action", action);
    List<Object> rest = new ArrayList<>(List.of(pairs));
    for (int i = 0; i + 1 < rest.size(); i += 2) {
      m.put((String) rest.get(i), rest.get(i + 1));
    }
    return m;
  }
}

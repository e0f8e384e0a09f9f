package dev.weft.protocol;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * {@link MessageCheck}'s rules for the coordination family ({@link CoordinationCheck}): bounds are
 * inclusive, and each rule has a message breaking it, refused with the exact reason.
 */
class CoordinationCheckTest {

  private static final Payload P = Payload.of("value");
  private static final long WAIT = Coordination.MAX_WAIT_MILLIS;

  @Test
  void boundsAreInclusive() {
    List<Message> ok = List.of(
        new SemaphoreRequest("c", SemaphoreRequest.Op.ACQUIRE, "s", Coordination.MAX_LEASES, "l", WAIT),
        new SemaphoreRequest("c", SemaphoreRequest.Op.CLOSE, "s", 1, "", 0),
        new MultiLockRequest("c", MultiLockRequest.Op.ACQUIRE, names(Coordination.MAX_LOCKS), "m", Coordination.MAX_LOCKS, 0),
        new QueueRequest("c", QueueRequest.Op.GET, "q", Coordination.MAX_QUEUE_ITEMS, null, Coordination.MAX_QUEUE_ITEMS, WAIT),
        new QueueRequest("c", QueueRequest.Op.QSIZE, "q", 0, null, 0, 0),
        new VariableRequest("c", VariableRequest.Op.DELETE, "v", null, 0),
        new TopicRequest("c", TopicRequest.Op.EVENTS, "t", null),
        new Taken("c", List.of()));
    for (Message m : ok) {
      assertDoesNotThrow(() -> MessageCheck.check(m), () -> "message " + m);
    }
  }

  @TestFactory
  Stream<DynamicTest> eachRuleRefusesAMessageBreakingIt() {
    List<DynamicTest> t = new ArrayList<>();
    t.add(refused("SemaphoreRequest.clientId must be non-empty", new SemaphoreRequest("", SemaphoreRequest.Op.VALUE, "s", 1, "", 0)));
    t.add(refused("SemaphoreRequest.op must be non-null", new SemaphoreRequest("c", null, "s", 1, "", 0)));
    t.add(refused("SemaphoreRequest.name must be non-empty", new SemaphoreRequest("c", SemaphoreRequest.Op.VALUE, "", 1, "", 0)));
    t.add(refused("SemaphoreRequest.maxLeases must be >= 1, got 0", new SemaphoreRequest("c", SemaphoreRequest.Op.VALUE, "s", 0, "", 0)));
    t.add(refused("SemaphoreRequest.maxLeases must be <= 1000000, got 1000001",
        new SemaphoreRequest("c", SemaphoreRequest.Op.VALUE, "s", 1_000_001, "", 0)));
    t.add(refused("SemaphoreRequest.leaseId must be non-empty", new SemaphoreRequest("c", SemaphoreRequest.Op.RELEASE, "s", 1, "", 0)));
    t.add(refused("SemaphoreRequest.leaseId must be \"\" for this op", new SemaphoreRequest("c", SemaphoreRequest.Op.VALUE, "s", 1, "l", 0)));
    t.add(refused("SemaphoreRequest.timeoutMillis must be >= 0, got -1",
        new SemaphoreRequest("c", SemaphoreRequest.Op.ACQUIRE, "s", 1, "l", -1)));
    t.add(refused("SemaphoreRequest.timeoutMillis must be <= 60000, got 60001",
        new SemaphoreRequest("c", SemaphoreRequest.Op.ACQUIRE, "s", 1, "l", WAIT + 1)));
    t.add(refused("MultiLockRequest.names must name 1 to 1000 locks, got 0",
        new MultiLockRequest("c", MultiLockRequest.Op.ACQUIRE, List.of(), "m", 1, 0)));
    t.add(refused("MultiLockRequest.names must name 1 to 1000 locks, got 1001",
        new MultiLockRequest("c", MultiLockRequest.Op.ACQUIRE, names(1_001), "m", 1, 0)));
    t.add(refused("MultiLockRequest.names must not repeat a lock",
        new MultiLockRequest("c", MultiLockRequest.Op.ACQUIRE, List.of("a", "b", "a"), "m", 1, 0)));
    t.add(refused("MultiLockRequest.names must be empty to RELEASE",
        new MultiLockRequest("c", MultiLockRequest.Op.RELEASE, List.of("a"), "m", 0, 0)));
    t.add(refused("MultiLockRequest.names[1] must be non-empty",
        new MultiLockRequest("c", MultiLockRequest.Op.ACQUIRE, List.of("a", ""), "m", 1, 0)));
    t.add(refused("MultiLockRequest.numLocks must be <= 2, got 3",
        new MultiLockRequest("c", MultiLockRequest.Op.ACQUIRE, List.of("a", "b"), "m", 3, 0)));
    t.add(refused("MultiLockRequest.numLocks must be >= 1, got 0",
        new MultiLockRequest("c", MultiLockRequest.Op.ACQUIRE, List.of("a", "b"), "m", 0, 0)));
    t.add(refused("QueueRequest.item must be non-null", new QueueRequest("c", QueueRequest.Op.PUT, "q", 0, null, 0, 0)));
    t.add(refused("QueueRequest.item must hold either a key or a value",
        new QueueRequest("c", QueueRequest.Op.PUT, "q", 0, new SharedValue("k", P), 0, 0)));
    t.add(refused("QueueRequest.item must hold either a key or a value",
        new QueueRequest("c", QueueRequest.Op.PUT, "q", 0, new SharedValue(null, null), 0, 0)));
    t.add(refused("QueueRequest.item.key must be non-empty", new QueueRequest("c", QueueRequest.Op.PUT, "q", 0, SharedValue.future(""), 0, 0)));
    t.add(refused("QueueRequest.item must be null for this op",
        new QueueRequest("c", QueueRequest.Op.GET, "q", 0, SharedValue.of(P), 1, 0)));
    t.add(refused("QueueRequest.count must be >= 1, got 0", new QueueRequest("c", QueueRequest.Op.GET, "q", 0, null, 0, 0)));
    t.add(refused("QueueRequest.count must be <= 0, got 2", new QueueRequest("c", QueueRequest.Op.GET_ALL, "q", 0, null, 2, 0)));
    t.add(refused("QueueRequest.maxsize must be >= 0, got -1", new QueueRequest("c", QueueRequest.Op.QSIZE, "q", -1, null, 0, 0)));
    t.add(refused("VariableRequest.value must be non-null", new VariableRequest("c", VariableRequest.Op.SET, "v", null, 0)));
    t.add(refused("VariableRequest.name must be non-null", new VariableRequest("c", VariableRequest.Op.GET, null, null, 0)));
    t.add(refused("EventRequest.timeoutMillis must be <= 60000, got 60001", new EventRequest("c", EventRequest.Op.WAIT, "e", WAIT + 1)));
    t.add(refused("DatasetRequest.key must be non-empty", new DatasetRequest("c", DatasetRequest.Op.PUBLISH, "d", "", false)));
    t.add(refused("DatasetRequest.key must be \"\" for this op", new DatasetRequest("c", DatasetRequest.Op.GET, "d", "k", false)));
    t.add(refused("DatasetRequest.name must be \"\" for this op", new DatasetRequest("c", DatasetRequest.Op.LIST, "d", "", false)));
    t.add(refused("TopicRequest.message must be non-null to LOG", new TopicRequest("c", TopicRequest.Op.LOG, "t", null)));
    t.add(refused("TopicRequest.message must be null but to LOG", new TopicRequest("c", TopicRequest.Op.EVENTS, "t", P)));
    t.add(refused("TopicRequest.topic must be at most 10000 chars, got 10001",
        new TopicRequest("c", TopicRequest.Op.SUBSCRIBE, "t".repeat(10_001), null)));
    t.add(refused("Taken.keys[0] must be non-null", new Taken("c", Collections.singletonList(null))));
    return t.stream();
  }

  private static DynamicTest refused(String reason, Message m) {
    return dynamicTest(reason, () -> assertEquals(reason,
        assertThrows(MalformedMessageException.class, () -> MessageCheck.check(m)).getMessage()));
  }

  private static List<String> names(int n) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      names.add("lock-" + i);
    }
    return names;
  }
}

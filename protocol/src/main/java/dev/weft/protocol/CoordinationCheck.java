package dev.weft.protocol;

import static dev.weft.protocol.MessageCheck.fail;
import static dev.weft.protocol.MessageCheck.id;
import static dev.weft.protocol.MessageCheck.ids;
import static dev.weft.protocol.MessageCheck.notNull;
import static dev.weft.protocol.MessageCheck.range;

import java.util.HashSet;
import java.util.List;

/**
 * {@link MessageCheck}'s rules for the {@link Coordination} family, one block per message type and
 * one line per field: names and ids as ids (non-empty, at most 10,000 chars), waits within
 * {@link Coordination#MAX_WAIT_MILLIS}, counts within the family's bounds, a shared value either
 * a key or a payload, and the fields an operation needs present.
 */
final class CoordinationCheck {

  private CoordinationCheck() {}

  static void check(Coordination m) {
    id(m.clientId(), m.getClass().getSimpleName() + ".clientId");
    if (m instanceof SemaphoreRequest r) {
      notNull(r.op(), "SemaphoreRequest.op");
      id(r.name(), "SemaphoreRequest.name");
      range(r.maxLeases(), 1, Coordination.MAX_LEASES, "SemaphoreRequest.maxLeases");
      leaseId(r);
      waitMillis(r.timeoutMillis(), "SemaphoreRequest.timeoutMillis");
    } else if (m instanceof MultiLockRequest r) {
      notNull(r.op(), "MultiLockRequest.op");
      lockNames(r.names(), r.op() == MultiLockRequest.Op.ACQUIRE);
      id(r.lockId(), "MultiLockRequest.lockId");
      range(r.numLocks(), r.op() == MultiLockRequest.Op.ACQUIRE ? 1 : 0, r.names().size(), "MultiLockRequest.numLocks");
      waitMillis(r.timeoutMillis(), "MultiLockRequest.timeoutMillis");
    } else if (m instanceof QueueRequest r) {
      notNull(r.op(), "QueueRequest.op");
      id(r.name(), "QueueRequest.name");
      range(r.maxsize(), 0, Coordination.MAX_QUEUE_ITEMS, "QueueRequest.maxsize");
      value(r.item(), r.op() == QueueRequest.Op.PUT, "QueueRequest.item");
      range(r.count(), r.op() == QueueRequest.Op.GET ? 1 : 0, r.op() == QueueRequest.Op.GET ? Coordination.MAX_QUEUE_ITEMS : 0,
          "QueueRequest.count");
      waitMillis(r.timeoutMillis(), "QueueRequest.timeoutMillis");
    } else if (m instanceof VariableRequest r) {
      notNull(r.op(), "VariableRequest.op");
      id(r.name(), "VariableRequest.name");
      value(r.value(), r.op() == VariableRequest.Op.SET, "VariableRequest.value");
      waitMillis(r.timeoutMillis(), "VariableRequest.timeoutMillis");
    } else if (m instanceof EventRequest r) {
      notNull(r.op(), "EventRequest.op");
      id(r.name(), "EventRequest.name");
      waitMillis(r.timeoutMillis(), "EventRequest.timeoutMillis");
    } else if (m instanceof DatasetRequest r) {
      notNull(r.op(), "DatasetRequest.op");
      nameUnlessListing(r);
      keyIff(r.key(), r.op() == DatasetRequest.Op.PUBLISH, "DatasetRequest.key");
    } else if (m instanceof TopicRequest r) {
      notNull(r.op(), "TopicRequest.op");
      id(r.topic(), "TopicRequest.topic");
      if (r.op() == TopicRequest.Op.LOG ? r.message() == null : r.message() != null) {
        throw fail("TopicRequest.message", r.op() == TopicRequest.Op.LOG ? "must be non-null to LOG" : "must be null but to LOG");
      }
    } else if (m instanceof Taken t) {
      ids(t.keys(), "Taken.keys");
    }
  }

  /** A lease id to take or give back; "" when asking for the value or closing. */
  private static void leaseId(SemaphoreRequest r) {
    boolean needed = r.op() == SemaphoreRequest.Op.ACQUIRE || r.op() == SemaphoreRequest.Op.RELEASE;
    keyIff(r.leaseId(), needed, "SemaphoreRequest.leaseId");
  }

  private static void nameUnlessListing(DatasetRequest r) {
    keyIff(r.name(), r.op() != DatasetRequest.Op.LIST, "DatasetRequest.name");
  }

  /** A valid id when {@code needed}, else "". */
  private static void keyIff(String value, boolean needed, String field) {
    if (needed) {
      id(value, field);
    } else if (!"".equals(value)) {
      throw fail(field, "must be \"\" for this op");
    }
  }

  /** 1 to {@link Coordination#MAX_LOCKS} distinct names to acquire; none to release. */
  private static void lockNames(List<String> names, boolean acquiring) {
    ids(names, "MultiLockRequest.names");
    if (acquiring ? names.isEmpty() || names.size() > Coordination.MAX_LOCKS : !names.isEmpty()) {
      throw fail("MultiLockRequest.names", acquiring ? "must name 1 to " + Coordination.MAX_LOCKS + " locks, got " + names.size()
          : "must be empty to RELEASE");
    }
    if (new HashSet<>(names).size() != names.size()) {
      throw fail("MultiLockRequest.names", "must not repeat a lock");
    }
  }

  /** Present exactly when {@code needed}: a valid key, or a payload (which may hold null). */
  private static void value(SharedValue v, boolean needed, String field) {
    if (!needed) {
      if (v != null) {
        throw fail(field, "must be null for this op");
      }
      return;
    }
    notNull(v, field);
    if ((v.key() == null) == (v.value() == null)) {
      throw fail(field, "must hold either a key or a value");
    }
    if (v.key() != null) {
      id(v.key(), field + ".key");
    }
  }

  private static void waitMillis(long millis, String field) {
    range(millis, 0, Coordination.MAX_WAIT_MILLIS, field);
  }
}

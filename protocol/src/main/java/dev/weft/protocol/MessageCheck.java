package dev.weft.protocol;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules a message must satisfy before a scheduler or worker acts on it, so that a bad message
 * is refused whole instead of half-changing a state machine. Covers every {@link ToScheduler} and
 * {@link ToWorker} message and {@link Batch}; replies and client news ({@link Reply},
 * {@link ToClient}) answer the receiver's own requests and have no rules here.
 *
 * <p>Common rules: every String, List, Map, record and enum component is non-null unless its
 * record's Javadoc says it may be null; list elements and map keys and values are non-null; ids,
 * names and keys are non-empty and at most 10,000 chars. The source lists each message type's rules
 * in one block, one line per field.
 *
 * <p>The coordination family's rules are in {@link CoordinationCheck}.
 *
 * <p>One pass over the message, allocating nothing unless it fails (or a task lists more than 16
 * dependencies, which are then checked for repeats with a set).
 */
public final class MessageCheck {

  /** Longest id, name or key, in chars. */
  private static final int MAX_ID_LENGTH = 10_000;
  /** Most threads a worker may announce. */
  private static final int MAX_THREADS = 65_536;
  /** Largest amount of one resource. */
  private static final double MAX_RESOURCE = 1e15;
  /** Largest CPU use a heartbeat may report (100 = one core busy). */
  private static final double MAX_CPU_PERCENT = 1e6;
  /** Dependency lists up to this long are checked for repeats pairwise, without allocating. */
  private static final int PAIRWISE_LIMIT = 16;

  private MessageCheck() {}

  /**
   * Checks {@code m} (and, for a {@link Batch}, each message in it) against the rules.
   *
   * @throws MalformedMessageException naming the message type and the first bad field found
   */
  public static void check(Message m) {
    if (m == null) {
      throw new MalformedMessageException("message must be non-null");
    }
    if (m instanceof Batch b) {
      batch(b);
    } else {
      single(m);
    }
  }

  private static void batch(Batch b) {
    List<Message> messages = notNull(b.messages(), "Batch.messages");
    int i = 0;
    for (Message m : messages) {
      if (m == null || m instanceof Batch) {
        throw fail("Batch.messages[" + i + "]", m == null ? "must be non-null" : "must not be a Batch");
      }
      try {
        single(m);
      } catch (MalformedMessageException e) {
        throw within("Batch.messages[" + i + "]", e);
      }
      i++;
    }
  }

  /**
   * The rules of each message type other than {@link Batch}, one block per type. (An instanceof
   * chain: pattern matching in switch needs Java 21, and this code targets 17.)
   */
  private static void single(Message m) {
    if (m instanceof ClientHello h) {
      id(h.clientId(), "ClientHello.clientId");
      id(h.nodeId(), "ClientHello.nodeId");
      share(h.share(), "ClientHello.share");
    } else if (m instanceof ClientGoodbye g) {
      id(g.clientId(), "ClientGoodbye.clientId");
    } else if (m instanceof ClientHeartbeat h) {
      id(h.clientId(), "ClientHeartbeat.clientId");
    } else if (m instanceof UpdateGraph g) {
      id(g.clientId(), "UpdateGraph.clientId");
      specs(g.tasks());
      ids(g.wanted(), "UpdateGraph.wanted");
    } else if (m instanceof ReleaseKeys r) {
      id(r.clientId(), "ReleaseKeys.clientId");
      ids(r.keys(), "ReleaseKeys.keys");
    } else if (m instanceof CancelKeys c) {
      id(c.clientId(), "CancelKeys.clientId");
      ids(c.keys(), "CancelKeys.keys");
      // force: either value
    } else if (m instanceof RetryKeys r) {
      id(r.clientId(), "RetryKeys.clientId");
      ids(r.keys(), "RetryKeys.keys");
    } else if (m instanceof RestartCluster r) {
      id(r.clientId(), "RestartCluster.clientId");
    } else if (m instanceof ScatterData s) {
      id(s.clientId(), "ScatterData.clientId");
      payloads(s.data(), "ScatterData.data");
    } else if (m instanceof RegisterWorker r) {
      id(r.workerId(), "RegisterWorker.workerId");
      range(r.nthreads(), 1, MAX_THREADS, "RegisterWorker.nthreads");
      atLeast(r.memoryLimit(), 0, "RegisterWorker.memoryLimit");
      resources(r.resources(), "RegisterWorker.resources");
      id(r.nodeId(), "RegisterWorker.nodeId");
      sizes(r.held(), "RegisterWorker.held");
    } else if (m instanceof Heartbeat h) {
      id(h.workerId(), "Heartbeat.workerId");
      atLeast(h.executing(), 0, "Heartbeat.executing");
      memory(h.memory());
      atLeast(h.storedKeys(), 0, "Heartbeat.storedKeys");
      cpuPercent(h.cpuPercent(), "Heartbeat.cpuPercent");
      atLeast(h.bytesFetched(), 0, "Heartbeat.bytesFetched");
      atLeast(h.rejected(), 0, "Heartbeat.rejected");
    } else if (m instanceof TaskFinished t) {
      id(t.workerId(), "TaskFinished.workerId");
      id(t.key(), "TaskFinished.key");
      atLeast(t.nbytes(), -1, "TaskFinished.nbytes");
      text(t.type(), "TaskFinished.type");
      atLeast(t.startMillis(), 0, "TaskFinished.startMillis");
      atLeast(t.stopMillis(), 0, "TaskFinished.stopMillis");
      text(t.stimulusId(), "TaskFinished.stimulusId");
    } else if (m instanceof TaskErred t) {
      id(t.workerId(), "TaskErred.workerId");
      id(t.key(), "TaskErred.key");
      error(t.error(), "TaskErred.error");
      atLeast(t.startMillis(), 0, "TaskErred.startMillis");
      atLeast(t.stopMillis(), 0, "TaskErred.stopMillis");
      text(t.stimulusId(), "TaskErred.stimulusId");
    } else if (m instanceof AddKeys a) {
      id(a.workerId(), "AddKeys.workerId");
      sizes(a.nbytes(), "AddKeys.nbytes");
    } else if (m instanceof MissingData d) {
      id(d.workerId(), "MissingData.workerId");
      id(d.key(), "MissingData.key");
      id(d.errantWorker(), "MissingData.errantWorker");
    } else if (m instanceof WorkerGoodbye g) {
      id(g.workerId(), "WorkerGoodbye.workerId");
    } else if (m instanceof Query q) {
      notNull(q.kind(), "Query.kind");
      ids(q.keys(), "Query.keys");
    } else if (m instanceof TaskStreamQuery) {
      // sinceMillis may be any instant: nothing to check
    } else if (m instanceof LongRunning r) {
      id(r.workerId(), "LongRunning.workerId");
      id(r.key(), "LongRunning.key");
    } else if (m instanceof WorkerStatusChange c) {
      id(c.workerId(), "WorkerStatusChange.workerId");
      text(c.reason(), "WorkerStatusChange.reason");
    } else if (m instanceof WorkerLost l) {
      id(l.workerId(), "WorkerLost.workerId");
      notNull(l.reason(), "WorkerLost.reason");
    } else if (m instanceof RetireWorkers r) {
      ids(r.workerIds(), "RetireWorkers.workerIds");
    } else if (m instanceof UploadJar j) {
      id(j.name(), "UploadJar.name");
      notNull(j.bytes(), "UploadJar.bytes");
    } else if (m instanceof ComputeTask c) {
      notNull(c.spec(), "ComputeTask.spec");
      try {
        spec(c.spec());
      } catch (MalformedMessageException e) {
        throw within("ComputeTask.spec", e);
      }
      notNull(c.priority(), "ComputeTask.priority");
      whoHas(c.whoHas(), "ComputeTask.whoHas");
      text(c.stimulusId(), "ComputeTask.stimulusId");
    } else if (m instanceof FreeKeys f) {
      ids(f.keys(), "FreeKeys.keys");
      text(f.stimulusId(), "FreeKeys.stimulusId");
      // interrupt: either value
    } else if (m instanceof AcquireReplicas a) {
      whoHas(a.whoHas(), "AcquireReplicas.whoHas");
      text(a.stimulusId(), "AcquireReplicas.stimulusId");
    } else if (m instanceof GetStory g) {
      id(g.key(), "GetStory.key");
    } else if (m instanceof StoreData s) {
      payloads(s.data(), "StoreData.data");
    } else if (m instanceof GetData g) {
      ids(g.keys(), "GetData.keys");
      id(g.jvm(), "GetData.jvm");
    } else if (m instanceof RunFunction r) {
      notNull(r.function(), "RunFunction.function");
    } else if (m instanceof StealRequest r) {
      id(r.key(), "StealRequest.key");
    } else if (m instanceof StealResponse r) {
      id(r.workerId(), "StealResponse.workerId");
      id(r.key(), "StealResponse.key");
      notNull(r.state(), "StealResponse.state");
    } else if (m instanceof Broadcast b) {
      id(b.clientId(), "Broadcast.clientId");
      notNull(b.function(), "Broadcast.function");
    } else if (m instanceof RestartWorker r) {
      id(r.workerId(), "RestartWorker.workerId");
    } else if (m instanceof Identify i) {
      id(i.workerId(), "Identify.workerId");
    } else if (m instanceof Coordination c) {
      CoordinationCheck.check(c);
    } else if (m instanceof ToScheduler || m instanceof ToWorker) {
      throw new IllegalStateException("MessageCheck has no rules for " + m.getClass().getSimpleName());
    }
  }

  // ---------------------------------------------------------------- nested records

  private static void specs(List<TaskSpec> tasks) {
    notNull(tasks, "UpdateGraph.tasks");
    int i = 0;
    for (TaskSpec t : tasks) {
      if (t == null) {
        throw fail("UpdateGraph.tasks[" + i + "]", "must be non-null");
      }
      try {
        spec(t);
      } catch (MalformedMessageException e) {
        throw within("UpdateGraph.tasks[" + i + "]", e);
      }
      i++;
    }
  }

  private static void spec(TaskSpec s) {
    id(s.key(), "TaskSpec.key");
    text(s.name(), "TaskSpec.name");
    notNull(s.function(), "TaskSpec.function");
    notNull(s.args(), "TaskSpec.args");
    dependencies(s.dependencies(), s.key());
    notNull(s.options(), "TaskSpec.options");
    try {
      options(s.options());
    } catch (MalformedMessageException e) {
      throw within("TaskSpec.options", e);
    }
  }

  /** Valid keys, none repeated, none the task's own {@code key}. */
  private static void dependencies(List<String> deps, String key) {
    notNull(deps, "TaskSpec.dependencies");
    Set<String> seen = deps.size() > PAIRWISE_LIMIT ? new HashSet<>(deps.size() * 2) : null;
    int i = 0;
    for (String d : deps) {
      String problem = idProblem(d);
      if (problem == null && d.equals(key)) {
        problem = "must not be the task's own key";
      } else if (problem == null && (seen == null ? appearsBefore(deps, d, i) : !seen.add(d))) {
        problem = "must not repeat a dependency";
      }
      if (problem != null) {
        throw fail("TaskSpec.dependencies[" + i + "]", problem);
      }
      i++;
    }
  }

  private static boolean appearsBefore(List<String> list, String value, int index) {
    for (int j = 0; j < index; j++) {
      if (value.equals(list.get(j))) {
        return true;
      }
    }
    return false;
  }

  private static void options(TaskOptions o) {
    atLeast(o.retries(), 0, "TaskOptions.retries");
    ids(o.workers(), "TaskOptions.workers");
    resources(o.resources(), "TaskOptions.resources");
  }

  private static void error(RemoteError e, String field) {
    notNull(e, field);
    try {
      id(e.type(), "RemoteError.type");
      List<StackFrame> stack = notNull(e.stack(), "RemoteError.stack");
      int i = 0;
      for (StackFrame f : stack) {
        if (f == null || f.className() == null || f.method() == null) {
          String part = f == null ? "" : f.className() == null ? ".className" : ".method";
          throw fail("RemoteError.stack[" + i + "]" + part, "must be non-null");
        }
        i++;
      }
    } catch (MalformedMessageException problem) {
      throw within(field, problem);
    }
  }

  // ---------------------------------------------------------------- collections

  static void ids(List<String> list, String field) {
    notNull(list, field);
    int i = 0;
    for (String s : list) {
      String problem = idProblem(s);
      if (problem != null) {
        throw fail(field + "[" + i + "]", problem);
      }
      i++;
    }
  }

  /** Valid keys, each with a non-null payload (which may hold a null value). */
  private static void payloads(Map<String, Payload> data, String field) {
    notNull(data, field);
    for (Map.Entry<String, Payload> e : data.entrySet()) {
      key(e.getKey(), field);
      if (e.getValue() == null) {
        throw fail(entry(field, e.getKey()), "must be a Payload, got null");
      }
    }
  }

  /** Valid keys, each with a size {@code >= -1} (-1: unknown). */
  private static void sizes(Map<String, Long> sizes, String field) {
    notNull(sizes, field);
    for (Map.Entry<String, Long> e : sizes.entrySet()) {
      key(e.getKey(), field);
      Long size = e.getValue();
      if (size == null || size < -1) {
        throw fail(entry(field, e.getKey()), "must be >= -1, got " + size);
      }
    }
  }

  /** Valid keys, each held by a list of valid worker names. */
  private static void whoHas(Map<String, List<String>> whoHas, String field) {
    notNull(whoHas, field);
    for (Map.Entry<String, List<String>> e : whoHas.entrySet()) {
      key(e.getKey(), field);
      List<String> workers = e.getValue();
      if (workers == null) {
        throw fail(entry(field, e.getKey()), "must be non-null");
      }
      int i = 0;
      for (String w : workers) {
        String problem = idProblem(w);
        if (problem != null) {
          throw fail(entry(field, e.getKey()) + "[" + i + "]", problem);
        }
        i++;
      }
    }
  }

  /** Non-empty names, each with an amount that is finite, {@code >= 0} and at most 1e15. */
  private static void resources(Map<String, Double> resources, String field) {
    notNull(resources, field);
    for (Map.Entry<String, Double> e : resources.entrySet()) {
      key(e.getKey(), field);
      Double amount = e.getValue();
      if (amount == null || !(amount >= 0 && amount <= MAX_RESOURCE)) {
        throw fail(entry(field, e.getKey()), "must be finite and in 0..1e15, got " + amount);
      }
    }
  }

  // ---------------------------------------------------------------- single values

  static <T> T notNull(T value, String field) {
    if (value == null) {
      throw fail(field, "must be non-null");
    }
    return value;
  }

  private static void memory(WorkerMemory m) {
    notNull(m, "Heartbeat.memory");
    atLeast(m.managedBytes(), 0, "Heartbeat.memory.managedBytes");
    atLeast(m.processBytes(), 0, "Heartbeat.memory.processBytes");
    atLeast(m.spilledBytes(), 0, "Heartbeat.memory.spilledBytes");
    atLeast(m.spilledKeys(), 0, "Heartbeat.memory.spilledKeys");
    atLeast(m.spillWrittenBytes(), 0, "Heartbeat.memory.spillWrittenBytes");
    atLeast(m.spillReadBytes(), 0, "Heartbeat.memory.spillReadBytes");
    text(m.pauseReason(), "Heartbeat.memory.pauseReason");
  }

  static void id(String value, String field) {
    String problem = idProblem(value);
    if (problem != null) {
      throw fail(field, problem);
    }
  }

  /** A map key that must be a valid id. */
  private static void key(String value, String field) {
    String problem = idProblem(value);
    if (problem != null) {
      throw fail(field + " key", problem);
    }
  }

  /** What is wrong with {@code value} as an id, name or key; null when nothing is. */
  private static String idProblem(String value) {
    if (value == null) {
      return "must be non-null";
    } else if (value.isEmpty()) {
      return "must be non-empty";
    } else if (value.length() > MAX_ID_LENGTH) {
      return "must be at most " + MAX_ID_LENGTH + " chars, got " + value.length();
    }
    return null;
  }

  /** Non-null text that may be empty, at most {@link #MAX_ID_LENGTH} chars. */
  private static void text(String value, String field) {
    if (notNull(value, field).length() > MAX_ID_LENGTH) {
      throw fail(field, "must be at most " + MAX_ID_LENGTH + " chars, got " + value.length());
    }
  }

  private static void atLeast(long value, long min, String field) {
    if (value < min) {
      throw fail(field, "must be >= " + min + ", got " + value);
    }
  }

  static void range(long value, long min, long max, String field) {
    atLeast(value, min, field);
    if (value > max) {
      throw fail(field, "must be <= " + max + ", got " + value);
    }
  }

  /** {@code 0 <= value <= 1e6}, which NaN and infinities never are. */
  private static void cpuPercent(double value, String field) {
    if (!(value >= 0 && value <= MAX_CPU_PERCENT)) {
      throw fail(field, "must be finite and in 0..1e6, got " + value);
    }
  }

  /** {@code 1 / MAX_SHARE <= value <= MAX_SHARE}, which NaN and infinities never are. */
  private static void share(double value, String field) {
    if (!(value >= 1 / ClientHello.MAX_SHARE && value <= ClientHello.MAX_SHARE)) {
      throw fail(field, "must be finite and in 1e-6..1e6, got " + value);
    }
  }

  // ---------------------------------------------------------------- failures

  static MalformedMessageException fail(String field, String problem) {
    return new MalformedMessageException(field + " " + problem);
  }

  /** {@code inner}'s reason, prefixed with where the nested record sits. */
  private static MalformedMessageException within(String where, MalformedMessageException inner) {
    return new MalformedMessageException(where + ": " + inner.getMessage());
  }

  /** A map entry's name for a failure: the field and the key, cut to 40 chars. */
  private static String entry(String field, String key) {
    return field + "[\"" + (key.length() > 40 ? key.substring(0, 40) + "…" : key) + "\"]";
  }
}

package dev.weft.protocol.wire;

import dev.weft.protocol.Ack;
import dev.weft.protocol.AddKeys;
import dev.weft.protocol.Batch;
import dev.weft.protocol.CancelKeys;
import dev.weft.protocol.RestartCluster;
import dev.weft.protocol.RestartWorker;
import dev.weft.protocol.RetryKeys;
import dev.weft.protocol.ClientGoodbye;
import dev.weft.protocol.ClientHeartbeat;
import dev.weft.protocol.ClientHello;
import dev.weft.protocol.ComputeTask;
import dev.weft.protocol.CoordinationReply;
import dev.weft.protocol.DatasetRequest;
import dev.weft.protocol.EventRequest;
import dev.weft.protocol.LoggedEvent;
import dev.weft.protocol.MultiLockRequest;
import dev.weft.protocol.QueueRequest;
import dev.weft.protocol.SemaphoreRequest;
import dev.weft.protocol.SharedValue;
import dev.weft.protocol.Taken;
import dev.weft.protocol.TopicEvents;
import dev.weft.protocol.TopicRequest;
import dev.weft.protocol.VariableRequest;
import dev.weft.protocol.DataReply;
import dev.weft.protocol.DataTicket;
import dev.weft.protocol.DependencyRef;
import dev.weft.protocol.FreeKeys;
import dev.weft.protocol.GetStory;
import dev.weft.protocol.GetData;
import dev.weft.protocol.Heartbeat;
import dev.weft.protocol.HeartbeatReply;
import dev.weft.protocol.Identify;
import dev.weft.protocol.KeyCancelled;
import dev.weft.protocol.KeyErred;
import dev.weft.protocol.KeyInMemory;
import dev.weft.protocol.KeyLost;
import dev.weft.protocol.Locations;
import dev.weft.protocol.LongRunning;
import dev.weft.protocol.Message;
import dev.weft.protocol.MessageCheck;
import dev.weft.protocol.MissingData;
import dev.weft.protocol.Payload;
import dev.weft.protocol.Priority;
import dev.weft.protocol.Query;
import dev.weft.protocol.QueryKind;
import dev.weft.protocol.RegisterWorker;
import dev.weft.protocol.ReleaseKeys;
import dev.weft.protocol.RemoteError;
import dev.weft.protocol.RunFunction;
import dev.weft.protocol.RunResult;
import dev.weft.protocol.RunResults;
import dev.weft.protocol.Broadcast;
import dev.weft.protocol.StealRequest;
import dev.weft.protocol.StealResponse;
import dev.weft.protocol.ScatterData;
import dev.weft.protocol.SchedulerSnapshot;
import dev.weft.protocol.StackFrame;
import dev.weft.protocol.StoreData;
import dev.weft.protocol.Story;
import dev.weft.protocol.TaskErred;
import dev.weft.protocol.TaskFinished;
import dev.weft.protocol.TaskOptions;
import dev.weft.protocol.TaskRun;
import dev.weft.protocol.TaskSpec;
import dev.weft.protocol.TaskStreamQuery;
import dev.weft.protocol.TaskStreamReply;
import dev.weft.protocol.UpdateGraph;
import dev.weft.protocol.UploadJar;
import dev.weft.protocol.WorkerGoodbye;
import dev.weft.protocol.WorkerIdentity;
import dev.weft.protocol.WorkerLost;
import dev.weft.protocol.RetireWorkers;
import dev.weft.protocol.Retired;
import dev.weft.protocol.AcquireReplicas;
import dev.weft.protocol.AdaptiveTarget;
import dev.weft.protocol.WorkerMemory;
import dev.weft.protocol.WorkerStatusChange;
import dev.weft.protocol.WorkerSnapshot;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One or more non-trivial messages of every concrete {@link Message} type (nested records, lists,
 * maps, payloads, unicode, extreme numbers), for wire round trips, {@link MessageCheck} and fuzzing.
 * Shared with other modules' tests through protocol's test jar. Each call builds fresh messages with
 * the same encodings (no random ids, no caller-dependent stack traces), so seeded fuzzing repeats.
 */
public final class SampleMessages {

  private SampleMessages() {}

  /** Every sample: {@link #valid()} then {@link #edgeCases()}. */
  public static List<Message> all() {
    List<Message> all = new ArrayList<>(valid());
    all.addAll(edgeCases());
    return all;
  }

  /** Samples of every message type, each passing {@link MessageCheck#check}. */
  public static List<Message> valid() {
    List<Message> s = new ArrayList<>();
    s.add(new Ack("scheduler"));
    s.add(new AddKeys("w1", map(e("x", 8L), e("y", Long.MAX_VALUE), e("z", -1L))));
    s.add(new AddKeys("w1", Map.of()));
    s.add(new Batch(List.of(new ClientHello("c1", "node-1"), new FreeKeys(List.of("a", "b"), ""), new KeyLost("k"))));
    s.add(new Batch(List.of()));
    s.add(new CancelKeys("c1", List.of("a", "b", "c")));
    s.add(new CancelKeys("c1", List.of("running"), true));
    s.add(new RetryKeys("c1", List.of("a", "b")));
    s.add(new RestartCluster("c1"));
    s.add(new RestartWorker("w1"));
    s.add(new ClientGoodbye("c1"));
    s.add(new ClientHeartbeat("c1"));
    s.add(new ClientHello("client-✓", "node-✓"));
    s.add(new ClientHello("client-2", "node-2", 2.5));
    s.add(new ComputeTask(
        spec("inc-1", List.of("a", "b"), richOptions()),
        new Priority(-3, Long.MAX_VALUE, Long.MIN_VALUE),
        map(e("a", List.of("w2", "w3")), e("b", List.of())), ""));
    s.add(new ComputeTask(spec("root", List.of(), TaskOptions.DEFAULT), new Priority(0, 0, 0), Map.of(), ""));
    s.add(new DataReply(map(e("a", Payload.of("small"))), List.of(),
        map(e("big", new DataTicket("127.0.0.1", 40123, "3f1c0d9e-token", (1L << 33) + 7)))));
    s.add(new FreeKeys(List.of("a", "b"), ""));
    s.add(new FreeKeys(List.of("running"), "CancelKeys-7", true));
    s.add(new GetData(List.of("a"), "3b7e0c52-5c1e-4c8e-9d0a-1f2e3d4c5b6a"));
    s.add(new GetData(List.of("a", "b"), "another-jvm"));
    s.add(new Heartbeat("w1", 4, new WorkerMemory(1L << 32, 1L << 33, 1L << 34, 7, 1L << 36, 1L << 35, true, "memory 81% of the limit"), 100, 187.5, 1L << 35, 2));
    s.add(new HeartbeatReply("node-1", true));
    s.add(new Identify("w1"));
    s.add(new KeyCancelled("k", KeyCancelled.SCHEDULER_CONNECTION_LOST));
    s.add(new KeyErred("k", fullError()));
    s.add(new KeyInMemory("k", "java.lang.Integer", List.of("w1", "w2"), Payload.of(42)));
    s.add(new KeyInMemory("k", "big.Thing", List.of("w1"), null));
    s.add(new KeyLost("k"));
    s.add(new Locations(map(e("a", List.of("w1")), e("b", List.of("w1", "w2")), e("c", List.of()))));
    s.add(new LongRunning("w1", "k"));
    s.add(new MissingData("w1", "k", "w2"));
    s.add(new Query(QueryKind.WHO_HAS, List.of("a", "b")));
    s.add(new Query(QueryKind.INFO, List.of()));
    s.add(new RegisterWorker("w1", 8, 1L << 40, map(e("GPU", 2.0), e("slots", 0.5)), "node-1"));
    s.add(new ReleaseKeys("c1", List.of("a")));
    s.add(new RunFunction(Payload.of("fn")));
    s.add(new RunResult("w1", Payload.of(Map.of("answer", 42)), null));
    s.add(new RunResult("w1", null, fullError()));
    s.add(new Broadcast("client-1", Payload.of("fn")));
    s.add(new StealRequest("inc-3"));
    s.add(new GetStory("inc-3"));
    s.add(new StealResponse("w1", "inc-3", true, "ready"));
    s.add(new RunResults(List.of(new RunResult("w1", Payload.of(1), null), new RunResult("w2", null, fullError()))));
    s.add(new ScatterData("c1", map(e("x", Payload.of(new int[] {1, 2, 3})), e("y", Payload.of(null))), true));
    s.add(new ScatterData("c1", Map.of(), false));
    s.add(new SchedulerSnapshot(
        "weft.scheduler",
        List.of(
            new WorkerSnapshot("w1", 4, 1L << 30, map(e("GPU", 1.0)), 3, 10, 12345L, 9, "paused",
                "memory 81% of the limit", 12345L, 1L << 28, 1L << 31, 4),
            new WorkerSnapshot("w2", 1, 0, Map.of(), 0, 0, 0, 0, "running", "", 0, 0, 0, 0)),
        map(e("memory", 10L), e("processing", 3L)), "http://127.0.0.1:8787/status", "node-1"));
    s.add(new SchedulerSnapshot("weft.scheduler", List.of(), Map.of(), "", "node-1"));
    s.add(new StoreData(map(e("x", Payload.of(1)), e("y", Payload.of("two")))));
    s.add(new Story("inc-1", List.of("RELEASED->WAITING UpdateGraph @5", "WAITING->PROCESSING UpdateGraph @5")));
    s.add(new Story("empty", List.of()));
    s.add(new TaskErred("w1", "k", fullError(), 100L, 250L, ""));
    s.add(new TaskFinished("w1", "k", 8L, "java.lang.Integer", 1_700_000_000_000L, 1_700_000_000_005L,
        Payload.of(7), ""));
    s.add(new TaskFinished("w1", "k", -1L, "null", 0, 0, null, ""));
    s.add(new TaskStreamQuery(1_700_000_000_000L));
    s.add(new TaskStreamReply(List.of(
        new TaskRun("inc-1", "inc", "w1", 0, 1_700_000_000_000L, 1_700_000_000_004L, true),
        new TaskRun("boom-2", "boom", "w2", 3, 5L, 9L, false))));
    s.add(new TaskStreamReply(List.of()));
    s.add(new UpdateGraph("c1",
        List.of(spec("a", List.of(), TaskOptions.DEFAULT), spec("b", List.of("a"), richOptions())),
        List.of("b")));
    s.add(new UpdateGraph(UpdateGraph.FIRE_AND_FORGET, List.of(), List.of()));
    s.add(new UploadJar("extra.jar", Payload.of(new byte[] {80, 75, 3, 4, 0, -1})));
    s.add(new WorkerGoodbye("w1"));
    s.add(new WorkerIdentity("w1", "node-1"));
    s.add(new WorkerLost("w1", "process exited with code 137"));
    s.add(new RetireWorkers(List.of("w1", "w2")));
    s.add(new Retired(List.of("w1")));
    s.add(new AcquireReplicas(map(e("a", List.of("w1", "w2"))), "RetireWorkers-3"));
    s.add(new Query(QueryKind.ADAPTIVE_TARGET, List.of()));
    s.add(new AdaptiveTarget(3, List.of("w2"), List.of("w2", "w1")));
    s.add(new WorkerStatusChange("w1", true, "memory 81% of the limit"));
    s.addAll(coordination());
    return s;
  }

  /** Samples of the coordination family, its replies and its events, each passing {@link MessageCheck#check}. */
  private static List<Message> coordination() {
    List<Message> s = new ArrayList<>();
    s.add(new SemaphoreRequest("c1", SemaphoreRequest.Op.ACQUIRE, "db", 2, "lease-1", 60_000));
    s.add(new SemaphoreRequest("c1", SemaphoreRequest.Op.VALUE, "db", 2, "", 0));
    s.add(new MultiLockRequest("c1", MultiLockRequest.Op.ACQUIRE, List.of("a", "b", "c"), "ml-1", 2, 1_000));
    s.add(new MultiLockRequest("c1", MultiLockRequest.Op.RELEASE, List.of(), "ml-1", 0, 0));
    s.add(new QueueRequest("c1", QueueRequest.Op.PUT, "q", 10, SharedValue.of(Payload.of(List.of(1, "two"))), 0, 500));
    s.add(new QueueRequest("c1", QueueRequest.Op.PUT, "q", 0, SharedValue.future("inc-1"), 0, 0));
    s.add(new QueueRequest("c1", QueueRequest.Op.GET, "q", 0, null, 1_000_000, 60_000));
    s.add(new VariableRequest("c1", VariableRequest.Op.SET, "stop", SharedValue.of(Payload.of(null)), 0));
    s.add(new VariableRequest("c1", VariableRequest.Op.GET, "stop", null, 250));
    s.add(new EventRequest("c1", EventRequest.Op.WAIT, "go", 60_000));
    s.add(new DatasetRequest("c1", DatasetRequest.Op.PUBLISH, "✓data", "inc-1", true));
    s.add(new DatasetRequest("c1", DatasetRequest.Op.LIST, "", "", false));
    s.add(new TopicRequest("c1", TopicRequest.Op.LOG, "progress", Payload.of(Map.of("done", 3))));
    s.add(new TopicRequest("c1", TopicRequest.Op.SUBSCRIBE, "all", null));
    s.add(new Taken("c1", List.of("inc-1", "inc-2")));
    s.add(new CoordinationReply("", true, Long.MAX_VALUE, List.of(SharedValue.future("k"), SharedValue.of(Payload.of(7))),
        List.of("a", "b")));
    s.add(new CoordinationReply("Released too often", false, 0, List.of(), List.of()));
    LoggedEvent event = new LoggedEvent("all", 1_700_000_000_000L, Payload.of(Map.of("action", "remove-worker")));
    s.add(event);
    s.add(new TopicEvents(List.of(event, new LoggedEvent("all", 0, Payload.of(null)))));
    return s;
  }

  /**
   * Samples the wire must carry although {@link MessageCheck} may refuse them: nulls where a
   * component is not nullable, null list elements and map values, extreme and NaN numbers.
   */
  public static List<Message> edgeCases() {
    List<Message> s = new ArrayList<>();
    s.add(new Ack(null));
    s.add(new DataReply(map(e("a", Payload.of(List.of(1, 2, 3))), e("b", Payload.of(null)), e("c", null)),
        List.of("d", "e")));
    s.add(new FreeKeys(new ArrayList<>(Arrays.asList("a", null, "")), ""));
    s.add(new Heartbeat("w1", 4, new WorkerMemory(Long.MAX_VALUE, -1, 0, 0, 0, 0, false, null), Integer.MIN_VALUE, Double.NaN, 1L << 35,
        Long.MIN_VALUE));
    s.add(new KeyErred("k", null));
    s.add(new ComputeTask(
        spec("nan", List.of(), new TaskOptions(0, -1, List.of(""), false, map(e("NaN", Double.NaN)))),
        new Priority(Integer.MIN_VALUE, 0, 0), Map.of(), ""));
    s.add(new TaskErred("w1", "k", new RemoteError("java.lang.Error", null, List.of(), null), -1L, 0L, ""));
    s.add(new TaskFinished("w1", "k", -1L, null, 0, 0, null, ""));
    s.add(new WorkerLost("w1", null));
    return s;
  }

  /** An error with a message, a stack (one frame without a file) and the exception itself. */
  public static RemoteError fullError() {
    IllegalStateException boom = new IllegalStateException("boom");
    boom.setStackTrace(new StackTraceElement[0]);
    return new RemoteError(
        "java.lang.IllegalStateException",
        "boom – ünïcødé ✓",
        List.of(
            new StackFrame("dev.weft.Example", "run", "Example.java", 42),
            new StackFrame("java.base/jdk.internal.Native", "call", null, -2),
            new StackFrame("", "", "", Integer.MAX_VALUE)),
        Payload.of(boom));
  }

  /** A task of function "inc" whose arguments refer to its first dependency. */
  public static TaskSpec spec(String key, List<String> deps, TaskOptions options) {
    Object[] args = {1, "two", new DependencyRef(deps.isEmpty() ? "none" : deps.get(0)), List.of(3L, 4L), null};
    return new TaskSpec(key, "inc", Payload.of("function-bytes-stand-in"), Payload.of(args), deps, options);
  }

  /** Options using every field: priority, retries, worker restrictions and resources. */
  public static TaskOptions richOptions() {
    return new TaskOptions(-7, 3, List.of("w1", "w2"), true, map(e("GPU", 1.0), e("MEM", 0.25)));
  }

  /** A map that keeps insertion order and allows null keys and values (Map.of does neither). */
  @SafeVarargs
  public static <K, V> Map<K, V> map(Map.Entry<K, V>... entries) {
    Map<K, V> m = new LinkedHashMap<>();
    for (Map.Entry<K, V> e : entries) {
      m.put(e.getKey(), e.getValue());
    }
    return m;
  }

  /** An entry for {@link #map}; either side may be null. */
  public static <K, V> Map.Entry<K, V> e(K k, V v) {
    return new AbstractMap.SimpleEntry<>(k, v);
  }
}

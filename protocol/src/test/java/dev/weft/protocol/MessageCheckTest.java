package dev.weft.protocol;

import static dev.weft.protocol.wire.SampleMessages.e;
import static dev.weft.protocol.wire.SampleMessages.map;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.weft.protocol.wire.SampleMessages;
import dev.weft.protocol.wire.WireCodec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * {@link MessageCheck}: every valid sample passes (as built and after a wire round trip), nullable
 * components may be null, and each rule has a message breaking it, refused with the exact reason.
 */
class MessageCheckTest {

  private static final String LONG = "x".repeat(10_001);
  private static final Payload P = Payload.of("value");

  @Test
  void everyValidSamplePasses() {
    WireCodec codec = new WireCodec(Serializers.DEFAULT);
    for (Message m : SampleMessages.valid()) {
      assertDoesNotThrow(() -> MessageCheck.check(m), () -> "sample " + m);
      assertDoesNotThrow(() -> MessageCheck.check(codec.decode(codec.encode(m))), () -> "decoded " + m);
    }
  }

  @Test
  void nullableComponentsMayBeNullAndBoundsAreInclusive() {
    List<Message> ok = List.of(
        new TaskFinished("w1", "k", -1, "", 0, 0, null, ""),
        new TaskErred("w1", "k", new RemoteError("E", null, List.of(new StackFrame("C", "m", null, -1)), null), 0, 0, ""),
        new ScatterData("c", map(e("k", Payload.of(null))), false),
        new ClientHeartbeat("x".repeat(10_000)),
        new RegisterWorker("w", 65_536, 0, map(e("R", 1e15), e("zero", 0.0)), "n"),
        new Heartbeat("w", 0, WorkerMemory.managed(0), 0, 1e6, 0, 0),
        new AddKeys("w", map(e("k", -1L))),
        new TaskStreamQuery(Long.MIN_VALUE),
        new UpdateGraph("c", List.of(spec("k", List.of("a", "b", "c"), TaskOptions.DEFAULT)), List.of()),
        new UpdateGraph("c", List.of(spec("k", deps(17), TaskOptions.DEFAULT)), List.of()),
        new Ack(null),
        new KeyErred("k", null));
    for (Message m : ok) {
      assertDoesNotThrow(() -> MessageCheck.check(m), () -> "message " + m);
    }
  }

  @TestFactory
  Stream<DynamicTest> eachRuleRefusesAMessageBreakingIt() {
    List<DynamicTest> t = new ArrayList<>();
    // Batch
    t.add(refused("Batch.messages must be non-null", new Batch(null)));
    t.add(refused("Batch.messages[1] must be non-null", new Batch(Arrays.asList(new KeyLost("k"), null))));
    t.add(refused("Batch.messages[0] must not be a Batch", new Batch(List.of(new Batch(List.of())))));
    t.add(refused("Batch.messages[1]: ClientGoodbye.clientId must be non-empty",
        new Batch(List.of(new ClientGoodbye("c"), new ClientGoodbye("")))));
    t.add(refused("message must be non-null", null));
    // ids, names and keys
    t.add(refused("ClientHello.clientId must be non-null", new ClientHello(null, "n")));
    t.add(refused("ClientHello.nodeId must be non-empty", new ClientHello("c", "")));
    t.add(refused("ClientHello.share must be finite and in 1e-6..1e6, got NaN", new ClientHello("c", "n", Double.NaN)));
    t.add(refused("ClientHello.share must be finite and in 1e-6..1e6, got 0.0", new ClientHello("c", "n", 0)));
    t.add(refused("ClientHello.share must be finite and in 1e-6..1e6, got Infinity",
        new ClientHello("c", "n", Double.POSITIVE_INFINITY)));
    t.add(refused("ClientGoodbye.clientId must be non-empty", new ClientGoodbye("")));
    t.add(refused("ClientHeartbeat.clientId must be at most 10000 chars, got 10001", new ClientHeartbeat(LONG)));
    t.add(refused("ReleaseKeys.clientId must be non-null", new ReleaseKeys(null, List.of())));
    t.add(refused("ReleaseKeys.keys must be non-null", new ReleaseKeys("c", null)));
    t.add(refused("CancelKeys.keys[1] must be non-empty", new CancelKeys("c", List.of("a", ""))));
    t.add(refused("CancelKeys.clientId must be non-empty", new CancelKeys("", List.of("a"), true)));
    t.add(refused("RetryKeys.keys[0] must be non-empty", new RetryKeys("c", List.of(""))));
    t.add(refused("RestartCluster.clientId must be non-empty", new RestartCluster("")));
    t.add(refused("RestartWorker.workerId must be non-empty", new RestartWorker("")));
    t.add(refused("MissingData.workerId must be non-empty", new MissingData("", "k", "w")));
    t.add(refused("MissingData.key must be non-null", new MissingData("w", null, "w2")));
    t.add(refused("MissingData.errantWorker must be non-empty", new MissingData("w", "k", "")));
    t.add(refused("WorkerGoodbye.workerId must be non-null", new WorkerGoodbye(null)));
    t.add(refused("LongRunning.workerId must be non-empty", new LongRunning("", "k")));
    t.add(refused("LongRunning.key must be non-empty", new LongRunning("w", "")));
    t.add(refused("WorkerLost.workerId must be non-empty", new WorkerLost("", "r")));
    t.add(refused("WorkerLost.reason must be non-null", new WorkerLost("w", null)));
    t.add(refused("Identify.workerId must be non-empty", new Identify("")));
    t.add(refused("FreeKeys.keys must be non-null", new FreeKeys(null, "")));
    t.add(refused("FreeKeys.keys[1] must be non-null", new FreeKeys(Arrays.asList("a", null), "")));
    t.add(refused("FreeKeys.keys[0] must be non-empty", new FreeKeys(List.of(""), "", true)));
    t.add(refused("GetData.keys[0] must be non-empty", new GetData(List.of(""), "jvm")));
    t.add(refused("GetData.jvm must be non-null", new GetData(List.of("a"), null)));
    t.add(refused("Query.kind must be non-null", new Query(null, List.of())));
    t.add(refused("Query.keys must be non-null", new Query(QueryKind.WHO_HAS, null)));
    t.add(refused("Query.keys[0] must be at most 10000 chars, got 10001", new Query(QueryKind.WHO_HAS, List.of(LONG))));
    // RegisterWorker
    t.add(refused("RegisterWorker.workerId must be non-empty", register("", 1, 0, Map.of(), "n")));
    t.add(refused("RegisterWorker.nthreads must be >= 1, got 0", register("w", 0, 0, Map.of(), "n")));
    t.add(refused("RegisterWorker.nthreads must be <= 65536, got 65537", register("w", 65_537, 0, Map.of(), "n")));
    t.add(refused("RegisterWorker.memoryLimit must be >= 0, got -1", register("w", 1, -1, Map.of(), "n")));
    t.add(refused("RegisterWorker.resources must be non-null", register("w", 1, 0, null, "n")));
    t.add(refused("RegisterWorker.nodeId must be non-null", register("w", 1, 0, Map.of(), null)));
    // resources, through RegisterWorker and TaskOptions
    t.add(refused("RegisterWorker.resources key must be non-empty", register("w", 1, 0, map(e("", 1.0)), "n")));
    t.add(refused("RegisterWorker.resources key must be non-null", register("w", 1, 0, map(e(null, 1.0)), "n")));
    t.add(refused("RegisterWorker.resources[\"GPU\"] must be finite and in 0..1e15, got NaN",
        register("w", 1, 0, map(e("GPU", Double.NaN)), "n")));
    t.add(refused("RegisterWorker.resources[\"GPU\"] must be finite and in 0..1e15, got Infinity",
        register("w", 1, 0, map(e("GPU", Double.POSITIVE_INFINITY)), "n")));
    t.add(refused("RegisterWorker.resources[\"GPU\"] must be finite and in 0..1e15, got -0.5",
        register("w", 1, 0, map(e("GPU", -0.5)), "n")));
    t.add(refused("RegisterWorker.resources[\"GPU\"] must be finite and in 0..1e15, got 2.0E15",
        register("w", 1, 0, map(e("GPU", 2e15)), "n")));
    t.add(refused("RegisterWorker.resources[\"GPU\"] must be finite and in 0..1e15, got null",
        register("w", 1, 0, map(e("GPU", null)), "n")));
    t.add(refused("UpdateGraph.tasks[0]: TaskSpec.options: TaskOptions.resources[\"GPU\"] must be finite and in 0..1e15, got NaN",
        graph(spec("k", List.of(), new TaskOptions(0, 0, List.of(), false, map(e("GPU", Double.NaN)))))));
    // Heartbeat
    t.add(refused("Heartbeat.workerId must be non-null", new Heartbeat(null, 0, WorkerMemory.managed(0), 0, 0, 0, 0)));
    t.add(refused("Heartbeat.executing must be >= 0, got -1", new Heartbeat("w", -1, WorkerMemory.managed(0), 0, 0, 0, 0)));
    t.add(refused("Heartbeat.memory.managedBytes must be >= 0, got -1", new Heartbeat("w", 0, WorkerMemory.managed(-1), 0, 0, 0, 0)));
    t.add(refused("Heartbeat.storedKeys must be >= 0, got -1", new Heartbeat("w", 0, WorkerMemory.managed(0), -1, 0, 0, 0)));
    t.add(refused("Heartbeat.cpuPercent must be finite and in 0..1e6, got NaN",
        new Heartbeat("w", 0, WorkerMemory.managed(0), 0, Double.NaN, 0, 0)));
    t.add(refused("Heartbeat.cpuPercent must be finite and in 0..1e6, got -Infinity",
        new Heartbeat("w", 0, WorkerMemory.managed(0), 0, Double.NEGATIVE_INFINITY, 0, 0)));
    t.add(refused("Heartbeat.cpuPercent must be finite and in 0..1e6, got 1000001.0",
        new Heartbeat("w", 0, WorkerMemory.managed(0), 0, 1_000_001, 0, 0)));
    t.add(refused("Heartbeat.bytesFetched must be >= 0, got -1", new Heartbeat("w", 0, WorkerMemory.managed(0), 0, 0, -1, 0)));
    t.add(refused("Heartbeat.rejected must be >= 0, got -1", new Heartbeat("w", 0, WorkerMemory.managed(0), 0, 0, 0, -1)));
    t.add(refused("Heartbeat.memory must be non-null", new Heartbeat("w", 0, null, 0, 0, 0, 0)));
    t.add(refused("Heartbeat.memory.processBytes must be >= 0, got -5",
        new Heartbeat("w", 0, new WorkerMemory(0, -5, 0, 0, 0, 0, false, ""), 0, 0, 0, 0)));
    t.add(refused("Heartbeat.memory.spilledBytes must be >= 0, got -1",
        new Heartbeat("w", 0, new WorkerMemory(0, 0, -1, 0, 0, 0, false, ""), 0, 0, 0, 0)));
    t.add(refused("Heartbeat.memory.spilledKeys must be >= 0, got -1",
        new Heartbeat("w", 0, new WorkerMemory(0, 0, 0, -1, 0, 0, false, ""), 0, 0, 0, 0)));
    t.add(refused("Heartbeat.memory.spillReadBytes must be >= 0, got -1",
        new Heartbeat("w", 0, new WorkerMemory(0, 0, 0, 0, 0, -1, false, ""), 0, 0, 0, 0)));
    t.add(refused("Heartbeat.memory.pauseReason must be non-null",
        new Heartbeat("w", 0, new WorkerMemory(0, 0, 0, 0, 0, 0, true, null), 0, 0, 0, 0)));
    // WorkerStatusChange
    t.add(refused("WorkerStatusChange.workerId must be non-null", new WorkerStatusChange(null, true, "memory")));
    t.add(refused("WorkerStatusChange.reason must be at most 10000 chars, got 10001", new WorkerStatusChange("w", true, LONG)));
    // TaskFinished
    t.add(refused("TaskFinished.workerId must be non-empty", new TaskFinished("", "k", 0, "T", 0, 0, null, "")));
    t.add(refused("TaskFinished.key must be non-null", new TaskFinished("w", null, 0, "T", 0, 0, null, "")));
    t.add(refused("TaskFinished.nbytes must be >= -1, got -2", new TaskFinished("w", "k", -2, "T", 0, 0, null, "")));
    t.add(refused("TaskFinished.type must be non-null", new TaskFinished("w", "k", 0, null, 0, 0, null, "")));
    t.add(refused("TaskFinished.startMillis must be >= 0, got -1", new TaskFinished("w", "k", 0, "T", -1, 0, null, "")));
    t.add(refused("TaskFinished.stopMillis must be >= 0, got -1", new TaskFinished("w", "k", 0, "T", 0, -1, null, "")));
    // TaskErred
    t.add(refused("TaskErred.key must be non-empty", erred("", error("E", List.of()), 0)));
    t.add(refused("TaskErred.error must be non-null", erred("k", null, 0)));
    t.add(refused("TaskErred.error: RemoteError.type must be non-empty", erred("k", error("", List.of()), 0)));
    t.add(refused("TaskErred.error: RemoteError.stack must be non-null", erred("k", error("E", null), 0)));
    t.add(refused("TaskErred.error: RemoteError.stack[0] must be non-null",
        erred("k", error("E", Arrays.asList((StackFrame) null)), 0)));
    t.add(refused("TaskErred.error: RemoteError.stack[1].className must be non-null",
        erred("k", error("E", List.of(new StackFrame("C", "m", "F", 1), new StackFrame(null, "m", "F", 1))), 0)));
    t.add(refused("TaskErred.error: RemoteError.stack[0].method must be non-null",
        erred("k", error("E", List.of(new StackFrame("C", null, "F", 1))), 0)));
    t.add(refused("TaskErred.startMillis must be >= 0, got -1", erred("k", error("E", List.of()), -1)));
    // AddKeys
    t.add(refused("AddKeys.workerId must be non-empty", new AddKeys("", Map.of())));
    t.add(refused("AddKeys.nbytes must be non-null", new AddKeys("w", null)));
    t.add(refused("AddKeys.nbytes key must be non-empty", new AddKeys("w", map(e("", 1L)))));
    t.add(refused("AddKeys.nbytes[\"k\"] must be >= -1, got -2", new AddKeys("w", map(e("k", -2L)))));
    t.add(refused("AddKeys.nbytes[\"k\"] must be >= -1, got null", new AddKeys("w", map(e("k", (Long) null)))));
    // ScatterData, StoreData
    t.add(refused("ScatterData.clientId must be non-empty", new ScatterData("", Map.of(), false)));
    t.add(refused("ScatterData.data must be non-null", new ScatterData("c", null, false)));
    t.add(refused("ScatterData.data[\"k\"] must be a Payload, got null",
        new ScatterData("c", map(e("k", (Payload) null)), false)));
    t.add(refused("ScatterData.data key must be non-null", new ScatterData("c", map(e(null, P)), true)));
    t.add(refused("StoreData.data[\"" + "k".repeat(40) + "…\"] must be a Payload, got null",
        new StoreData(map(e("k".repeat(50), (Payload) null)))));
    t.add(refused("StoreData.data must be non-null", new StoreData(null)));
    // UploadJar, RunFunction
    t.add(refused("UploadJar.name must be non-empty", new UploadJar("", P)));
    t.add(refused("UploadJar.bytes must be non-null", new UploadJar("a.jar", null)));
    t.add(refused("RunFunction.function must be non-null", new RunFunction(null)));
    t.add(refused("Broadcast.clientId must be non-empty", new Broadcast("", P)));
    t.add(refused("Broadcast.function must be non-null", new Broadcast("c", null)));
    t.add(refused("StealRequest.key must be non-empty", new StealRequest("")));
    t.add(refused("RetireWorkers.workerIds[0] must be non-empty", new RetireWorkers(List.of(""))));
    t.add(refused("AcquireReplicas.stimulusId must be non-null", new AcquireReplicas(Map.of(), null)));
    t.add(refused("GetStory.key must be non-empty", new GetStory("")));
    t.add(refused("FreeKeys.stimulusId must be non-null", new FreeKeys(List.of("a"), null)));
    t.add(refused("TaskFinished.stimulusId must be non-null", new TaskFinished("w", "k", 0, "T", 0, 0, null, null)));
    t.add(refused("StealResponse.workerId must be non-empty", new StealResponse("", "k", true, "ready")));
    t.add(refused("StealResponse.state must be non-null", new StealResponse("w", "k", false, null)));
    // UpdateGraph and TaskSpec
    t.add(refused("UpdateGraph.clientId must be non-empty", new UpdateGraph("", List.of(), List.of())));
    t.add(refused("UpdateGraph.tasks must be non-null", new UpdateGraph("c", null, List.of())));
    t.add(refused("UpdateGraph.tasks[0] must be non-null", new UpdateGraph("c", Arrays.asList((TaskSpec) null), List.of())));
    t.add(refused("UpdateGraph.wanted must be non-null", new UpdateGraph("c", List.of(), null)));
    t.add(refused("UpdateGraph.wanted[0] must be non-null", new UpdateGraph("c", List.of(), Arrays.asList((String) null))));
    t.add(refused("UpdateGraph.tasks[1]: TaskSpec.key must be non-empty",
        graph(spec("a", List.of(), TaskOptions.DEFAULT), spec("", List.of(), TaskOptions.DEFAULT))));
    t.add(refused("UpdateGraph.tasks[0]: TaskSpec.name must be non-null",
        graph(new TaskSpec("k", null, P, P, List.of(), TaskOptions.DEFAULT))));
    t.add(refused("UpdateGraph.tasks[0]: TaskSpec.function must be non-null",
        graph(new TaskSpec("k", "f", null, P, List.of(), TaskOptions.DEFAULT))));
    t.add(refused("UpdateGraph.tasks[0]: TaskSpec.args must be non-null",
        graph(new TaskSpec("k", "f", P, null, List.of(), TaskOptions.DEFAULT))));
    t.add(refused("UpdateGraph.tasks[0]: TaskSpec.dependencies must be non-null",
        graph(new TaskSpec("k", "f", P, P, null, TaskOptions.DEFAULT))));
    t.add(refused("UpdateGraph.tasks[0]: TaskSpec.dependencies[1] must be non-empty",
        graph(spec("k", List.of("a", ""), TaskOptions.DEFAULT))));
    t.add(refused("UpdateGraph.tasks[0]: TaskSpec.dependencies[2] must not repeat a dependency",
        graph(spec("k", List.of("a", "b", "a"), TaskOptions.DEFAULT))));
    List<String> manyWithRepeat = new ArrayList<>(deps(20));
    manyWithRepeat.add("d3");
    t.add(refused("UpdateGraph.tasks[0]: TaskSpec.dependencies[20] must not repeat a dependency",
        graph(spec("k", manyWithRepeat, TaskOptions.DEFAULT))));
    t.add(refused("UpdateGraph.tasks[0]: TaskSpec.dependencies[1] must not be the task's own key",
        graph(spec("k", List.of("a", "k"), TaskOptions.DEFAULT))));
    t.add(refused("UpdateGraph.tasks[0]: TaskSpec.options must be non-null", graph(spec("k", List.of(), null))));
    t.add(refused("UpdateGraph.tasks[0]: TaskSpec.options: TaskOptions.retries must be >= 0, got -1",
        graph(spec("k", List.of(), new TaskOptions(0, -1, List.of(), false, Map.of())))));
    t.add(refused("UpdateGraph.tasks[0]: TaskSpec.options: TaskOptions.workers must be non-null",
        graph(spec("k", List.of(), new TaskOptions(0, 0, null, false, Map.of())))));
    t.add(refused("UpdateGraph.tasks[0]: TaskSpec.options: TaskOptions.workers[0] must be non-empty",
        graph(spec("k", List.of(), new TaskOptions(0, 0, List.of(""), true, Map.of())))));
    t.add(refused("UpdateGraph.tasks[0]: TaskSpec.options: TaskOptions.resources must be non-null",
        graph(spec("k", List.of(), new TaskOptions(0, 0, List.of(), false, null)))));
    // ComputeTask
    Priority p = new Priority(0, 0, 0);
    TaskSpec ok = spec("k", List.of("a"), TaskOptions.DEFAULT);
    t.add(refused("ComputeTask.spec must be non-null", new ComputeTask(null, p, Map.of(), "")));
    t.add(refused("ComputeTask.spec: TaskSpec.key must be non-null",
        new ComputeTask(spec(null, List.of(), TaskOptions.DEFAULT), p, Map.of(), "")));
    t.add(refused("ComputeTask.stimulusId must be non-null", new ComputeTask(ok, p, Map.of(), null)));
    t.add(refused("ComputeTask.priority must be non-null", new ComputeTask(ok, null, Map.of(), "")));
    t.add(refused("ComputeTask.whoHas must be non-null", new ComputeTask(ok, p, null, "")));
    t.add(refused("ComputeTask.whoHas key must be non-empty", new ComputeTask(ok, p, map(e("", List.of("w"))), "")));
    t.add(refused("ComputeTask.whoHas[\"a\"] must be non-null", new ComputeTask(ok, p, map(e("a", (List<String>) null)), "")));
    t.add(refused("ComputeTask.whoHas[\"a\"][1] must be non-empty", new ComputeTask(ok, p, map(e("a", List.of("w", ""))), "")));
    return t.stream();
  }

  private static DynamicTest refused(String reason, Message m) {
    return dynamicTest(reason, () -> assertEquals(reason,
        assertThrows(MalformedMessageException.class, () -> MessageCheck.check(m)).getMessage()));
  }

  private static RegisterWorker register(String id, int nthreads, long memory, Map<String, Double> res, String node) {
    return new RegisterWorker(id, nthreads, memory, res, node);
  }

  private static TaskErred erred(String key, RemoteError error, long start) {
    return new TaskErred("w", key, error, start, 0, "");
  }

  private static RemoteError error(String type, List<StackFrame> stack) {
    return new RemoteError(type, null, stack, null);
  }

  private static TaskSpec spec(String key, List<String> deps, TaskOptions options) {
    return new TaskSpec(key, "f", P, P, deps, options);
  }

  private static UpdateGraph graph(TaskSpec... tasks) {
    return new UpdateGraph("c", List.of(tasks), List.of());
  }

  /** {@code n} distinct dependency keys d0, d1, ... */
  private static List<String> deps(int n) {
    List<String> deps = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      deps.add("d" + i);
    }
    return deps;
  }
}

package dev.weft.scheduler.state;

import static dev.weft.scheduler.state.Specs.erred;
import static dev.weft.scheduler.state.Specs.error;
import static dev.weft.scheduler.state.Specs.finished;
import static dev.weft.scheduler.state.Specs.graph;
import static dev.weft.scheduler.state.Specs.release;
import static dev.weft.scheduler.state.Specs.worker;
import static dev.weft.scheduler.state.TaskStatus.ERRED;
import static dev.weft.scheduler.state.TaskStatus.FORGOTTEN;
import static dev.weft.scheduler.state.TaskStatus.MEMORY;
import static dev.weft.scheduler.state.TaskStatus.PROCESSING;
import static dev.weft.scheduler.state.TaskStatus.QUEUED;
import static dev.weft.scheduler.state.TaskStatus.WAITING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.protocol.Heartbeat;
import dev.weft.protocol.RegisterWorker;
import dev.weft.protocol.WorkerSnapshot;
import dev.weft.protocol.WorkerMemory;
import dev.weft.protocol.TaskOptions;
import dev.weft.protocol.TaskSpec;
import dev.weft.protocol.ToScheduler;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The read-only views the dashboard draws: counts per function name, workers, the graph. */
class SchedulerViewsTest {

  private SchedulerState state;

  @BeforeEach
  void newState() {
    state = new SchedulerState(SchedulerConfig.defaults().withValidate(true));
    for (String client : List.of("c1", "c2", "c3")) {
      handle(Specs.hello(client));
    }
  }

  @AfterEach
  void validate() {
    state.validate();
  }

  private void handle(ToScheduler m) {
    state.handle(m, Specs.NODE, 0);
  }

  private static TaskSpec named(String key, String name, String... deps) {
    return new TaskSpec(key, name, Specs.FUNCTION, Specs.ARGS, List.of(deps), TaskOptions.DEFAULT);
  }

  private PrefixView prefix(String name) {
    return state.prefixViews().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void prefixCountsFollowEveryTransitionAndKeepForgottenTasksAsDone() {
    handle(worker("w1", 1));
    handle(graph("c1", List.of(named("inc-1", "inc"), named("inc-2", "inc"), named("inc-3", "inc"),
        named("sum-1", "sum", "inc-1", "inc-2", "inc-3")), "sum-1"));

    assertEquals(List.of("inc", "sum"), state.prefixViews().stream().map(PrefixView::name).toList());
    assertEquals(2, prefix("inc").counts().get(PROCESSING), "saturation 1.1 on one thread: ceil(1.1) root tasks sent");
    assertEquals(1, prefix("inc").counts().get(QUEUED));
    assertEquals(1, prefix("sum").counts().get(WAITING));

    handle(finished("w1", "inc-1"));
    handle(finished("w1", "inc-2"));
    assertEquals(2, prefix("inc").counts().get(MEMORY));
    assertEquals(1, prefix("inc").counts().get(PROCESSING));

    handle(erred("w1", "inc-3", error("boom")));

    assertEquals(Map.of(TaskStatus.RELEASED, 3L), nonZero(prefix("inc")), "kept as lineage of sum-1, wanted by no one");
    assertEquals(Map.of(ERRED, 1L), nonZero(prefix("sum")), "erred with its dependency");
    assertEquals(1, prefix("sum").done());

    handle(release("c1", "sum-1"));

    assertEquals(Map.of(FORGOTTEN, 3L), nonZero(prefix("inc")));
    assertEquals(3, prefix("inc").done());
    assertEquals(3, prefix("inc").total());
    assertEquals(Map.of(FORGOTTEN, 1L), nonZero(prefix("sum")));
  }

  private static Map<TaskStatus, Long> nonZero(PrefixView p) {
    return Map.copyOf(p.counts().entrySet().stream().filter(e -> e.getValue() != 0)
        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
  }

  @Test
  void workerViewsCarryTheLastHeartbeatAndBytesTransferredOnlyGrows() {
    handle(worker("w1", 4));
    state.handle(new Heartbeat("w1", 3, WorkerMemory.managed(5_000), 2, 150.5, 1_000, 0), Specs.NODE, 10);
    state.handle(new Heartbeat("w1", 1, WorkerMemory.managed(6_000), 2, 20.0, 1_500, 0), Specs.NODE, 20);

    WorkerView w = state.workerViews().get(0);
    assertEquals("w1", w.id());
    assertEquals(4, w.nthreads());
    assertEquals(1, w.executing());
    assertEquals(20.0, w.cpuPercent());
    assertEquals(6_000, w.memoryBytes());
    assertEquals(20, w.lastSeenMillis());
    assertEquals(1_500, state.bytesTransferred());

    handle(worker("w2", 1));
    state.handle(new Heartbeat("w2", 0, WorkerMemory.managed(0), 0, 0, 700, 0), Specs.NODE, 30);
    assertEquals(2_200, state.bytesTransferred());
  }

  @Test
  void workerViewsAndTheSnapshotCarryMemorySplitAsDaskAndThePause() {
    state.handle(new RegisterWorker("w1", 2, 1L << 30, Map.of(), Specs.NODE), Specs.NODE, 0);
    handle(worker("w2", 1));
    WorkerMemory m = new WorkerMemory(5_000, 9_000, 7_000, 3, 8_000, 1_000, true, "memory 85% of the limit");
    state.handle(new Heartbeat("w1", 0, m, 4, 0, 0, 0), Specs.NODE, 10);

    WorkerView w = state.workerViews().get(0);
    assertEquals("paused", w.status());
    assertTrue(w.paused());
    assertEquals("memory 85% of the limit", w.pauseReason());
    assertEquals(5_000, w.managedBytes());
    assertEquals(4_000, w.unmanagedBytes(), "process memory that is not managed values");
    assertEquals(9_000, w.memoryBytes(), "managed + unmanaged");
    assertEquals(7_000, w.spilledBytes());
    assertEquals(3, w.spilledKeys());
    assertEquals(8_000, w.spillWrittenBytes());
    assertEquals(1_000, w.spillReadBytes());
    WorkerView other = state.workerViews().get(1);
    assertEquals("running", other.status());
    assertEquals("", other.pauseReason());
    assertEquals(0, other.memoryBytes());

    WorkerSnapshot s = state.snapshot("addr", "", "node-1").workers().get(0);
    assertEquals(new WorkerSnapshot("w1", 2, 1L << 30, Map.of(), 0, 0, 0, 4, "paused", "memory 85% of the limit",
        5_000, 4_000, 7_000, 3), s);
  }

  @Test
  void graphViewListsTasksAndDependencyEdgesUntilTooLarge() {
    handle(worker("w1", 1));
    handle(graph("c1", List.of(named("a", "load"), named("b", "load"), named("c", "merge", "a", "b")), "c"));

    GraphView g = state.graphView(3);

    assertEquals(false, g.truncated());
    assertEquals(3, g.nodes().size());
    assertTrue(g.nodes().contains(new GraphView.Node("c", "merge", WAITING)));
    assertEquals(java.util.Set.of(List.of("a", "c"), List.of("b", "c")), java.util.Set.copyOf(g.edges()));
    assertEquals(new GraphView(true, List.of(), List.of()), state.graphView(2));
  }
}

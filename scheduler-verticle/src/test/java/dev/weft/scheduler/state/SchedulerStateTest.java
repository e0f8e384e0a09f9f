package dev.weft.scheduler.state;

import static dev.weft.scheduler.state.Specs.NODE;
import static dev.weft.scheduler.state.Specs.addKeys;
import static dev.weft.scheduler.state.Specs.hello;
import static dev.weft.scheduler.state.Specs.cancel;
import static dev.weft.scheduler.state.Specs.cancelled;
import static dev.weft.scheduler.state.Specs.compute;
import static dev.weft.scheduler.state.Specs.erred;
import static dev.weft.scheduler.state.Specs.erredKey;
import static dev.weft.scheduler.state.Specs.error;
import static dev.weft.scheduler.state.Specs.finished;
import static dev.weft.scheduler.state.Specs.free;
import static dev.weft.scheduler.state.Specs.graph;
import static dev.weft.scheduler.state.Specs.inMemory;
import static dev.weft.scheduler.state.Specs.lost;
import static dev.weft.scheduler.state.Specs.needs;
import static dev.weft.scheduler.state.Specs.onWorkers;
import static dev.weft.scheduler.state.Specs.priority;
import static dev.weft.scheduler.state.Specs.release;
import static dev.weft.scheduler.state.Specs.retries;
import static dev.weft.scheduler.state.Specs.scatter;
import static dev.weft.scheduler.state.Specs.submit;
import static dev.weft.scheduler.state.Specs.task;
import static dev.weft.scheduler.state.Specs.worker;
import static dev.weft.scheduler.state.TaskStatus.ERRED;
import static dev.weft.scheduler.state.TaskStatus.FORGOTTEN;
import static dev.weft.scheduler.state.TaskStatus.MEMORY;
import static dev.weft.scheduler.state.TaskStatus.NO_WORKER;
import static dev.weft.scheduler.state.TaskStatus.PROCESSING;
import static dev.weft.scheduler.state.TaskStatus.QUEUED;
import static dev.weft.scheduler.state.TaskStatus.RELEASED;
import static dev.weft.scheduler.state.TaskStatus.WAITING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.weft.protocol.UploadJar;
import dev.weft.protocol.UpdateGraph;
import dev.weft.protocol.LongRunning;
import dev.weft.protocol.WorkerLost;
import dev.weft.protocol.ClientGoodbye;
import dev.weft.protocol.ClientHeartbeat;
import dev.weft.protocol.Heartbeat;
import dev.weft.protocol.KeyCancelled;
import dev.weft.protocol.KeyErred;
import dev.weft.protocol.KeyInMemory;
import dev.weft.protocol.MissingData;
import dev.weft.protocol.Payload;
import dev.weft.protocol.Priority;
import dev.weft.protocol.RemoteError;
import dev.weft.protocol.StoreData;
import dev.weft.protocol.TaskSpec;
import dev.weft.protocol.ToScheduler;
import dev.weft.protocol.WorkerGoodbye;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The scheduler state machine, driven message by message with explicit times; every test asserts
 * the exact messages the scheduler sends back. Invariants are checked after every stimulus
 * (validate mode) and over the whole state after every test.
 *
 * <p>Every declared transition must be taken by some test of this class: the counts of all tests
 * are summed and checked after the last one ({@link #everyDeclaredTransitionIsTaken()}), so keep
 * tests that exercise transitions in this class.
 */
class SchedulerStateTest {

  private static final String C = "c1";
  private static final String C2 = "c2";
  private static final String C3 = "c3";

  /** Transitions taken, summed over every test of the class. */
  private static final Map<Transition, Long> TAKEN = new LinkedHashMap<>();

  private SchedulerState state;
  /** Time passed with the next stimulus. */
  private long now;

  @BeforeEach
  void newState() {
    state = new SchedulerState(SchedulerConfig.defaults().withValidate(true));
    now = 0;
    for (String client : List.of(C, C2, C3)) {
      assertEquals(List.of(), handle(hello(client)));
    }
  }

  @AfterEach
  void validateAndCount() {
    state.transitionCounts().forEach((t, n) -> TAKEN.merge(t, n, Long::sum));
    state.validate();
  }

  @AfterAll
  static void everyDeclaredTransitionIsTaken() {
    List<Transition> declared = new SchedulerState(SchedulerConfig.defaults()).declaredTransitions();
    List<Transition> untaken = new ArrayList<>();
    for (Transition t : declared) {
      if (TAKEN.getOrDefault(t, 0L) == 0) {
        untaken.add(t);
      }
    }
    if (!untaken.isEmpty()) {
      fail("declared transitions never taken by any test: " + untaken);
    }
  }

  private List<Effect> handle(ToScheduler message) {
    return state.handle(message, NODE, now);
  }

  private List<Effect> at(long millis, ToScheduler message) {
    now = millis;
    return handle(message);
  }

  private void workers(String... ids) {
    for (String id : ids) {
      assertEquals(List.of(), handle(worker(id, 1)));
    }
  }

  // ---------------------------------------------------------------- main flows, exact effects

  @Test
  void submittedTaskIsSentToTheRegisteredWorker() {
    workers("w1");
    TaskSpec t = task("t");

    assertEquals(List.of(compute("w1", t, new Priority(0, 1, 0))), handle(submit(C, t)));
    assertEquals(PROCESSING, state.status("t"));
  }

  @Test
  void finishedTaskIsReportedToTheWantingClientWithItsInlineValue() {
    workers("w1");
    handle(submit(C, task("t")));
    Payload value = Payload.of(42);

    List<Effect> fx = handle(finished("w1", "t", 8, value));

    assertEquals(List.of(inMemory(C, "t", List.of("w1"), value)), fx);
    assertSame(value, ((KeyInMemory) ((SendToClient) fx.get(0)).message()).inline());
    assertEquals(MEMORY, state.status("t"));
    assertEquals(Map.of("t", List.of("w1")), state.whoHas(List.of()));
  }

  @Test
  void releasedKeyIsFreedOnItsWorkerAndForgotten() {
    workers("w1");
    handle(submit(C, task("t")));
    handle(finished("w1", "t"));

    assertEquals(List.of(free("w1", "t")), handle(release(C, "t")));
    assertEquals(FORGOTTEN, state.status("t"));
    assertEquals(0, state.taskCount());
    assertEquals(Map.of("w1", List.of()), state.hasWhat());
  }

  // ---------------------------------------------------------------- dependencies

  @Test
  void dependentRunsOnTheWorkerHoldingItsDependency() {
    workers("w1", "w2");
    TaskSpec x = task("x");
    TaskSpec a = task("a");
    TaskSpec z = task("z", onWorkers(false, "w2"));
    TaskSpec b = task("b", "a");
    assertEquals(List.of(compute("w1", x, new Priority(0, 1, 0))), at(0, submit(C, x)));
    assertEquals(List.of(compute("w2", a, new Priority(0, 1, 1))), at(1, submit(C, a)));
    assertEquals(List.of(compute("w2", z, new Priority(0, 1, 2))), at(2, submit(C, z)));
    assertEquals(List.of(inMemory(C, "x", List.of("w1"), null)), at(3, finished("w1", "x")));
    assertEquals(List.of(), at(4, submit(C, b)));
    assertEquals(WAITING, state.status("b"));

    // w1 is idle and w2 still runs z, yet b goes where a is.
    List<Effect> fx = at(5, finished("w2", "a", 1_000_000, null));

    assertEquals(List.of(inMemory(C, "a", List.of("w2"), null),
        compute("w2", b, new Priority(0, 1, 3), Map.of("a", List.of("w2")))), fx);
  }

  @Test
  void dependencyIsFreedOnceAllItsDependentsFinished() {
    workers("w1");
    TaskSpec a = task("a");
    TaskSpec b1 = task("b1", "a");
    TaskSpec b2 = task("b2", "a");
    assertEquals(List.of(compute("w1", a, new Priority(0, 1, 0))),
        handle(graph(C, List.of(a, b1, b2), "b1", "b2")));

    List<Effect> fx = handle(finished("w1", "a"));
    Map<String, List<String>> whoHasA = Map.of("a", List.of("w1"));
    assertEquals(Set.of(compute("w1", b1, new Priority(0, 1, 1), whoHasA),
        compute("w1", b2, new Priority(0, 1, 2), whoHasA)), Set.copyOf(fx));
    assertEquals(2, fx.size());

    assertEquals(List.of(inMemory(C, "b1", List.of("w1"), null)), handle(finished("w1", "b1")));
    assertEquals(MEMORY, state.status("a"));
    assertEquals(List.of(inMemory(C, "b2", List.of("w1"), null), free("w1", "a")),
        handle(finished("w1", "b2")));
    assertEquals(RELEASED, state.status("a"), "kept as lineage of b1 and b2");

    assertEquals(List.of(free("w1", "b1"), free("w1", "b2")), handle(release(C, "b1", "b2")));
    assertEquals(0, state.taskCount());
  }

  @Test
  void dependencyNoLongerKnownCancelsTheKeyAndItsDependents() {
    workers("w1");
    List<Effect> fx = handle(graph(C, List.of(task("b", "gone"), task("c", "b")), "b", "c"));

    assertEquals(List.of(cancelled(C, "b", "dependency gone is no longer known"),
        cancelled(C, "c", "dependency gone is no longer known")), fx);
    assertEquals(0, state.taskCount());
  }

  // ---------------------------------------------------------------- errors and retries

  @Test
  void erredTaskIsReportedAndItsDependentsErrToo() {
    workers("w1");
    TaskSpec a = task("a");
    assertEquals(List.of(compute("w1", a, new Priority(0, 1, 0))),
        handle(graph(C, List.of(a, task("b", "a"), task("c", "b")), "a", "c")));
    RemoteError boom = error("/ by zero");

    List<Effect> fx = handle(erred("w1", "a", boom));

    assertEquals(List.of(free("w1", "a"), erredKey(C, "a", boom), erredKey(C, "c", boom)), fx);
    assertEquals(ERRED, state.status("a"));
    assertEquals(ERRED, state.status("c"));

    // A dependent submitted later errs at once, blaming the same exception.
    assertEquals(List.of(erredKey(C, "d", boom)), handle(graph(C, List.of(task("d", "b")), "d")));
    assertEquals(ERRED, state.status("d"));

    assertEquals(List.of(), handle(release(C, "a", "c", "d")));
    assertEquals(0, state.taskCount());
  }

  @Test
  void taskWithRetriesIsResentExactlyThatOftenThenErrs() {
    workers("w1");
    TaskSpec t = task("t", retries(2));
    SendToWorker computeT = compute("w1", t, new Priority(0, 1, 0));
    assertEquals(List.of(computeT), handle(submit(C, t)));
    RemoteError boom = error("flaky");

    assertEquals(List.of(free("w1", "t"), computeT), handle(erred("w1", "t", boom)));
    assertEquals(List.of(free("w1", "t"), computeT), handle(erred("w1", "t", boom)));
    assertEquals(List.of(free("w1", "t"), erredKey(C, "t", boom)), handle(erred("w1", "t", boom)));
    assertEquals(ERRED, state.status("t"));
  }

  @Test
  void erredTaskIsFreedOnItsWorkerSoItsKeyCanRunThereAgain() {
    // The worker keeps a failed task (and ignores a ComputeTask for its key) until told to free it.
    workers("w1");
    TaskSpec t = task("t");
    handle(submit(C, t));
    RemoteError boom = error("boom");

    assertEquals(List.of(free("w1", "t"), erredKey(C, "t", boom)), handle(erred("w1", "t", boom)));
    assertEquals(List.of(), handle(release(C, "t")));
    assertEquals(FORGOTTEN, state.status("t"));
    assertEquals(List.of(compute("w1", t, new Priority(0, 1, 1))), handle(submit(C, t)));
  }

  // ---------------------------------------------------------------- priorities and queuing

  @Test
  void queuedTasksAreDispatchedInPriorityOrder() {
    workers("w1"); // one thread, saturation 1.1: two tasks in flight
    TaskSpec f1 = task("f1");
    TaskSpec f2 = task("f2");
    TaskSpec low = task("low");
    TaskSpec later = task("later");
    TaskSpec urgent = task("urgent", priority(5));
    TaskSpec low2 = task("low2");
    assertEquals(List.of(compute("w1", f1, new Priority(0, 1, 0)), compute("w1", f2, new Priority(0, 1, 1))),
        at(0, graph(C, List.of(f1, f2), "f1", "f2")));
    assertEquals(List.of(), at(10, submit(C, low))); // within the FIFO timeout: same generation
    assertEquals(List.of(), at(500, submit(C, later))); // new generation
    assertEquals(List.of(), at(1000, submit(C, urgent))); // new generation, higher user priority
    assertEquals(List.of(), at(1050, submit(C, low2))); // same generation as urgent
    assertEquals(4, state.countsByStatus().get(QUEUED));

    assertEquals(List.of(inMemory(C, "f1", List.of("w1"), null), compute("w1", urgent, new Priority(5, 3, 4))),
        at(1100, finished("w1", "f1")));
    assertEquals(List.of(inMemory(C, "f2", List.of("w1"), null), compute("w1", low, new Priority(0, 1, 2))),
        at(1101, finished("w1", "f2")));
    assertEquals(List.of(inMemory(C, "urgent", List.of("w1"), null), compute("w1", later, new Priority(0, 2, 3))),
        at(1102, finished("w1", "urgent")));
    assertEquals(List.of(inMemory(C, "low", List.of("w1"), null), compute("w1", low2, new Priority(0, 3, 5))),
        at(1103, finished("w1", "low")));
    assertEquals(0, state.countsByStatus().get(QUEUED));
  }

  @Test
  void rootTasksBeyondTheFreeSlotsAreQueuedAndDispatchedAsTasksFinish() {
    workers("w1");
    List<TaskSpec> roots = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      roots.add(task("r" + i));
    }

    List<Effect> fx = handle(graph(C, roots, "r0", "r1", "r2", "r3", "r4"));

    assertEquals(List.of(compute("w1", roots.get(0), new Priority(0, 1, 0)),
        compute("w1", roots.get(1), new Priority(0, 1, 1))), fx);
    for (String k : List.of("r2", "r3", "r4")) {
      assertEquals(QUEUED, state.status(k));
    }
    assertEquals(3, state.countsByStatus().get(QUEUED));
    assertEquals(List.of(), handle(release(C, "r4")));
    assertEquals(FORGOTTEN, state.status("r4"));

    assertEquals(List.of(inMemory(C, "r0", List.of("w1"), null), compute("w1", roots.get(2), new Priority(0, 1, 2))),
        handle(finished("w1", "r0")));
    assertEquals(List.of(inMemory(C, "r1", List.of("w1"), null), compute("w1", roots.get(3), new Priority(0, 1, 3))),
        handle(finished("w1", "r1")));
    assertEquals(List.of(inMemory(C, "r2", List.of("w1"), null)), handle(finished("w1", "r2")));
    assertEquals(0, state.countsByStatus().get(QUEUED));
  }

  @Test
  void rootTasksQueueUntilAWorkerJoins() {
    TaskSpec t = task("t");
    assertEquals(List.of(), handle(submit(C, t)));
    assertEquals(QUEUED, state.status("t"));

    assertEquals(List.of(compute("w1", t, new Priority(0, 1, 0))), handle(worker("w1", 4)));
  }

  @Test
  void withQueuingOffRootTasksWithoutWorkersAreNoWorkerAsInDask() {
    state = new SchedulerState(SchedulerConfig.defaults().withValidate(true).withWorkerSaturation(Double.POSITIVE_INFINITY));
    handle(hello(C));
    TaskSpec t = task("t");
    assertEquals(List.of(), handle(submit(C, t)));
    assertEquals(NO_WORKER, state.status("t"), "dask: no-worker when worker-saturation is inf (queuing off)");
    assertEquals(0, state.countsByStatus().get(QUEUED));

    assertEquals(List.of(compute("w1", t, new Priority(0, 1, 0))), handle(worker("w1", 4)));
  }

  // ---------------------------------------------------------------- restrictions and resources

  @Test
  void strictlyRestrictedTaskWaitsForItsWorker() {
    workers("w1");
    TaskSpec t = task("t", onWorkers(false, "w2"));
    assertEquals(List.of(), handle(submit(C, t)));
    assertEquals(NO_WORKER, state.status("t"));

    assertEquals(List.of(compute("w2", t, new Priority(0, 1, 0))), handle(worker("w2", 1)));
    assertEquals(PROCESSING, state.status("t"));
  }

  @Test
  void looselyRestrictedTaskRunsElsewhere() {
    workers("w1");
    TaskSpec t = task("t", onWorkers(true, "w2"));

    assertEquals(List.of(compute("w1", t, new Priority(0, 1, 0))), handle(submit(C, t)));
  }

  @Test
  void taskNeedingAResourceWaitsForAWorkerOfferingIt() {
    workers("w1");
    TaskSpec g = task("g", needs("GPU", 1));
    assertEquals(List.of(), handle(submit(C, g)));
    assertEquals(NO_WORKER, state.status("g"));
    assertEquals(List.of(), handle(worker("w2", 1, "GPU", 0.5)));
    assertEquals(NO_WORKER, state.status("g"));

    assertEquals(List.of(compute("w3", g, new Priority(0, 1, 0))), handle(worker("w3", 1, "GPU", 1)));
  }

  @Test
  void releasedUnrunnableTaskIsForgotten() {
    workers("w1");
    handle(submit(C, task("t", onWorkers(false, "w9"))));

    assertEquals(List.of(), handle(release(C, "t")));
    assertEquals(FORGOTTEN, state.status("t"));
    assertEquals(List.of(), handle(worker("w9", 1)));
  }

  // ---------------------------------------------------------------- cancel, release, goodbye

  @Test
  void cancelCascadesToTheClientsDependentsOnly() {
    workers("w1");
    TaskSpec a = task("a");
    assertEquals(List.of(compute("w1", a, new Priority(0, 1, 0))),
        handle(graph(C, List.of(a, task("b", "a"), task("c", "b")), "a", "c")));
    assertEquals(List.of(), handle(graph(C2, List.of(task("d", "a")), "d")));

    List<Effect> fx = handle(cancel(C, "a"));

    assertEquals(Set.of(cancelled(C, "a", KeyCancelled.CANCELLED), cancelled(C, "c", KeyCancelled.CANCELLED)),
        Set.copyOf(fx));
    assertEquals(2, fx.size());
    assertEquals(FORGOTTEN, state.status("b"));
    assertEquals(FORGOTTEN, state.status("c"));
    assertEquals(PROCESSING, state.status("a"), "c2's d still needs it");
    assertEquals(WAITING, state.status("d"));

    assertEquals(List.of(cancelled(C2, "d", KeyCancelled.CANCELLED), free("w1", "a")), handle(cancel(C2, "d")));
    assertEquals(0, state.taskCount());
  }

  @Test
  void clientGoodbyeDropsEverythingItWanted() {
    workers("w1");
    handle(graph(C, List.of(task("a"), task("b", "a")), "a", "b"));
    handle(finished("w1", "a"));

    assertEquals(PROCESSING, state.status("b"));

    assertEquals(List.of(free("w1", "b"), free("w1", "a")), handle(new ClientGoodbye(C)));
    assertEquals(0, state.taskCount());
  }

  @Test
  void keySubmittedByTwoClientsRunsOnceAndLivesWhileEitherWantsIt() {
    workers("w1");
    TaskSpec t = task("t");
    assertEquals(List.of(compute("w1", t, new Priority(0, 1, 0))), handle(submit(C, t)));
    assertEquals(List.of(), handle(submit(C2, t)));
    Payload value = Payload.of("v");

    assertEquals(List.of(inMemory(C, "t", List.of("w1"), value), inMemory(C2, "t", List.of("w1"), value)),
        handle(finished("w1", "t", 8, value)));
    assertEquals(List.of(inMemory(C3, "t", List.of("w1"), null)), handle(submit(C3, t)));

    assertEquals(List.of(), handle(release(C, "t")));
    assertEquals(List.of(), handle(release(C3, "t")));
    assertEquals(MEMORY, state.status("t"));
    assertEquals(List.of(free("w1", "t")), handle(release(C2, "t")));
    assertEquals(FORGOTTEN, state.status("t"));
  }

  // ---------------------------------------------------------------- worker loss

  @Test
  void deadWorkersProcessingTasksAreRescheduled() {
    workers("w1", "w2");
    TaskSpec t1 = task("t1");
    TaskSpec t2 = task("t2");
    SendToWorker t1OnW2 = compute("w2", t1, new Priority(0, 1, 0));
    assertEquals(List.of(compute("w1", t1, new Priority(0, 1, 0)), compute("w2", t2, new Priority(0, 1, 1))),
        handle(graph(C, List.of(t1, t2), "t1", "t2")));

    assertEquals(List.of(t1OnW2), state.workerLost(new WorkerLost("w1", "killed"), 10));

    assertEquals(List.of("w2"), state.workerIds());
    assertEquals(PROCESSING, state.status("t1"));
    assertThrows(RejectedMessageException.class, () -> handle(finished("w1", "t1")), "news from the dead worker is refused");
    assertEquals(PROCESSING, state.status("t1"));
  }

  @Test
  void silentWorkerIsRemovedAfterItsTtl() {
    workers("w1", "w2");
    TaskSpec t = task("t");
    assertEquals(List.of(compute("w1", t, new Priority(0, 1, 0))), handle(submit(C, t)));
    at(200_000, new Heartbeat("w2", 0, 0, 0, 0, 0.0, 0, 0));
    at(299_000, new ClientHeartbeat(C));

    assertEquals(List.of(), state.tick(300_000));
    assertEquals(List.of("w1", "w2"), state.workerIds());
    assertEquals(List.of(compute("w2", t, new Priority(0, 1, 0))), state.tick(300_001));
    assertEquals(List.of("w2"), state.workerIds());
  }

  @Test
  void lostResultIsRecomputedFromLineage() {
    workers("w1", "w2");
    TaskSpec a = task("a");
    TaskSpec b = task("b", "a");
    assertEquals(List.of(compute("w1", a, new Priority(0, 1, 0))), handle(graph(C, List.of(a, b), "b")));
    assertEquals(List.of(compute("w1", b, new Priority(0, 1, 1), Map.of("a", List.of("w1")))),
        handle(finished("w1", "a")));
    assertEquals(List.of(inMemory(C, "b", List.of("w1"), null), free("w1", "a")), handle(finished("w1", "b")));

    assertEquals(List.of(lost(C, "b"), compute("w2", a, new Priority(0, 1, 0))), state.workerLost(new WorkerLost("w1", "killed"), 10));
    assertEquals(PROCESSING, state.status("a"));
    assertEquals(WAITING, state.status("b"));

    assertEquals(List.of(compute("w2", b, new Priority(0, 1, 1), Map.of("a", List.of("w2")))),
        handle(finished("w2", "a")));
    assertEquals(List.of(inMemory(C, "b", List.of("w2"), null), free("w2", "a")), handle(finished("w2", "b")));
  }

  @Test
  void taskOnTooManyDyingWorkersErrsWithKilledWorker() {
    workers("w1", "w2", "w3", "w4");
    TaskSpec t = task("t");
    Priority p = new Priority(0, 1, 0);
    assertEquals(List.of(compute("w1", t, p)), handle(submit(C, t)));
    assertEquals(List.of(compute("w2", t, p)), state.workerLost(new WorkerLost("w1", "killed"), 1));
    assertEquals(List.of(compute("w3", t, p)), state.workerLost(new WorkerLost("w2", "killed"), 2));
    assertEquals(List.of(compute("w4", t, p)), state.workerLost(new WorkerLost("w3", "killed"), 3));

    List<Effect> fx = state.workerLost(new WorkerLost("w4", "killed"), 4);

    assertEquals(1, fx.size(), fx::toString);
    SendToClient sent = assertInstanceOf(SendToClient.class, fx.get(0));
    assertEquals(C, sent.clientId());
    KeyErred e = assertInstanceOf(KeyErred.class, sent.message());
    assertEquals("t", e.key());
    assertEquals("dev.weft.client.KilledWorkerException", e.error().type());
    assertTrue(e.error().message().contains("w4"), e.error().message());
    assertEquals(ERRED, state.status("t"));
  }

  @Test
  void gracefulDeparturesDoNotCountAgainstATask() {
    workers("w1", "w2", "w3", "w4", "w5");
    TaskSpec t = task("t");
    Priority p = new Priority(0, 1, 0);
    assertEquals(List.of(compute("w1", t, p)), handle(submit(C, t)));
    assertEquals(List.of(compute("w2", t, p)), handle(new WorkerGoodbye("w1")));
    assertEquals(List.of(compute("w3", t, p)), handle(new WorkerGoodbye("w2")));
    assertEquals(List.of(compute("w4", t, p)), handle(new WorkerGoodbye("w3")));

    assertEquals(List.of(compute("w5", t, p)), handle(new WorkerGoodbye("w4")));
    assertEquals(PROCESSING, state.status("t"));
  }

  @Test
  void workerRejoiningUnderItsNameDoesNotRunTasksBeforeTheirInputs() {
    workers("w1");
    TaskSpec a = task("a");
    TaskSpec b = task("b", needs("GPU", 1), "a");
    assertEquals(List.of(compute("w1", a, new Priority(0, 1, 0))), handle(graph(C, List.of(a, b), "b")));
    assertEquals(List.of(), handle(finished("w1", "a")));
    assertEquals(NO_WORKER, state.status("b"));

    // w1 restarts with a GPU: a's value went with the old process.
    assertEquals(List.of(compute("w1", a, new Priority(0, 1, 0))), handle(worker("w1", 1, "GPU", 1)));
    assertEquals(WAITING, state.status("b"));

    assertEquals(List.of(compute("w1", b, new Priority(0, 1, 1), Map.of("a", List.of("w1")))),
        handle(finished("w1", "a")));
  }

  @Test
  void missingDataTriggersRecomputation() {
    workers("w1", "w2");
    TaskSpec a = task("a");
    TaskSpec b = task("b", onWorkers(false, "w2"), "a");
    assertEquals(List.of(compute("w1", a, new Priority(0, 1, 0))), handle(graph(C, List.of(a, b), "b")));
    assertEquals(List.of(compute("w2", b, new Priority(0, 1, 1), Map.of("a", List.of("w1")))),
        handle(finished("w1", "a")));

    assertEquals(List.of(free("w2", "b"), compute("w1", a, new Priority(0, 1, 0))),
        handle(new MissingData("w2", "a", "w1")));
    assertEquals(PROCESSING, state.status("a"));
    assertEquals(WAITING, state.status("b"));

    assertEquals(List.of(compute("w2", b, new Priority(0, 1, 1), Map.of("a", List.of("w1")))),
        handle(finished("w1", "a")));
    assertEquals(List.of(inMemory(C, "b", List.of("w2"), null), free("w1", "a")), handle(finished("w2", "b")));
  }

  // ---------------------------------------------------------------- scatter

  @Test
  void scatteredDataIsStoredOnOneWorkerAndAvailableOnceItArrives() {
    workers("w1", "w2");
    Payload px = Payload.of("x-value");
    assertEquals(List.of(new SendToWorker("w1", new StoreData(Map.of("x", px)))), handle(scatter(C, false, "x", px)));
    assertEquals(RELEASED, state.status("x"));

    assertEquals(List.of(new SendToClient(C, new KeyInMemory("x", null, List.of("w1"), null))),
        handle(addKeys("w1", "x", 16)));
    assertEquals(MEMORY, state.status("x"));

    TaskSpec b = task("b", "x");
    assertEquals(List.of(compute("w1", b, new Priority(0, 1, 1), Map.of("x", List.of("w1")))), handle(submit(C, b)));

    // Further data goes to the emptiest workers first, one key each.
    Payload py = Payload.of("y");
    Payload pz = Payload.of("z");
    assertEquals(List.of(new SendToWorker("w2", new StoreData(Map.of("y", py))),
        new SendToWorker("w1", new StoreData(Map.of("z", pz)))), handle(scatter(C, false, "y", py, "z", pz)));
  }

  @Test
  void broadcastStoresDataOnEveryWorker() {
    workers("w1", "w2");
    Payload px = Payload.of("x-value");
    assertEquals(List.of(new SendToWorker("w1", new StoreData(Map.of("x", px))),
        new SendToWorker("w2", new StoreData(Map.of("x", px)))), handle(scatter(C, true, "x", px)));

    assertEquals(List.of(new SendToClient(C, new KeyInMemory("x", null, List.of("w1"), null))),
        handle(addKeys("w1", "x", 16)));
    assertEquals(List.of(), handle(addKeys("w2", "x", 16)));
    assertEquals(Map.of("x", List.of("w1", "w2")), state.whoHas(List.of("x")));
  }

  @Test
  void scatterWithoutWorkersErrs() {
    List<Effect> fx = handle(scatter(C, false, "x", Payload.of(1)));

    assertEquals(1, fx.size());
    KeyErred e = assertInstanceOf(KeyErred.class, ((SendToClient) fx.get(0)).message());
    assertEquals("x", e.key());
    assertEquals(0, state.taskCount());
  }

  @Test
  void scatteredDataLostWithItsWorkerIsCancelledWithItsDependents() {
    workers("w1", "w2");
    handle(scatter(C, false, "x", Payload.of("x-value")));
    handle(addKeys("w1", "x", 16));
    TaskSpec b = task("b", "x");
    assertEquals(List.of(compute("w1", b, new Priority(0, 1, 1), Map.of("x", List.of("w1")))), handle(submit(C, b)));

    List<Effect> fx = state.workerLost(new WorkerLost("w1", "killed"), 5);

    assertEquals(List.of(cancelled(C, "x", KeyCancelled.LOST_SCATTERED_TASKS),
        cancelled(C, "b", "dependency x was lost")), fx);
    assertEquals(0, state.taskCount());
  }

  @Test
  void resultOfReleasedScatteredDataIsKept() {
    workers("w1", "w2");
    handle(scatter(C, false, "x", Payload.of("x-value")));
    handle(addKeys("w1", "x", 16));
    handle(submit(C, task("b", "x")));
    assertEquals(List.of(), handle(release(C, "x")), "b still needs x");

    assertEquals(List.of(inMemory(C, "b", List.of("w1"), null), free("w1", "x")), handle(finished("w1", "b")));
    assertEquals(FORGOTTEN, state.status("x"));
    assertEquals(MEMORY, state.status("b"));
    state.validate();

    assertEquals(List.of(free("w1", "b")), handle(release(C, "b")));
    assertEquals(0, state.taskCount());
  }

  @Test
  void lostResultOfForgottenScatteredDataIsCancelledNotRecomputed() {
    workers("w1", "w2");
    handle(scatter(C, false, "x", Payload.of("x-value")));
    handle(addKeys("w1", "x", 16));
    handle(submit(C, task("b", "x")));
    handle(release(C, "x"));
    handle(finished("w1", "b"));

    List<Effect> fx = state.workerLost(new WorkerLost("w1", "killed"), 5);

    assertEquals(List.of(cancelled(C, "b", "a dependency was forgotten; it cannot be recomputed")), fx);
    assertEquals(0, state.taskCount());
  }

  // ---------------------------------------------------------------- long-running, fire-and-forget, jars, refreshes

  @Test
  void aSecededTaskFreesItsSlotForQueuedRootTasks() {
    workers("w1");
    TaskSpec parent = task("parent");
    TaskSpec x = task("x");
    TaskSpec y = task("y");
    TaskSpec z = task("z");
    assertEquals(List.of(compute("w1", parent, new Priority(0, 1, 0))), handle(submit(C, parent)));
    assertEquals(List.of(compute("w1", x, new Priority(0, 1, 1))), handle(submit(C, x)));
    assertEquals(List.of(), handle(submit(C, y)), "1 thread x 1.1 saturation: two slots, both taken");
    assertEquals(QUEUED, state.status("y"));
    assertEquals(List.of(compute("w1", y, new Priority(0, 1, 2))), handle(new LongRunning("w1", "parent")));
    assertEquals(List.of(), handle(submit(C, z)), "the seceded task no longer counts, the others do");
    assertEquals(QUEUED, state.status("z"));
    assertEquals(List.of(inMemory(C, "parent", List.of("w1"), null)), handle(finished("w1", "parent")),
        "x and y still fill both slots");
    assertEquals(List.of(inMemory(C, "x", List.of("w1"), null), compute("w1", z, new Priority(0, 1, 3))),
        handle(finished("w1", "x")));
  }

  @Test
  void fireAndForgetKeepsATaskUntilItIsDoneThenLetsGo() {
    workers("w1");
    TaskSpec t = task("t");
    handle(submit(C, t));
    assertEquals(List.of(), handle(new UpdateGraph(UpdateGraph.FIRE_AND_FORGET, List.of(), List.of("t"))));
    assertEquals(List.of(), handle(release(C, "t")), "fire-and-forget still wants it");
    assertEquals(PROCESSING, state.status("t"));
    assertEquals(List.of(free("w1", "t")), handle(finished("w1", "t")), "done: nobody is told, the value is freed");
    assertEquals(FORGOTTEN, state.status("t"));
  }

  @Test
  void fireAndForgetOnATaskAlreadyDoneKeepsNothingOnceItsClientLetsGo() {
    workers("w1");
    RemoteError boom = error("boom");
    handle(submit(C, task("bad")));
    handle(erred("w1", "bad", boom));
    assertEquals(ERRED, state.status("bad"));
    handle(submit(C, task("good")));
    handle(finished("w1", "good"));
    assertEquals(MEMORY, state.status("good"));
    assertEquals(List.of(), handle(new UpdateGraph(UpdateGraph.FIRE_AND_FORGET, List.of(), List.of("bad", "good"))));

    handle(release(C, "bad", "good"));
    assertEquals(FORGOTTEN, state.status("bad"), "dask forgets an erred fire-and-forget task at once");
    assertEquals(FORGOTTEN, state.status("good"), "and a finished one");
  }

  @Test
  void uploadedJarsReachEveryWorkerIncludingLaterOnes() {
    workers("w1");
    UploadJar jar = new UploadJar("extra.jar", Payload.of(new byte[] {1, 2}));
    assertEquals(List.of(new SendToWorker("w1", jar)), handle(jar));
    assertEquals(List.of(new SendToWorker("w2", jar)), handle(worker("w2", 1)));
  }

  @Test
  void missingDataFromADeadHolderResendsTheDependentWithTheRemainingHolders() {
    workers("w1", "w2", "w3");
    TaskSpec a = task("a", onWorkers(false, "w1"));
    TaskSpec b = task("b", onWorkers(false, "w3"), "a");
    handle(graph(C, List.of(a, b), "a", "b"));
    handle(finished("w1", "a"));
    handle(addKeys("w2", "a", 8));
    state.workerLost(new WorkerLost("w1", "killed"), now);
    assertEquals(List.of(compute("w3", b, new Priority(0, 1, 1), Map.of("a", List.of("w2")))),
        handle(new MissingData("w3", "a", "w1")), "w3 learns the value is on w2 now");
  }

  // ---------------------------------------------------------------- story

  @Test
  void storyListsTheTransitionsOfAKey() {
    workers("w1");
    at(5, submit(C, task("t")));
    at(20, finished("w1", "t"));
    at(30, release(C, "t"));

    assertEquals(List.of(
        new TransitionRecord("t", RELEASED, WAITING, "UpdateGraph", 5),
        new TransitionRecord("t", WAITING, PROCESSING, "UpdateGraph", 5),
        new TransitionRecord("t", PROCESSING, MEMORY, "TaskFinished", 20),
        new TransitionRecord("t", MEMORY, RELEASED, "ReleaseKeys", 30),
        new TransitionRecord("t", RELEASED, FORGOTTEN, "ReleaseKeys", 30)), state.story("t"));
    assertEquals(List.of(), state.story("unknown"));
  }
}

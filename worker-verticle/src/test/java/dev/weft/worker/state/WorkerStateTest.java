package dev.weft.worker.state;

import static dev.weft.worker.state.WorkerSpecs.SIZE_OF;
import static dev.weft.worker.state.WorkerSpecs.W;
import static dev.weft.worker.state.WorkerSpecs.addKeys;
import static dev.weft.worker.state.WorkerSpecs.compute;
import static dev.weft.worker.state.WorkerSpecs.erred;
import static dev.weft.worker.state.WorkerSpecs.execute;
import static dev.weft.worker.state.WorkerSpecs.failed;
import static dev.weft.worker.state.WorkerSpecs.finished;
import static dev.weft.worker.state.WorkerSpecs.free;
import static dev.weft.worker.state.WorkerSpecs.gatherDep;
import static dev.weft.worker.state.WorkerSpecs.gathered;
import static dev.weft.worker.state.WorkerSpecs.missingData;
import static dev.weft.worker.state.WorkerSpecs.missingOn;
import static dev.weft.worker.state.WorkerSpecs.prio;
import static dev.weft.worker.state.WorkerSpecs.spec;
import static dev.weft.worker.state.WorkerSpecs.specWith;
import static dev.weft.worker.state.WorkerSpecs.store;
import static dev.weft.worker.state.WorkerSpecs.succeeded;
import static dev.weft.worker.state.WorkerSpecs.valueOf;
import static dev.weft.worker.state.WorkerTaskStatus.ERROR;
import static dev.weft.worker.state.WorkerTaskStatus.EXECUTING;
import static dev.weft.worker.state.WorkerTaskStatus.FETCH;
import static dev.weft.worker.state.WorkerTaskStatus.FLIGHT;
import static dev.weft.worker.state.WorkerTaskStatus.LONG_RUNNING;
import static dev.weft.worker.state.WorkerTaskStatus.MEMORY;
import static dev.weft.worker.state.WorkerTaskStatus.READY;
import static dev.weft.worker.state.WorkerTaskStatus.RELEASED;
import static dev.weft.worker.state.WorkerTaskStatus.WAITING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.weft.protocol.GetData;
import dev.weft.protocol.LongRunning;
import dev.weft.protocol.Priority;
import dev.weft.protocol.StealRequest;
import dev.weft.protocol.StealResponse;
import dev.weft.protocol.TaskSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The worker state machine, driven stimulus by stimulus; every test asserts the exact instructions
 * it gives back. Invariants are checked after every stimulus (validate mode) and once more after
 * every test.
 *
 * <p>Every declared transition must be taken by some test of this class: the counts of all tests
 * are summed and checked after the last one ({@link #everyDeclaredTransitionIsTaken()}), so keep
 * tests that exercise transitions in this class.
 */
class WorkerStateTest {

  private static final String W2 = "w2";
  private static final String W3 = "w3";
  private static final String W4 = "w4";

  /** Transitions taken ("FROM->TO"), summed over every test of the class. */
  private static final Map<String, Long> TAKEN = new TreeMap<>();

  /** States made by the current test; validated and counted after it. */
  private final List<WorkerState> states = new ArrayList<>();

  private WorkerState worker(int nthreads) {
    return worker(nthreads, Map.of());
  }

  private WorkerState worker(int nthreads, Map<String, Double> resources) {
    WorkerState state = new WorkerState(new WorkerConfig(W, nthreads, 0, resources, Long.MAX_VALUE, true), v -> SIZE_OF);
    states.add(state);
    return state;
  }

  @AfterEach
  void validateAndCount() {
    for (WorkerState state : states) {
      state.validate();
      state.transitionCounts().forEach((edge, n) -> TAKEN.merge(edge, n, Long::sum));
    }
  }

  @AfterAll
  static void everyDeclaredTransitionIsTaken() {
    List<String> declared =
        new WorkerState(new WorkerConfig(W, 1, 0, Map.of(), Long.MAX_VALUE, true), v -> SIZE_OF).declaredTransitions();
    assertTrue(declared.size() > 0);
    List<String> untaken = new ArrayList<>();
    for (String edge : declared) {
      if (TAKEN.getOrDefault(edge, 0L) == 0) {
        untaken.add(edge);
      }
    }
    if (!untaken.isEmpty()) {
      fail("declared worker transitions never taken by any test of WorkerStateTest: " + untaken
          + " (taken: " + TAKEN + ")");
    }
  }

  private static Map<String, Object> deps(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }

  // ---------------------------------------------------------------- running tasks

  @Test
  void computeTaskWithoutDependenciesExecutesAtOnce() {
    WorkerState w = worker(2);
    TaskSpec a = spec("a");
    assertEquals(List.of(execute(a)), w.handle(compute(a, 1)));
    assertEquals(EXECUTING, w.status("a"));
    assertEquals(1, w.executing());
    assertEquals(0, w.readyCount());
    assertEquals(List.of(), w.storedKeys());
  }

  @Test
  void aStealRequestTakesOnlyATaskNotStartedAndIsAlwaysAnswered() {
    WorkerState w = worker(1);
    TaskSpec a = spec("a");
    TaskSpec b = spec("b");
    w.handle(compute(a, 1));
    w.handle(compute(b, 2));
    assertEquals(READY, w.status("b"));

    assertEquals(List.of(new SendToScheduler(new StealResponse(W, "b", true, "ready"))), w.handle(new StealRequest("b")));
    assertEquals(null, w.status("b"), "given up and forgotten");
    assertEquals(List.of(new SendToScheduler(new StealResponse(W, "a", false, "executing"))), w.handle(new StealRequest("a")));
    assertEquals(EXECUTING, w.status("a"), "a started task is kept");
    assertEquals(List.of(new SendToScheduler(new StealResponse(W, "gone", false, "unknown"))), w.handle(new StealRequest("gone")));
    assertEquals(List.of(finished("a")), w.handle(succeeded("a")), "and nothing runs in b's place");
  }

  @Test
  void executeSucceededStoresTheValueAndReportsItInline() {
    WorkerState w = worker(1);
    TaskSpec a = spec("a");
    w.handle(compute(a, 1));
    assertEquals(List.of(finished("a", 24, 42, 10, 20)), w.handle(succeeded("a", 42, 24)));
    assertEquals(MEMORY, w.status("a"));
    assertEquals(List.of("a"), w.storedKeys());
    assertEquals(Map.of("a", 42), w.values(List.of("a", "unknown")));
    assertEquals(24, w.nbytes("a"));
    assertEquals(24, w.bytesStored());
    assertEquals(0, w.executing());

    // Without a size in the outcome, the worker measures the value itself.
    TaskSpec b = spec("b");
    w.handle(compute(b, 2));
    assertEquals(List.of(finished("b")), w.handle(succeeded("b")));
    assertEquals(SIZE_OF, w.nbytes("b"));
    assertEquals(24 + SIZE_OF, w.bytesStored());
    assertEquals(List.of("a", "b"), w.storedKeys());
  }

  @Test
  void executeFailedSendsTaskErredAndKeepsNoValue() {
    WorkerState w = worker(1);
    TaskSpec a = spec("a");
    TaskSpec b = spec("b");
    w.handle(compute(a, 1));
    assertEquals(List.of(), w.handle(compute(b, 2)));
    assertEquals(List.of(erred("a"), execute(b)), w.handle(failed("a")));
    assertEquals(ERROR, w.status("a"));
    assertEquals(List.of(), w.storedKeys());
    assertEquals(-1, w.nbytes("a"));

    // The scheduler frees the erred key (for example to retry it elsewhere).
    assertEquals(List.of(), w.handle(free("a")));
    assertNull(w.status("a"));
    // ... and may send it again: it runs once more.
    assertEquals(List.of(), w.handle(compute(a, 3)));
    assertEquals(List.of(finished("b"), execute(a)), w.handle(succeeded("b")));
  }

  @Test
  void atMostNthreadsTasksExecuteAndTheNextByPriorityStarts() {
    WorkerState w = worker(2);
    TaskSpec t1 = spec("t1");
    TaskSpec t2 = spec("t2");
    TaskSpec low = spec("low");
    TaskSpec high = spec("high");
    TaskSpec mid = spec("mid");
    TaskSpec early = spec("early");
    assertEquals(List.of(execute(t1)), w.handle(compute(t1, 1)));
    assertEquals(List.of(execute(t2)), w.handle(compute(t2, 2)));
    assertEquals(List.of(), w.handle(compute(low, new Priority(0, 1, 9), Map.of())));
    assertEquals(List.of(), w.handle(compute(high, new Priority(5, 1, 10), Map.of())));
    assertEquals(List.of(), w.handle(compute(mid, new Priority(0, 1, 2), Map.of())));
    assertEquals(List.of(), w.handle(compute(early, new Priority(0, 0, 50), Map.of())));
    assertEquals(2, w.executing());
    assertEquals(4, w.readyCount());
    assertEquals(READY, w.status("high"));

    // Higher user priority first, then earlier generation, then graph order.
    assertEquals(List.of(finished("t1"), execute(high)), w.handle(succeeded("t1")));
    assertEquals(2, w.executing());
    assertEquals(List.of(finished("t2"), execute(early)), w.handle(succeeded("t2")));
    assertEquals(2, w.executing());
    assertEquals(List.of(finished("high"), execute(mid)), w.handle(succeeded("high")));
    assertEquals(List.of(erred("early"), execute(low)), w.handle(failed("early")));
    assertEquals(2, w.executing());
    assertEquals(0, w.readyCount());
    assertEquals(List.of(finished("mid")), w.handle(succeeded("mid")));
    assertEquals(1, w.executing());
    assertEquals(List.of(finished("low")), w.handle(succeeded("low")));
    assertEquals(0, w.executing());
    assertEquals(List.of("high", "low", "mid", "t1", "t2"), w.storedKeys());
  }

  // ---------------------------------------------------------------- dependencies from peers

  @Test
  void dependencyHeldByAPeerIsGatheredFromIt() {
    WorkerState w = worker(1);
    TaskSpec b = spec("b", "a");
    assertEquals(List.of(gatherDep(W2, "a")), w.handle(compute(b, prio(1), Map.of("a", List.of(W2)))));
    assertEquals(WAITING, w.status("b"));
    assertEquals(FLIGHT, w.status("a"));
    assertEquals(0, w.executing());
  }

  @Test
  void gatheredDependencyIsStoredAnnouncedAndPassedToTheDependent() {
    WorkerState w = worker(1);
    TaskSpec b = spec("b", "a");
    w.handle(compute(b, prio(1), Map.of("a", List.of(W2))));
    assertEquals(List.of(addKeys("a", 16), execute(b, deps("a", "A"))), w.handle(gathered(W2, 16, "a", "A")));
    assertEquals(MEMORY, w.status("a"));
    assertEquals(List.of("a"), w.storedKeys());
    assertEquals(16, w.nbytes("a"));
    assertEquals(List.of(finished("b")), w.handle(succeeded("b")));
    assertEquals(List.of("a", "b"), w.storedKeys());
  }

  @Test
  void dependenciesAreGatheredPerPeerInOneRequest() {
    WorkerState w = worker(1);
    TaskSpec b = spec("b", "a1", "a2", "a3");
    assertEquals(
        List.of(gatherDep(W2, "a1", "a3"), gatherDep(W3, "a2")),
        w.handle(compute(b, prio(1), Map.of("a1", List.of(W2), "a2", List.of(W3, W2), "a3", List.of(W2)))));
    assertEquals(
        List.of(addKeys(Map.of("a1", 8L, "a3", 8L))),
        w.handle(gathered(W2, 8, "a1", 1, "a3", 3)));
    assertEquals(WAITING, w.status("b"));
    assertEquals(
        List.of(addKeys("a2", 8), execute(b, deps("a1", 1, "a2", 2, "a3", 3))),
        w.handle(gathered(W3, 8, "a2", 2)));
  }

  @Test
  void dependencyOnALocalTaskWaitsForItToFinish() {
    WorkerState w = worker(1);
    TaskSpec a = spec("a");
    TaskSpec b = spec("b", "a");
    assertEquals(List.of(execute(a)), w.handle(compute(a, 1)));
    assertEquals(List.of(), w.handle(compute(b, 2)));
    assertEquals(WAITING, w.status("b"));
    assertEquals(List.of(finished("a"), execute(b, deps("a", valueOf("a")))), w.handle(succeeded("a")));
  }

  @Test
  void keyMissingOnThePeerIsReportedAndFetchedFromTheNextHolder() {
    WorkerState w = worker(1);
    TaskSpec b = spec("b", "a");
    assertEquals(List.of(gatherDep(W2, "a")), w.handle(compute(b, prio(1), Map.of("a", List.of(W2, W3)))));
    assertEquals(List.of(missingData("a", W2), gatherDep(W3, "a")), w.handle(missingOn(W2, "a")));
    assertEquals(FLIGHT, w.status("a"));

    // The last holder lacks it too: reported, and nothing left to ask until the scheduler says more.
    assertEquals(List.of(missingData("a", W3)), w.handle(missingOn(W3, "a")));
    assertEquals(FETCH, w.status("a"));
    assertEquals(WAITING, w.status("b"));

    // The scheduler repeats the task with fresh holders.
    assertEquals(List.of(gatherDep(W4, "a")), w.handle(compute(b, prio(1), Map.of("a", List.of(W4)))));
    assertEquals(List.of(addKeys("a", 8), execute(b, deps("a", "A"))), w.handle(gathered(W4, 8, "a", "A")));
  }

  @Test
  void failedGatherIsReportedAndRetriedFromTheNextHolder() {
    WorkerState w = worker(1);
    TaskSpec b = spec("b", "a", "c");
    assertEquals(
        List.of(gatherDep(W2, "a", "c")),
        w.handle(compute(b, prio(1), Map.of("a", List.of(W2, W3), "c", List.of(W2, W3)))));
    assertEquals(
        List.of(missingData("a", W2), missingData("c", W2), gatherDep(W3, "a", "c")),
        w.handle(new GatherFailed(W2, List.of("a", "c"))));
    assertEquals(
        List.of(addKeys(Map.of("a", 8L, "c", 8L)), execute(b, deps("a", "A", "c", "C"))),
        w.handle(gathered(W3, 8, "a", "A", "c", "C")));
  }

  @Test
  void computeTaskForAKeyAlreadyFetchedReportsItFinished() {
    WorkerState w = worker(1);
    TaskSpec b = spec("b", "a");
    w.handle(compute(b, prio(1), Map.of("a", List.of(W2))));
    w.handle(gathered(W2, 16, "a", "A"));
    // The scheduler now wants "a" computed here; its value is already here.
    assertEquals(List.of(finished("a", 16, "A", 0, 0)), w.handle(compute(spec("a"), 0)));
    assertEquals(MEMORY, w.status("a"));
    assertEquals(1, w.executing());
  }

  // ---------------------------------------------------------------- freeing keys

  @Test
  void freeKeysOfAMemoryKeyDropsItsValue() {
    WorkerState w = worker(1);
    w.handle(compute(spec("a"), 1));
    w.handle(compute(spec("b"), 2));
    w.handle(succeeded("a"));
    w.handle(succeeded("b"));
    assertEquals(List.of("a", "b"), w.storedKeys());
    assertEquals(List.of(), w.handle(free("a", "never-heard-of")));
    assertEquals(List.of("b"), w.storedKeys());
    assertNull(w.status("a"));
    assertEquals(-1, w.nbytes("a"));
    assertEquals(SIZE_OF, w.bytesStored());
    assertEquals(Map.of(), w.values(List.of("a")));
  }

  @Test
  void freeKeysOfAnExecutingTaskDropsTheLateResult() {
    WorkerState w = worker(1);
    TaskSpec a = spec("a");
    TaskSpec b = spec("b");
    w.handle(compute(a, 1));
    assertEquals(List.of(), w.handle(free("a")));
    assertEquals(RELEASED, w.status("a"));
    // The thread is still busy until the function returns.
    assertEquals(1, w.executing());
    assertEquals(List.of(), w.handle(compute(b, 2)));
    assertEquals(List.of(execute(b)), w.handle(succeeded("a")));
    assertEquals(List.of(), w.storedKeys());
    assertNull(w.status("a"));
    assertEquals(0, w.bytesStored());

    // Same for a failure: nothing reported for a freed key.
    assertEquals(List.of(), w.handle(free("b")));
    assertEquals(List.of(), w.handle(failed("b")));
    assertNull(w.status("b"));
    assertEquals(0, w.executing());
  }

  @Test
  void freeKeysOfAWaitingTaskReleasesItsDependencies() {
    WorkerState w = worker(1);
    // "a" is in flight from w2; "c" has no known holder, so it stays to fetch.
    assertEquals(List.of(gatherDep(W2, "a")), w.handle(compute(spec("b", "a", "c"), prio(1), Map.of("a", List.of(W2)))));
    assertEquals(FETCH, w.status("c"));
    assertEquals(List.of(), w.handle(free("b")));
    assertNull(w.status("b"));
    assertNull(w.status("c"));
    assertEquals(RELEASED, w.status("a")); // its request is still out
    // The late answer is dropped.
    assertEquals(List.of(), w.handle(gathered(W2, 8, "a", "A")));
    assertNull(w.status("a"));
    assertEquals(List.of(), w.storedKeys());
  }

  @Test
  void freeKeysOfAReadyTaskTakesItOffTheQueue() {
    WorkerState w = worker(1);
    w.handle(compute(spec("a"), 1));
    w.handle(compute(spec("b"), 2));
    assertEquals(READY, w.status("b"));
    assertEquals(List.of(), w.handle(free("b")));
    assertEquals(0, w.readyCount());
    assertNull(w.status("b"));
    assertEquals(List.of(finished("a")), w.handle(succeeded("a")));
    assertEquals(0, w.executing());
  }

  @Test
  void releasedWhileExecutingTaskKeepsItsResultWhenComputedAgain() {
    WorkerState w = worker(1);
    TaskSpec a = spec("a");
    w.handle(compute(a, 1));
    w.handle(free("a"));
    // The scheduler changes its mind: no second run, the running one counts.
    assertEquals(List.of(), w.handle(compute(a, 1)));
    assertEquals(RELEASED, w.status("a"));
    assertEquals(1, w.executing());
    assertEquals(List.of(finished("a")), w.handle(succeeded("a")));
    assertEquals(MEMORY, w.status("a"));
    assertEquals(List.of("a"), w.storedKeys());
    assertEquals(0, w.executing());
  }

  @Test
  void releasedWhileExecutingTaskComputedAgainReportsItsFailure() {
    WorkerState w = worker(1);
    TaskSpec a = spec("a");
    w.handle(compute(a, 1));
    w.handle(free("a"));
    w.handle(compute(a, 1));
    assertEquals(List.of(erred("a")), w.handle(failed("a")));
    assertNull(w.status("a"));
    assertEquals(0, w.executing());
  }

  // ---------------------------------------------------------------- scattered data

  @Test
  void storeDataKeepsTheValuesAndSendsAddKeys() {
    WorkerState w = worker(1);
    assertEquals(
        List.of(addKeys(Map.of("x", SIZE_OF, "y", SIZE_OF))),
        w.handle(store("x", "X", "y", List.of(1, 2))));
    assertEquals(List.of("x", "y"), w.storedKeys());
    assertEquals(Map.of("x", "X", "y", List.of(1, 2)), w.values(List.of("x", "y")));
    assertEquals(MEMORY, w.status("x"));
    assertEquals(2 * SIZE_OF, w.bytesStored());
    // Storing a held key again keeps the first value and reports it again.
    assertEquals(List.of(addKeys("x", SIZE_OF)), w.handle(store("x", "other")));
    assertEquals(Map.of("x", "X"), w.values(List.of("x")));
  }

  @Test
  void storeDataUnblocksATaskWaitingForAKeyWithoutHolders() {
    WorkerState w = worker(1);
    TaskSpec b = spec("b", "x");
    assertEquals(List.of(), w.handle(compute(b, prio(1), Map.of())));
    assertEquals(FETCH, w.status("x"));
    assertEquals(List.of(addKeys("x", SIZE_OF), execute(b, deps("x", "X"))), w.handle(store("x", "X")));
    assertEquals(MEMORY, w.status("x"));
  }

  // ---------------------------------------------------------------- resources

  @Test
  void gpuTasksNeverOverlapOnAOneGpuWorker() {
    WorkerState w = worker(4, Map.of("GPU", 1.0));
    Map<String, Double> gpu = Map.of("GPU", 1.0);
    TaskSpec g1 = specWith("g1", gpu);
    TaskSpec g2 = specWith("g2", gpu);
    TaskSpec g3 = specWith("g3", gpu);
    TaskSpec cpu = spec("cpu");
    List<String> gpuKeys = List.of("g1", "g2", "g3");
    assertEquals(List.of(execute(g1)), w.handle(compute(g1, 1)));
    assertEquals(List.of(), w.handle(compute(g2, 2)));
    assertEquals(List.of(), w.handle(compute(g3, 3)));
    // A lower-priority task without resources is not held up by the blocked GPU tasks.
    assertEquals(List.of(execute(cpu)), w.handle(compute(cpu, 4)));
    assertEquals(1, executingAmong(w, gpuKeys));
    assertEquals(2, w.executing());
    assertEquals(2, w.readyCount());

    assertEquals(List.of(finished("cpu")), w.handle(succeeded("cpu")));
    assertEquals(1, executingAmong(w, gpuKeys));
    assertEquals(List.of(finished("g1"), execute(g2)), w.handle(succeeded("g1")));
    assertEquals(1, executingAmong(w, gpuKeys));
    // A failure gives the GPU back too.
    assertEquals(List.of(erred("g2"), execute(g3)), w.handle(failed("g2")));
    assertEquals(1, executingAmong(w, gpuKeys));
    assertEquals(List.of(finished("g3")), w.handle(succeeded("g3")));
    assertEquals(0, w.executing());

    // Fractions add up: two half-GPU tasks share it, a third waits.
    Map<String, Double> half = Map.of("GPU", 0.5);
    TaskSpec h1 = specWith("h1", half);
    TaskSpec h2 = specWith("h2", half);
    TaskSpec h3 = specWith("h3", half);
    assertEquals(List.of(execute(h1)), w.handle(compute(h1, 5)));
    assertEquals(List.of(execute(h2)), w.handle(compute(h2, 6)));
    assertEquals(List.of(), w.handle(compute(h3, 7)));
    assertEquals(List.of(finished("h2"), execute(h3)), w.handle(succeeded("h2")));
  }

  @Test
  void releasedGpuTaskHoldsTheGpuUntilItsThreadReturns() {
    WorkerState w = worker(4, Map.of("GPU", 1.0));
    TaskSpec g1 = specWith("g1", Map.of("GPU", 1.0));
    TaskSpec g2 = specWith("g2", Map.of("GPU", 1.0));
    w.handle(compute(g1, 1));
    assertEquals(List.of(), w.handle(free("g1")));
    assertEquals(List.of(), w.handle(compute(g2, 2)));
    assertEquals(List.of(execute(g2)), w.handle(succeeded("g1")));
  }

  private static int executingAmong(WorkerState w, List<String> keys) {
    int n = 0;
    for (String k : keys) {
      if (w.status(k) == EXECUTING) {
        n++;
      }
    }
    return n;
  }

  // ---------------------------------------------------------------- secede / rejoin

  @Test
  void secededTaskFreesItsSlotAndRejoinsWhenOneIsFree() {
    WorkerState w = worker(1);
    TaskSpec a = spec("a");
    TaskSpec b = spec("b");
    w.handle(compute(a, 1));
    assertEquals(List.of(), w.handle(compute(b, 2)));
    assertEquals(
        List.of(new SendToScheduler(new LongRunning(W, "a")), execute(b)),
        w.handle(new Seceded("a")));
    assertEquals(LONG_RUNNING, w.status("a"));
    assertEquals(1, w.executing());
    // Seceding twice changes nothing.
    assertEquals(List.of(), w.handle(new Seceded("a")));

    assertEquals(List.of(), w.handle(new RejoinRequested("a")));
    assertEquals(LONG_RUNNING, w.status("a"));
    assertEquals(List.of(finished("b"), new GrantRejoin("a")), w.handle(succeeded("b")));
    assertEquals(EXECUTING, w.status("a"));
    assertEquals(1, w.executing());
    assertEquals(List.of(finished("a")), w.handle(succeeded("a")));
    assertEquals(0, w.executing());
  }

  @Test
  void secededTasksFinishFailOrAreReleased() {
    WorkerState w = worker(3);
    for (String k : List.of("a", "b", "c")) {
      w.handle(compute(spec(k), 1));
      assertEquals(List.of(new SendToScheduler(new LongRunning(W, k))), w.handle(new Seceded(k)));
    }
    assertEquals(0, w.executing());
    assertEquals(List.of(finished("a")), w.handle(succeeded("a")));
    assertEquals(MEMORY, w.status("a"));
    assertEquals(List.of(erred("b")), w.handle(failed("b")));
    assertEquals(ERROR, w.status("b"));
    assertEquals(List.of(), w.handle(free("c")));
    assertEquals(RELEASED, w.status("c"));
    // A released seceded task may still rejoin (its thread is running); it gets a slot back.
    assertEquals(List.of(new GrantRejoin("c")), w.handle(new RejoinRequested("c")));
    assertEquals(1, w.executing());
    assertEquals(List.of(), w.handle(succeeded("c")));
    assertNull(w.status("c"));
    assertEquals(0, w.executing());
  }

  @Test
  void rejoinWithoutSecedeIsGrantedAtOnceAndTakesNoSecondSlot() {
    WorkerState w = worker(1);
    w.handle(compute(spec("a"), 1));
    assertEquals(List.of(), w.handle(compute(spec("b"), 2)));
    assertEquals(List.of(new GrantRejoin("a")), w.handle(new RejoinRequested("a")));
    assertEquals(1, w.executing());
    assertEquals(EXECUTING, w.status("a"));
    assertEquals(List.of(finished("a"), execute(spec("b"))), w.handle(succeeded("a")));
    assertEquals(1, w.executing());
  }

  // ---------------------------------------------------------------- races between keys

  @Test
  void computeTaskForAKeyBeingFetchedRunsItHere() {
    WorkerState w = worker(1);
    TaskSpec b = spec("b", "a");
    assertEquals(List.of(), w.handle(compute(b, prio(1), Map.of())));
    assertEquals(FETCH, w.status("a"));
    // Nobody holds "a" any more: the scheduler recomputes it, here.
    TaskSpec a = spec("a");
    assertEquals(List.of(execute(a)), w.handle(compute(a, 0)));
    assertEquals(EXECUTING, w.status("a"));
    assertEquals(List.of(finished("a"), execute(b, deps("a", valueOf("a")))), w.handle(succeeded("a")));
  }

  @Test
  void computeTaskForAKeyInFlightRunsItEvenIfTheFetchFails() {
    WorkerState w = worker(1);
    TaskSpec b = spec("b", "a");
    assertEquals(List.of(gatherDep(W2, "a")), w.handle(compute(b, prio(1), Map.of("a", List.of(W2)))));
    // w2 died; the scheduler recomputes "a" here while the request to w2 is still out.
    TaskSpec a = spec("a");
    assertEquals(List.of(execute(a)), w.handle(compute(a, 0)));
    assertEquals(EXECUTING, w.status("a"));
    assertEquals(List.of(missingData("a", W2)), w.handle(new GatherFailed(W2, List.of("a"))));
    assertEquals(EXECUTING, w.status("a"));
    assertEquals(List.of(finished("a"), execute(b, deps("a", valueOf("a")))), w.handle(succeeded("a")));
  }

  @Test
  void releasedInFlightThenComputedHereRunsAndDropsTheLateValue() {
    WorkerState w = worker(1);
    w.handle(compute(spec("b", "a"), prio(1), Map.of("a", List.of(W2))));
    // The scheduler releases the dependent (its input was lost) and recomputes "a" here.
    assertEquals(List.of(), w.handle(free("b")));
    assertEquals(RELEASED, w.status("a"));
    TaskSpec a = spec("a");
    assertEquals(List.of(execute(a)), w.handle(compute(a, 0)));
    assertEquals(List.of(), w.handle(gathered(W2, 16, "a", "stale")));
    assertEquals(List.of(), w.storedKeys());
    assertEquals(List.of(finished("a")), w.handle(succeeded("a")));
    assertEquals(Map.of("a", valueOf("a")), w.values(List.of("a")));

    // Same when the late answer is a failure.
    w.handle(compute(spec("d", "c"), prio(2), Map.of("c", List.of(W3))));
    w.handle(free("d"));
    TaskSpec c = spec("c");
    assertEquals(List.of(execute(c)), w.handle(compute(c, 3)));
    assertEquals(List.of(missingData("c", W3)), w.handle(new GatherFailed(W3, List.of("c"))));
    assertEquals(List.of(finished("c")), w.handle(succeeded("c")));
  }

  @Test
  void releasedRunningTaskNeededAsADependencyAndComputedAgainKeepsOneValue() {
    WorkerState w = worker(2);
    TaskSpec a = spec("a");
    TaskSpec b = spec("b", "a");
    w.handle(compute(a, 1));
    w.handle(free("a"));
    assertEquals(List.of(gatherDep(W2, "a")), w.handle(compute(b, prio(2), Map.of("a", List.of(W2)))));
    // Computed again while still running: no second run.
    assertEquals(List.of(), w.handle(compute(a, 1)));
    assertEquals(RELEASED, w.status("a"));
    // The fetch delivers first: reported finished, the dependent runs; the late run is dropped.
    assertEquals(
        List.of(finished("a", 16, "A", 0, 0), addKeys("a", 16), execute(b, deps("a", "A"))),
        w.handle(gathered(W2, 16, "a", "A")));
    assertEquals(List.of(), w.handle(succeeded("a")));
    assertEquals(Map.of("a", "A"), w.values(List.of("a")));
    assertEquals(16, w.bytesStored());
    assertEquals(1, w.executing());

    // The run delivers first (or the fetch fails): the run's value counts.
    TaskSpec x = spec("x");
    TaskSpec y = spec("y", "x");
    w.handle(succeeded("b"));
    w.handle(compute(x, 3));
    w.handle(free("x"));
    assertEquals(List.of(gatherDep(W3, "x")), w.handle(compute(y, prio(4), Map.of("x", List.of(W3)))));
    assertEquals(List.of(), w.handle(compute(x, 3)));
    assertEquals(List.of(missingData("x", W3)), w.handle(new GatherFailed(W3, List.of("x"))));
    assertEquals(RELEASED, w.status("x"));
    assertEquals(List.of(finished("x"), execute(y, deps("x", valueOf("x")))), w.handle(succeeded("x")));
    assertEquals(List.of(), w.handle(gathered(W3, 16, "x", "late")));
    assertEquals(valueOf("x"), w.values(List.of("x")).get("x"));
  }

  @Test
  void dependencyNeededAgainWhileItsFetchIsOutIsStillDelivered() {
    WorkerState w = worker(1);
    assertEquals(List.of(gatherDep(W2, "a")), w.handle(compute(spec("b", "a"), prio(1), Map.of("a", List.of(W2)))));
    w.handle(free("b"));
    TaskSpec c = spec("c", "a");
    // The request for "a" is still out: no second one.
    assertEquals(List.of(), w.handle(compute(c, prio(2), Map.of("a", List.of(W2, W3)))));
    assertEquals(WAITING, w.status("c"));
    assertEquals(List.of(addKeys("a", 8), execute(c, deps("a", "A"))), w.handle(gathered(W2, 8, "a", "A")));
    assertEquals(MEMORY, w.status("a"));
  }

  @Test
  void dependencyNeededAgainWhileItsFetchIsOutIsRetriedWhenTheFetchFails() {
    WorkerState w = worker(1);
    w.handle(compute(spec("b", "a"), prio(1), Map.of("a", List.of(W2))));
    w.handle(free("b"));
    TaskSpec c = spec("c", "a");
    assertEquals(List.of(), w.handle(compute(c, prio(2), Map.of("a", List.of(W2, W3)))));
    assertEquals(List.of(missingData("a", W2), gatherDep(W3, "a")), w.handle(new GatherFailed(W2, List.of("a"))));
    assertEquals(List.of(addKeys("a", 8), execute(c, deps("a", "A"))), w.handle(gathered(W3, 8, "a", "A")));
  }

  @Test
  void resultOfAReleasedTaskNowFetchedAsADependencyIsDropped() {
    WorkerState w = worker(2);
    w.handle(compute(spec("a"), 1));
    w.handle(free("a"));
    TaskSpec b = spec("b", "a");
    assertEquals(List.of(gatherDep(W2, "a")), w.handle(compute(b, prio(2), Map.of("a", List.of(W2)))));
    assertEquals(FLIGHT, w.status("a"));
    assertEquals(List.of(), w.handle(succeeded("a")));
    assertEquals(FLIGHT, w.status("a"));
    assertEquals(List.of(), w.storedKeys());
    assertEquals(List.of(addKeys("a", 16), execute(b, deps("a", "A"))), w.handle(gathered(W2, 16, "a", "A")));
    assertEquals(16, w.bytesStored());

    // Same with a failure, while the dependency waits for a holder.
    w.handle(compute(spec("x"), 3));
    w.handle(free("x"));
    TaskSpec y = spec("y", "x");
    assertEquals(List.of(), w.handle(compute(y, prio(4), Map.of())));
    assertEquals(FETCH, w.status("x"));
    assertEquals(List.of(), w.handle(failed("x")));
    assertEquals(FETCH, w.status("x"));
    assertEquals(List.of(gatherDep(W3, "x")), w.handle(compute(y, prio(4), Map.of("x", List.of(W3)))));
  }

  @Test
  void resultOfATaskWhoseKeyWasScatteredMeanwhileIsDropped() {
    WorkerState w = worker(1);
    w.handle(compute(spec("a"), 1));
    assertEquals(List.of(addKeys("a", SIZE_OF)), w.handle(store("a", "scattered")));
    assertEquals(MEMORY, w.status("a"));
    assertEquals(List.of(), w.handle(succeeded("a", "computed", 100)));
    assertEquals(Map.of("a", "scattered"), w.values(List.of("a")));
    assertEquals(SIZE_OF, w.bytesStored());
    assertEquals(0, w.executing());
  }

  // ---------------------------------------------------------------- odd input

  @Test
  void outcomesForUnknownKeysAreIgnored() {
    WorkerState w = worker(1);
    assertEquals(List.of(), w.handle(succeeded("nope")));
    assertEquals(List.of(), w.handle(failed("nope")));
    assertEquals(List.of(), w.handle(new Seceded("nope")));
    assertEquals(List.of(new GrantRejoin("nope")), w.handle(new RejoinRequested("nope")));
    assertEquals(List.of(), w.handle(gathered(W2, 8, "nope", 1)));
    assertEquals(List.of(), w.handle(new GatherFailed(W2, List.of("nope"))));
    assertEquals(List.of(), w.handle(missingOn(W2, "nope")));
    assertEquals(List.of(), w.storedKeys());
    assertThrows(IllegalArgumentException.class, () -> w.handle(new GetData(List.of("a"))));
  }

  @Test
  void transitionCountsCoverExactlyTheDeclaredEdges() {
    WorkerState w = worker(1);
    assertEquals(w.declaredTransitions(), new ArrayList<>(w.transitionCounts().keySet()));
    w.handle(compute(spec("a"), 1));
    assertEquals(1L, w.transitionCounts().get("RELEASED->READY"));
    assertEquals(1L, w.transitionCounts().get("READY->EXECUTING"));
    assertEquals(0L, w.transitionCounts().get("EXECUTING->MEMORY"));
  }
}

package dev.weft.worker.state;

import static dev.weft.worker.state.WorkerTables.hasRun;
import static dev.weft.worker.state.WorkerTables.holdsSlot;
import static dev.weft.worker.state.WorkerTaskStatus.CANCELLED;
import static dev.weft.worker.state.WorkerTaskStatus.ERROR;
import static dev.weft.worker.state.WorkerTaskStatus.EXECUTING;
import static dev.weft.worker.state.WorkerTaskStatus.LONG_RUNNING;
import static dev.weft.worker.state.WorkerTaskStatus.MEMORY;
import static dev.weft.worker.state.WorkerTaskStatus.RELEASED;
import static dev.weft.worker.state.WorkerTaskStatus.RESUMED;

import dev.weft.protocol.ComputeTask;
import dev.weft.protocol.LongRunning;
import dev.weft.protocol.TaskErred;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Running tasks on the worker's threads: the ready queue, thread slots and resources, outcomes of
 * runs, seceding and rejoining (dask's {@code _ensure_computing} and execute handlers).
 *
 * <p>A task's run holds a slot exactly when {@link WorkerTables#holdsSlot} says so. A run can
 * outlive its task's interest in it: when the value arrives otherwise (scattered, or fetched
 * first) or the key is to be fetched instead, the run becomes a <em>stray</em>, which keeps its
 * slot and resources until its outcome, then is dropped. A key has at most one run: a task asked
 * for again while its key's stray runs adopts it (RESUMED) instead of starting another.
 *
 * <p>Run-ahead: while every slot is busy with runs of functions known to be short
 * ({@link ShortFunctions}), up to {@link #RUN_AHEAD_PER_THREAD} more READY tasks per thread of such
 * functions start as <em>queued</em> runs: the task threads take them as soon as a run ends,
 * without a round trip through the worker's event loop per task, and each takes the slot of the
 * run that ended. A queued run is EXECUTING like any other.
 */
final class Computing {

  /**
   * A run whose task moved on without it; {@code doing} is EXECUTING (holds a slot) or
   * LONG_RUNNING; {@code interrupted} when it was told to stop before it strayed.
   */
  private record Stray(Map<String, Double> held, WorkerTaskStatus doing, boolean interrupted, boolean quick) {

    Stray doing(WorkerTaskStatus now, boolean quickNow) {
      return new Stray(held, now, interrupted, quickNow);
    }
  }

  /** Queued runs per task thread at most (see the class comment). */
  static final int RUN_AHEAD_PER_THREAD = 32;

  /** The shared tables. */
  private final WorkerTables t;
  /** Exactly the READY tasks, in priority order. */
  final PriorityQueue<WorkerTask> ready =
      new PriorityQueue<>(Comparator.comparing((WorkerTask ts) -> ts.priority).thenComparing(ts -> ts.key));
  /** Keys whose seceded run waits in {@code rejoin()} for a slot, first come first served. */
  final ArrayDeque<String> rejoining = new ArrayDeque<>();
  /** Runs whose task moved on, by key; no task of such a key has a run of its own. */
  private final Map<String, Stray> strays = new LinkedHashMap<>();
  /** Resources not held by runs (of tasks or strays). */
  final Map<String, Double> available;
  /**
   * Slots taken: runs that hold a slot ({@link WorkerTables#holdsSlot}, and strays doing EXECUTING)
   * and are not {@link #queued}; at most nthreads.
   */
  int threadsBusy;
  /**
   * Runs holding a slot that wait on the task threads for a running one to end; positive only
   * while {@code threadsBusy == nthreads}, at most nthreads × {@link #RUN_AHEAD_PER_THREAD}.
   */
  int queued;
  /** Runs holding a slot whose function was not known short when they started or rejoined; no run-ahead while positive. */
  int slowRuns;
  /** Which functions' latest runs here were short. */
  private final ShortFunctions shortFunctions = new ShortFunctions();

  Computing(WorkerTables t) {
    this.t = t;
    this.available = new HashMap<>(t.config.resources());
  }

  // ---------------------------------------------------------------- outcomes

  /** A run returned a value: kept if its task still wants it. */
  void succeeded(ExecuteSucceeded m) {
    learn(m.key(), m.startMillis(), m.stopMillis());
    WorkerTask ts = endRun(m.key());
    if (ts == null) {
      return;
    }
    if (ts.status == CANCELLED) {
      t.move(ts, RELEASED);
      return;
    }
    t.keep(ts, m.value(), m.nbytes());
    t.move(ts, MEMORY);
    t.unblockDependents(ts);
    t.finished(ts, m.startMillis(), m.stopMillis());
  }

  /** A run threw: reported if its task still wants it. */
  void failed(ExecuteFailed m) {
    learn(m.key(), m.startMillis(), m.stopMillis());
    WorkerTask ts = endRun(m.key());
    if (ts == null) {
      return;
    }
    if (ts.status != CANCELLED) {
      t.send(new TaskErred(t.config.workerId(), ts.key, m.error(), m.startMillis(), m.stopMillis(), t.engine.stimulusId()));
    }
    t.move(ts, ts.status == EXECUTING || ts.status == LONG_RUNNING ? ERROR : RELEASED);
  }

  private void learn(String key, long startMillis, long stopMillis) {
    WorkerTask ts = t.tasks.get(key);
    if (ts != null && ts.spec != null && hasRun(ts)) {
      shortFunctions.ran(ts.spec.name(), startMillis, stopMillis);
    }
  }

  /**
   * The run of {@code key} returned: its slot and resources are given back. Returns its task, or
   * null when the run was a stray (or unknown), whose outcome is dropped.
   */
  private WorkerTask endRun(String key) {
    rejoining.remove(key); // an interrupted run can end while it waits to rejoin
    Stray stray = strays.remove(key);
    if (stray != null) {
      give(stray.held(), stray.doing() == EXECUTING, stray.quick());
      return null;
    }
    WorkerTask ts = t.tasks.get(key);
    if (ts == null || !hasRun(ts)) {
      return null;
    }
    give(ts.held, holdsSlot(ts), ts.quickRun);
    ts.held = Map.of();
    return ts;
  }

  private void give(Map<String, Double> held, boolean slot, boolean quick) {
    held.forEach((r, amount) -> available.merge(r, amount, Double::sum));
    if (slot) {
      freeSlot(quick);
    }
  }

  /** A run leaves its slot (it ended or seceded): a queued run takes it over, if any. */
  private void freeSlot(boolean quick) {
    if (!quick) {
      slowRuns--;
    }
    if (queued > 0) {
      queued--;
    } else {
      threadsBusy--;
    }
  }

  // ---------------------------------------------------------------- interrupts

  /** A forced cancel let {@code ts} go: if it is a CANCELLED run not yet told to stop, its thread is interrupted. */
  void interrupt(WorkerTask ts) {
    if (ts.status == CANCELLED && hasRun(ts) && !ts.interrupted) {
      ts.interrupted = true;
      t.instruct(new Interrupt(ts.key));
    }
  }

  /** Whether the run of {@code key} belongs to its task (not a stray) and was interrupted. */
  boolean interrupted(String key) {
    WorkerTask ts = t.tasks.get(key);
    return ts != null && ts.interrupted && !strays.containsKey(key);
  }

  /**
   * The interrupted run of {@code key} returned: its slot and resources are given back and its
   * outcome dropped; its task is RELEASED. Returns the order to compute the task afresh when the
   * scheduler asked for it again meanwhile (it was RESUMED), else null.
   */
  ComputeTask endInterrupted(String key) {
    WorkerTask ts = endRun(key);
    ComputeTask again = ts.again;
    ts.interrupted = false;
    t.move(ts, RELEASED);
    return again;
  }

  // ---------------------------------------------------------------- strays

  /** The run of {@code ts} goes on as a stray: {@code ts} is about to leave its run state. */
  void detach(WorkerTask ts) {
    if (hasRun(ts)) {
      strays.put(ts.key, new Stray(ts.held, holdsSlot(ts) ? EXECUTING : LONG_RUNNING, ts.interrupted, ts.quickRun));
      ts.held = Map.of();
      ts.interrupted = false;
      ts.again = null;
    }
  }

  /**
   * When a stray of {@code ts}'s key runs, {@code ts} (RELEASED, or a CANCELLED fetch) takes it
   * over: RESUMED, its previous the stray's state. Returns whether it did.
   */
  boolean adopt(WorkerTask ts) {
    Stray stray = strays.remove(ts.key);
    if (stray == null) {
      return false;
    }
    ts.held = stray.held();
    ts.quickRun = stray.quick();
    ts.previous = stray.doing();
    ts.interrupted = stray.interrupted();
    t.move(ts, RESUMED);
    return true;
  }

  /** Strays holding a slot whose function was not known short (for the invariants). */
  int slowStrays() {
    return (int) strays.values().stream().filter(s -> s.doing() == EXECUTING && !s.quick()).count();
  }

  /** What each stray is doing, by key (for the invariants). */
  Map<String, WorkerTaskStatus> strays() {
    Map<String, WorkerTaskStatus> out = new LinkedHashMap<>();
    strays.forEach((k, s) -> out.put(k, s.doing()));
    return out;
  }

  /** Resources held by strays, summed (for the invariants). */
  Map<String, Double> heldByStrays() {
    Map<String, Double> sum = new HashMap<>();
    strays.values().forEach(s -> s.held().forEach((r, a) -> sum.merge(r, a, Double::sum)));
    return sum;
  }

  // ---------------------------------------------------------------- secede / rejoin

  /** The run of {@code key} left the thread pool: its slot is free, the scheduler is told. */
  void seceded(String key) {
    WorkerTask ts = t.tasks.get(key);
    Stray stray = strays.get(key);
    boolean quick;
    if (stray != null && stray.doing() == EXECUTING) {
      quick = stray.quick();
      strays.put(key, stray.doing(LONG_RUNNING, false));
    } else if (ts != null && holdsSlot(ts)) {
      quick = ts.quickRun;
      ts.quickRun = false;
      if (ts.status == EXECUTING) {
        t.move(ts, LONG_RUNNING);
      } else {
        ts.previous = LONG_RUNNING;
      }
    } else {
      return;
    }
    freeSlot(quick);
    t.send(new LongRunning(t.config.workerId(), key));
  }

  /** The run of {@code key} wants a slot back: queued if it seceded, granted at once otherwise. */
  void rejoinRequested(String key) {
    if (secededRun(key)) {
      rejoining.add(key);
    } else {
      t.instruct(new GrantRejoin(key));
    }
  }

  /** Whether the run of {@code key} seceded and holds no slot. */
  boolean secededRun(String key) {
    Stray stray = strays.get(key);
    if (stray != null) {
      return stray.doing() == LONG_RUNNING;
    }
    WorkerTask ts = t.tasks.get(key);
    return ts != null && hasRun(ts) && !holdsSlot(ts);
  }

  private void rejoin(String key) {
    Stray stray = strays.get(key);
    WorkerTask ts = t.tasks.get(key);
    if (stray != null) {
      strays.put(key, stray.doing(EXECUTING, false));
    } else if (ts.status == LONG_RUNNING) {
      t.move(ts, EXECUTING);
    } else {
      ts.previous = EXECUTING;
    }
    threadsBusy++;
    slowRuns++; // a run that seceded once is not short
    t.instruct(new GrantRejoin(key));
  }

  // ---------------------------------------------------------------- starting runs

  /** Grants waiting rejoins, then, unless the worker is paused, starts READY tasks by priority while slots and resources last. */
  void ensureComputing() {
    while (threadsBusy < t.config.nthreads() && !rejoining.isEmpty()) {
      rejoin(rejoining.poll());
    }
    if (t.pausedBecause != null) {
      return;
    }
    List<WorkerTask> blocked = null;
    while (threadsBusy < t.config.nthreads() && !ready.isEmpty()) {
      WorkerTask ts = ready.poll();
      if (!fits(ts)) {
        if (blocked == null) {
          blocked = new ArrayList<>();
        }
        blocked.add(ts);
        continue;
      }
      start(ts);
    }
    if (blocked != null) {
      ready.addAll(blocked);
    }
    while (threadsBusy == t.config.nthreads() && rejoining.isEmpty() && slowRuns == 0
        && queued < t.config.nthreads() * RUN_AHEAD_PER_THREAD && !ready.isEmpty() && mayQueue(ready.peek())) {
      start(ready.poll());
    }
  }

  /** Whether {@code ts} may start as a queued run: its function is known short and it needs no resources. */
  private boolean mayQueue(WorkerTask ts) {
    return ts.spec.options().resources().isEmpty() && shortFunctions.isShort(ts.spec.name());
  }

  private void start(WorkerTask ts) {
    boolean ahead = threadsBusy == t.config.nthreads();
    ts.held = ts.spec.options().resources();
    ts.held.forEach((r, amount) -> available.merge(r, -amount, Double::sum));
    t.move(ts, EXECUTING);
    ts.quickRun = shortFunctions.isShort(ts.spec.name());
    if (!ts.quickRun) {
      slowRuns++;
    }
    if (ahead) {
      queued++;
    } else {
      threadsBusy++;
    }
    Map<String, Object> deps = ts.dependencies.isEmpty() ? Map.of() : new HashMap<>();
    for (WorkerTask dep : ts.dependencies) {
      deps.put(dep.key, t.store.get(dep.key));
    }
    t.instruct(new Execute(ts.key, ts.spec, deps, ahead));
  }

  private boolean fits(WorkerTask ts) {
    for (Map.Entry<String, Double> e : ts.spec.options().resources().entrySet()) {
      if (available.getOrDefault(e.getKey(), 0.0) < e.getValue()) {
        return false;
      }
    }
    return true;
  }
}

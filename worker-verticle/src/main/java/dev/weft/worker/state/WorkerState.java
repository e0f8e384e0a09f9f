package dev.weft.worker.state;

import static dev.weft.worker.state.WorkerTaskStatus.ERROR;
import static dev.weft.worker.state.WorkerTaskStatus.EXECUTING;
import static dev.weft.worker.state.WorkerTaskStatus.FETCH;
import static dev.weft.worker.state.WorkerTaskStatus.FLIGHT;
import static dev.weft.worker.state.WorkerTaskStatus.LONG_RUNNING;
import static dev.weft.worker.state.WorkerTaskStatus.MEMORY;
import static dev.weft.worker.state.WorkerTaskStatus.READY;
import static dev.weft.worker.state.WorkerTaskStatus.RELEASED;
import static dev.weft.worker.state.WorkerTaskStatus.WAITING;

import dev.weft.protocol.AddKeys;
import dev.weft.protocol.ComputeTask;
import dev.weft.protocol.FreeKeys;
import dev.weft.protocol.MissingData;
import dev.weft.protocol.Payload;
import dev.weft.protocol.StoreData;
import dev.weft.protocol.StealRequest;
import dev.weft.protocol.StealResponse;
import dev.weft.protocol.TaskErred;
import dev.weft.protocol.TaskFinished;
import dev.weft.protocol.ToWorker;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashSet;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * All of a worker's task logic as a pure state machine: scheduler messages and outcomes of its
 * own work come in, {@link Instruction}s go out. It holds the worker's values (opaque objects),
 * decides what to fetch from which peer and what to run next, and never touches a thread, a
 * clock or the network.
 */
public final class WorkerState {

  /** An edge of the transition table. */
  @FunctionalInterface
  private interface Edge {
    void apply(WorkerTask ts);
  }

  private final WorkerConfig config;
  /** Sizes of stored values (pluggable so tests need no real objects). */
  private final ToLongFunction<Object> sizeOf;
  /** The transition table: from → to → edge. */
  private final Map<WorkerTaskStatus, Map<WorkerTaskStatus, Edge>> table = new EnumMap<>(WorkerTaskStatus.class);
  /** Every task this worker knows; released tasks are removed once nothing refers to them. */
  private final Map<String, WorkerTask> tasks = new HashMap<>();
  /** Values held here; exactly the keys of MEMORY tasks. */
  private final Map<String, Object> data = new HashMap<>();
  /** Exactly the READY tasks, in priority order. */
  private final PriorityQueue<WorkerTask> ready =
      new PriorityQueue<>(Comparator.comparing((WorkerTask t) -> t.priority).thenComparing(t -> t.key));
  /** Seceded tasks waiting in {@code rejoin()} for a slot, first come first served. */
  private final java.util.ArrayDeque<WorkerTask> rejoining = new java.util.ArrayDeque<>();
  /** Exactly the FETCH tasks, in the order they became so. */
  private final Set<WorkerTask> toFetch = new LinkedHashSet<>();
  /** Resources not held by running tasks. */
  private final Map<String, Double> available;
  /** Tasks occupying a thread (includes released tasks still running). */
  private int threadsBusy;
  /** Sum of nbytes over {@link #data}. */
  private long bytesStored;
  /** Sum of nbytes of the values received from peers since start; only grows. */
  private long bytesFetched;
  /** Transitions taken per edge (indexed from × to ordinal). */
  private final long[][] taken = new long[WorkerTaskStatus.values().length][WorkerTaskStatus.values().length];
  /** Instructions produced by the current stimulus; null between stimuli. */
  private List<Instruction> out;

  /** An empty worker. */
  public WorkerState(WorkerConfig config, ToLongFunction<Object> sizeOf) {
    this.config = config;
    this.sizeOf = sizeOf;
    this.available = new HashMap<>(config.resources());
    edge(RELEASED, WAITING, ts -> ts.status = WAITING);
    edge(RELEASED, READY, this::toReady);
    edge(RELEASED, FETCH, ts -> ts.status = FETCH);
    edge(RELEASED, MEMORY, ts -> ts.status = MEMORY);
    edge(WAITING, READY, this::toReady);
    edge(WAITING, RELEASED, this::toReleased);
    edge(FETCH, FLIGHT, ts -> ts.status = FLIGHT);
    edge(FETCH, RELEASED, this::toReleased);
    edge(FLIGHT, MEMORY, ts -> ts.status = MEMORY);
    edge(FLIGHT, FETCH, ts -> ts.status = FETCH);
    edge(FLIGHT, RELEASED, this::toReleased);
    edge(READY, EXECUTING, ts -> ts.status = EXECUTING);
    edge(READY, RELEASED, this::toReleased);
    edge(EXECUTING, MEMORY, ts -> ts.status = MEMORY);
    edge(EXECUTING, ERROR, ts -> ts.status = ERROR);
    edge(EXECUTING, RELEASED, this::toReleased);
    edge(EXECUTING, LONG_RUNNING, ts -> ts.status = LONG_RUNNING);
    edge(LONG_RUNNING, EXECUTING, ts -> ts.status = EXECUTING);
    edge(LONG_RUNNING, MEMORY, ts -> ts.status = MEMORY);
    edge(LONG_RUNNING, ERROR, ts -> ts.status = ERROR);
    edge(LONG_RUNNING, RELEASED, this::toReleased);
    edge(MEMORY, RELEASED, this::toReleased);
    edge(ERROR, RELEASED, this::toReleased);
  }

  private void edge(WorkerTaskStatus from, WorkerTaskStatus to, Edge e) {
    table.computeIfAbsent(from, f -> new EnumMap<>(WorkerTaskStatus.class)).put(to, e);
  }

  /** Every (from, to) edge of the table, as "FROM->TO". */
  public List<String> declaredTransitions() {
    List<String> names = new ArrayList<>();
    table.forEach((from, tos) -> tos.keySet().forEach(to -> names.add(from + "->" + to)));
    return names;
  }

  /** How often each declared edge ("FROM->TO") has been taken. */
  public Map<String, Long> transitionCounts() {
    Map<String, Long> counts = new LinkedHashMap<>();
    table.forEach((from, tos) -> tos.keySet().forEach(to -> counts.put(from + "->" + to, taken[from.ordinal()][to.ordinal()])));
    return counts;
  }

  // ---------------------------------------------------------------- stimuli

  /** A message from the scheduler ({@link dev.weft.protocol.GetData} is answered by {@link #values}). */
  public List<Instruction> handle(ToWorker message) {
    begin();
    try {
      instruct(message);
      return end();
    } finally {
      out = null;
    }
  }

  private void instruct(ToWorker message) {
    if (message instanceof ComputeTask m) {
      compute(m);
    } else if (message instanceof FreeKeys m) {
      for (String key : m.keys()) {
        WorkerTask ts = tasks.get(key);
        if (ts != null) {
          release(ts);
        }
      }
    } else if (message instanceof StoreData m) {
      store(m);
    } else if (message instanceof StealRequest m) {
      steal(m.key());
    } else {
      throw new IllegalArgumentException("not a scheduler instruction: " + message.getClass().getSimpleName());
    }
  }

  /** An outcome of this worker's own work. */
  public List<Instruction> handle(WorkerStimulus stimulus) {
    begin();
    try {
      react(stimulus);
      return end();
    } finally {
      out = null;
    }
  }

  private void react(WorkerStimulus stimulus) {
    if (stimulus instanceof ExecuteSucceeded m) {
      executeSucceeded(m);
    } else if (stimulus instanceof ExecuteFailed m) {
      executeFailed(m);
    } else if (stimulus instanceof GatherSucceeded m) {
      gathered(m);
    } else if (stimulus instanceof Seceded m) {
      secede(tasks.get(m.key()));
    } else if (stimulus instanceof RejoinRequested m) {
      WorkerTask ts = tasks.get(m.key());
      if (ts == null || !ts.running || ts.holdsThread) {
        out.add(new GrantRejoin(m.key()));
      } else {
        rejoining.add(ts);
      }
    } else if (stimulus instanceof GatherFailed m) {
      for (String key : m.keys()) {
        fetchFailed(tasks.get(key), m.worker());
      }
    }
  }

  private void begin() {
    if (out != null) {
      throw new IllegalStateException("WorkerState is not re-entrant");
    }
    out = new ArrayList<>();
  }

  private List<Instruction> end() {
    ensureCommunicating();
    ensureComputing();
    if (config.validate()) {
      validate();
    }
    List<Instruction> result = out;
    out = null;
    return result;
  }

  private void compute(ComputeTask m) {
    String key = m.spec().key();
    WorkerTask ts = tasks.computeIfAbsent(key, WorkerTask::new);
    if (ts.spec != null && ts.status != RELEASED) {
      refreshWhoHas(ts, m.whoHas());
      return;
    }
    // A key being fetched is computed here instead: the scheduler asks because no peer holds it.
    switch (ts.status) {
      case MEMORY -> finished(ts, 0, 0);
      case FETCH, FLIGHT -> transition(ts, RELEASED);
      default -> { }
    }
    ts.spec = m.spec();
    ts.priority = m.priority();
    if (ts.status != RELEASED || ts.running) {
      return;
    }
    ts.dependencies.clear();
    for (String depKey : m.spec().dependencies()) {
      WorkerTask dep = tasks.computeIfAbsent(depKey, WorkerTask::new);
      ts.dependencies.add(dep);
      dep.dependents.add(ts);
      if (dep.status != MEMORY) {
        ts.waitingFor.add(dep);
        dep.whoHas = m.whoHas().getOrDefault(depKey, List.of());
        if (dep.status == RELEASED && !dep.fetching) {
          transition(dep, FETCH);
        }
      }
    }
    transition(ts, ts.waitingFor.isEmpty() ? READY : WAITING);
  }

  private void refreshWhoHas(WorkerTask ts, Map<String, List<String>> whoHas) {
    for (WorkerTask dep : ts.dependencies) {
      List<String> holders = whoHas.get(dep.key);
      if (holders != null && (dep.status == FETCH || dep.status == FLIGHT)) {
        dep.whoHas = holders;
      }
    }
  }

  private void store(StoreData m) {
    Map<String, Long> sizes = new LinkedHashMap<>();
    for (Map.Entry<String, Payload> e : m.data().entrySet()) {
      WorkerTask ts = tasks.computeIfAbsent(e.getKey(), WorkerTask::new);
      if (ts.status != MEMORY) {
        if (ts.status != RELEASED) {
          transition(ts, RELEASED);
        }
        keep(ts, e.getValue().value(), -1);
        transition(ts, MEMORY);
        unblockDependents(ts);
      }
      sizes.put(ts.key, ts.nbytes);
    }
    send(new AddKeys(config.workerId(), sizes));
  }

  private void executeSucceeded(ExecuteSucceeded m) {
    WorkerTask ts = tasks.get(m.key());
    if (ts == null || !ts.running) {
      return;
    }
    stopRunning(ts);
    // Released and since fetched or scattered, or its value arrived meanwhile: the run is moot.
    if (ts.spec == null || ts.status == MEMORY) {
      forgetIfUnused(ts);
      return;
    }
    keep(ts, m.value(), m.nbytes());
    transition(ts, MEMORY);
    unblockDependents(ts);
    finished(ts, m.startMillis(), m.stopMillis());
  }

  private void executeFailed(ExecuteFailed m) {
    WorkerTask ts = tasks.get(m.key());
    if (ts == null || !ts.running) {
      return;
    }
    stopRunning(ts);
    if (ts.spec == null || ts.status == MEMORY) {
      forgetIfUnused(ts);
      return;
    }
    if (ts.status == RELEASED) {
      send(new TaskErred(config.workerId(), ts.key, m.error(), m.startMillis(), m.stopMillis()));
      ts.spec = null;
      forgetIfUnused(ts);
      return;
    }
    transition(ts, ERROR);
    send(new TaskErred(config.workerId(), ts.key, m.error(), m.startMillis(), m.stopMillis()));
  }

  private void gathered(GatherSucceeded m) {
    Map<String, Long> added = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : m.data().entrySet()) {
      WorkerTask ts = tasks.get(e.getKey());
      if (ts == null) {
        continue;
      }
      ts.fetching = false;
      // Released while in flight, but wanted again: computed here meanwhile, or needed by a local task.
      boolean resumed = ts.status == RELEASED && (ts.spec != null || !ts.dependents.isEmpty());
      if (ts.status == FLIGHT || ts.status == FETCH || resumed) {
        if (ts.status == FETCH) {
          transition(ts, FLIGHT);
        }
        keep(ts, e.getValue(), m.nbytes().getOrDefault(ts.key, -1L));
        bytesFetched += Math.max(0, ts.nbytes);
        transition(ts, MEMORY);
        added.put(ts.key, ts.nbytes);
        unblockDependents(ts);
        if (ts.spec != null) {
          finished(ts, 0, 0);
        }
      } else {
        forgetIfUnused(ts);
      }
    }
    if (!added.isEmpty()) {
      send(new AddKeys(config.workerId(), added));
    }
    for (String key : m.missing()) {
      fetchFailed(tasks.get(key), m.worker());
    }
  }

  private void secede(WorkerTask ts) {
    if (ts == null || !ts.holdsThread) {
      return;
    }
    ts.holdsThread = false;
    threadsBusy--;
    if (ts.status == EXECUTING) {
      transition(ts, LONG_RUNNING);
    }
    send(new dev.weft.protocol.LongRunning(config.workerId(), ts.key));
  }

  /** A fetch of {@code ts} from {@code peer} came back empty-handed: try another holder. */
  private void fetchFailed(WorkerTask ts, String peer) {
    if (ts == null) {
      return;
    }
    ts.fetching = false;
    send(new MissingData(config.workerId(), ts.key, peer));
    List<String> rest = new ArrayList<>(ts.whoHas);
    rest.remove(peer);
    ts.whoHas = rest;
    if (ts.status == FLIGHT || ts.status == RELEASED && ts.spec == null && !ts.dependents.isEmpty()) {
      transition(ts, FETCH);
    } else if (ts.status == RELEASED) {
      forgetIfUnused(ts);
    }
  }

  // ---------------------------------------------------------------- transitions

  private void transition(WorkerTask ts, WorkerTaskStatus to) {
    WorkerTaskStatus from = ts.status;
    Edge e = table.getOrDefault(from, Map.of()).get(to);
    if (e == null) {
      throw new IllegalStateException("no worker transition " + from + "->" + to + " for " + ts.key);
    }
    e.apply(ts);
    if (from == FETCH) {
      toFetch.remove(ts);
    }
    if (ts.status == FETCH) {
      toFetch.add(ts);
    }
    taken[from.ordinal()][to.ordinal()]++;
  }

  private void toReady(WorkerTask ts) {
    ts.status = READY;
    ready.add(ts);
  }

  /** Into RELEASED from anywhere: drop the value, leave the ready queue, detach from dependencies. */
  private void toReleased(WorkerTask ts) {
    switch (ts.status) {
      case READY -> ready.remove(ts);
      case MEMORY -> {
        data.remove(ts.key);
        bytesStored -= ts.nbytes;
      }
      default -> { }
    }
    ts.status = RELEASED;
    ts.spec = null;
    ts.priority = null;
    ts.waitingFor.clear();
    for (WorkerTask dep : ts.dependencies) {
      dep.dependents.remove(ts);
      if (dep.dependents.isEmpty() && dep.spec == null && (dep.status == FETCH || dep.status == FLIGHT)) {
        transition(dep, RELEASED);
        forgetIfUnused(dep);
      }
    }
    ts.dependencies.clear();
  }

  private void release(WorkerTask ts) {
    if (ts.status != RELEASED) {
      transition(ts, RELEASED);
    }
    forgetIfUnused(ts);
  }

  /**
   * The scheduler would move task {@code key} elsewhere: given up only if it has not started
   * (waiting for dependencies or for a thread); answered either way.
   */
  private void steal(String key) {
    WorkerTask ts = tasks.get(key);
    boolean stealable = ts != null && ts.spec != null && !ts.running && (ts.status == WAITING || ts.status == READY);
    String state = ts == null ? "unknown" : ts.status.name().toLowerCase(java.util.Locale.ROOT);
    if (stealable) {
      release(ts);
    }
    send(new StealResponse(config.workerId(), key, stealable, state));
  }

  private void forgetIfUnused(WorkerTask ts) {
    if (ts.status == RELEASED && ts.dependents.isEmpty() && !ts.running && !ts.fetching) {
      tasks.remove(ts.key);
    }
  }

  // ---------------------------------------------------------------- helpers

  private void keep(WorkerTask ts, Object value, long nbytes) {
    ts.nbytes = nbytes >= 0 ? nbytes : sizeOf.applyAsLong(value);
    data.put(ts.key, value);
    bytesStored += ts.nbytes;
  }

  private void unblockDependents(WorkerTask ts) {
    for (WorkerTask dts : ts.dependents) {
      if (dts.waitingFor.remove(ts) && dts.status == WAITING && dts.waitingFor.isEmpty()) {
        transition(dts, READY);
      }
    }
  }

  private void finished(WorkerTask ts, long start, long stop) {
    Object value = data.get(ts.key);
    Payload inline = ts.nbytes <= config.inlineLimitBytes() ? Payload.of(value) : null;
    String type = value == null ? "null" : value.getClass().getName();
    send(new TaskFinished(config.workerId(), ts.key, ts.nbytes, type, start, stop, inline));
  }

  private void stopRunning(WorkerTask ts) {
    ts.running = false;
    rejoining.remove(ts);
    if (ts.holdsThread) {
      ts.holdsThread = false;
      threadsBusy--;
    }
    ts.held.forEach((r, amount) -> available.merge(r, amount, Double::sum));
    ts.held = Map.of();
  }

  private void ensureCommunicating() {
    Map<String, List<WorkerTask>> byPeer = new LinkedHashMap<>();
    if (toFetch.isEmpty()) {
      return;
    }
    for (WorkerTask ts : toFetch) {
      if (!ts.fetching && !ts.whoHas.isEmpty()) {
        byPeer.computeIfAbsent(ts.whoHas.get(0), p -> new ArrayList<>()).add(ts);
      }
    }
    byPeer.forEach((peer, deps) -> {
      List<String> keys = new ArrayList<>(deps.size());
      for (WorkerTask ts : deps) {
        transition(ts, FLIGHT);
        ts.fetching = true;
        keys.add(ts.key);
      }
      out.add(new GatherDep(peer, keys));
    });
  }

  private void ensureComputing() {
    while (threadsBusy < config.nthreads() && !rejoining.isEmpty()) {
      WorkerTask ts = rejoining.poll();
      ts.holdsThread = true;
      threadsBusy++;
      if (ts.status == LONG_RUNNING) {
        transition(ts, EXECUTING);
      }
      out.add(new GrantRejoin(ts.key));
    }
    List<WorkerTask> blocked = null;
    while (threadsBusy < config.nthreads() && !ready.isEmpty()) {
      WorkerTask ts = ready.poll();
      if (!fits(ts)) {
        if (blocked == null) {
          blocked = new ArrayList<>();
        }
        blocked.add(ts);
        continue;
      }
      ts.held = ts.spec.options().resources();
      ts.held.forEach((r, amount) -> available.merge(r, -amount, Double::sum));
      transition(ts, EXECUTING);
      ts.running = true;
      ts.holdsThread = true;
      threadsBusy++;
      Map<String, Object> deps = ts.dependencies.isEmpty() ? Map.of() : new HashMap<>();
      for (WorkerTask dep : ts.dependencies) {
        deps.put(dep.key, data.get(dep.key));
      }
      out.add(new Execute(ts.key, ts.spec, deps));
    }
    if (blocked != null) {
      ready.addAll(blocked);
    }
  }

  private boolean fits(WorkerTask ts) {
    for (Map.Entry<String, Double> e : ts.spec.options().resources().entrySet()) {
      if (available.getOrDefault(e.getKey(), 0.0) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  private void send(dev.weft.protocol.ToScheduler message) {
    out.add(new SendToScheduler(message));
  }

  // ---------------------------------------------------------------- queries

  /** The values held for {@code keys}; keys not held are left out. */
  public Map<String, Object> values(List<String> keys) {
    Map<String, Object> found = new LinkedHashMap<>();
    for (String k : keys) {
      if (data.containsKey(k)) {
        found.put(k, data.get(k));
      }
    }
    return found;
  }

  /** The estimated size of a held value, or -1. */
  public long nbytes(String key) {
    WorkerTask ts = tasks.get(key);
    return ts == null || ts.status != MEMORY ? -1 : ts.nbytes;
  }

  /** The state of {@code key} here, or null when unknown. */
  public WorkerTaskStatus status(String key) {
    WorkerTask ts = tasks.get(key);
    return ts == null ? null : ts.status;
  }

  /** Number of values held here. */
  public int storedCount() {
    return data.size();
  }

  /** Keys whose values are held here. */
  public List<String> storedKeys() {
    List<String> keys = new ArrayList<>(data.keySet());
    Collections.sort(keys);
    return keys;
  }

  /** Threads busy running tasks. */
  public int executing() {
    return threadsBusy;
  }

  /** Tasks waiting for a thread. */
  public int readyCount() {
    return ready.size();
  }

  /** Bytes of the values received from peers since start. */
  public long bytesFetched() {
    return bytesFetched;
  }

  /** Estimated bytes of the values held. */
  public long bytesStored() {
    return bytesStored;
  }

  /** Checks the invariants; throws {@link IllegalStateException} when one fails. */
  public void validate() {
    int running = 0;
    for (WorkerTask ts : tasks.values()) {
      if (ts.holdsThread) {
        running++;
      }
      check(!ts.holdsThread || ts.running, ts, "holds a thread without running");
      check(ts.status != LONG_RUNNING || ts.running && !ts.holdsThread, ts, "LONG_RUNNING must run without a slot");
      check((ts.status == MEMORY) == data.containsKey(ts.key), ts, "value held iff MEMORY");
      check((ts.status == READY) == ready.contains(ts), ts, "ready queue iff READY");
      check((ts.status == FETCH) == toFetch.contains(ts), ts, "fetch set iff FETCH");
      check(ts.status != EXECUTING || ts.holdsThread, ts, "EXECUTING without a thread");
      check(ts.status == WAITING || ts.waitingFor.isEmpty(), ts, "waiting outside WAITING");
      if (ts.status == WAITING) {
        check(!ts.waitingFor.isEmpty(), ts, "WAITING on nothing");
      }
      for (WorkerTask dep : ts.waitingFor) {
        check(dep.status != MEMORY && tasks.get(dep.key) == dep, ts, "waits for " + dep);
      }
      for (WorkerTask dep : ts.dependencies) {
        check(dep.dependents.contains(ts), ts, "dependency link to " + dep.key);
      }
    }
    if (running != threadsBusy || threadsBusy > config.nthreads()) {
      throw new IllegalStateException("threads busy " + threadsBusy + " but " + running + " tasks run");
    }
    if (data.size() != tasks.values().stream().filter(t -> t.status == MEMORY).count()) {
      throw new IllegalStateException("stored values out of sync with MEMORY tasks");
    }
  }

  private static void check(boolean ok, WorkerTask ts, String what) {
    if (!ok) {
      throw new IllegalStateException("worker invariant broken for " + ts + ": " + what);
    }
  }
}

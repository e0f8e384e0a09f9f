package dev.weft.scheduler.state;

import static dev.weft.scheduler.state.TaskStatus.ERRED;
import static dev.weft.scheduler.state.TaskStatus.FORGOTTEN;
import static dev.weft.scheduler.state.TaskStatus.MEMORY;
import static dev.weft.scheduler.state.TaskStatus.NO_WORKER;
import static dev.weft.scheduler.state.TaskStatus.PROCESSING;
import static dev.weft.scheduler.state.TaskStatus.QUEUED;
import static dev.weft.scheduler.state.TaskStatus.RELEASED;
import static dev.weft.scheduler.state.TaskStatus.WAITING;

import dev.weft.protocol.AddKeys;
import dev.weft.protocol.CancelKeys;
import dev.weft.protocol.ClientGoodbye;
import dev.weft.protocol.ClientHeartbeat;
import dev.weft.protocol.ClientHello;
import dev.weft.protocol.ComputeTask;
import dev.weft.protocol.FreeKeys;
import dev.weft.protocol.Heartbeat;
import dev.weft.protocol.LongRunning;
import dev.weft.protocol.KeyCancelled;
import dev.weft.protocol.KeyErred;
import dev.weft.protocol.KeyInMemory;
import dev.weft.protocol.KeyLost;
import dev.weft.protocol.MissingData;
import dev.weft.protocol.Payload;
import dev.weft.protocol.Priority;
import dev.weft.protocol.Query;
import dev.weft.protocol.RegisterWorker;
import dev.weft.protocol.ReleaseKeys;
import dev.weft.protocol.RemoteError;
import dev.weft.protocol.ScatterData;
import dev.weft.protocol.SchedulerSnapshot;
import dev.weft.protocol.StoreData;
import dev.weft.protocol.TaskErred;
import dev.weft.protocol.TaskFinished;
import dev.weft.protocol.TaskOptions;
import dev.weft.protocol.TaskSpec;
import dev.weft.protocol.ToClient;
import dev.weft.protocol.ToScheduler;
import dev.weft.protocol.UpdateGraph;
import dev.weft.protocol.UploadJar;
import dev.weft.protocol.StealRequest;
import dev.weft.protocol.StealResponse;
import dev.weft.protocol.WorkerGoodbye;
import dev.weft.protocol.WorkerLost;
import dev.weft.protocol.WorkerSnapshot;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * All scheduling logic, as a pure state machine in dask's model: {@link #handle} takes one
 * message (with the current time, since the state reads no clock) and returns the messages to
 * send. No Vert.x, no threads, no I/O; one thread at a time.
 *
 * <p>Task state changes only through the transitions declared in {@link #declaredTransitions()},
 * one method per edge. Each may recommend further transitions; a loop applies recommendations
 * until none are left. Every transition is logged for {@link #story(String)}, and with
 * {@link SchedulerConfig#validate()} the invariants of every touched task are checked after each
 * stimulus.
 */
public final class SchedulerState {

  /** Task executions {@link #taskStream()} keeps. */
  public static final int TASK_RUNS_KEPT = 100_000;

  /** Why a task left memory or processing without finishing. */
  private enum Cause { LOST }

  /** An edge of the transition table. */
  @FunctionalInterface
  private interface Edge {
    void apply(TaskState ts, Object cause);
  }

  /** Why a task whose value is gone and whose dependency is forgotten is cancelled. */
  private static final String UNRECOVERABLE = "a dependency was forgotten; it cannot be recomputed";

  private static final Comparator<TaskState> BY_PRIORITY =
      Comparator.comparing((TaskState t) -> t.priority).thenComparing(t -> t.key);

  private final SchedulerConfig config;
  /** The transition table: from → to → edge. */
  private final Map<TaskStatus, Map<TaskStatus, Edge>> table = new EnumMap<>(TaskStatus.class);
  /** Every live task by key; a key absent here is forgotten. */
  private final Map<String, TaskState> tasks = new HashMap<>();
  /** Registered workers by name, in join order. */
  private final Map<String, WorkerRecord> workers = new LinkedHashMap<>();
  /** Clients and pseudo-clients and the tasks each wants; mirrors {@link TaskState#wantedBy}. */
  private final Map<String, Set<TaskState>> clients = new HashMap<>();
  /** Clients that said hello and have not left, by id; only these may send client messages. */
  private final Map<String, ClientRecord> connected = new HashMap<>();
  /** Exactly the QUEUED tasks, in priority order. */
  private final TreeSet<TaskState> queued = new TreeSet<>(BY_PRIORITY);
  /** Exactly the NO_WORKER tasks. */
  private final Set<TaskState> unrunnable = new LinkedHashSet<>();
  /** Pending recommendations of this stimulus: task → target state, applied in order. */
  private final LinkedHashMap<TaskState, TaskStatus> recommendations = new LinkedHashMap<>();
  /** Jars uploaded by clients, in upload order; every worker is sent each of them once. */
  private final List<UploadJar> jars = new ArrayList<>();
  /** Average run time per function name, in milliseconds. */
  private final Map<String, Double> durations = new HashMap<>();
  /** Tasks per state (indexed by ordinal); equals a count over {@link #tasks}. */
  private final long[] counts = new long[TaskStatus.values().length];
  /** Tasks per function name and state; one entry per name ever seen, counts as in {@link TaskPrefix}. */
  private final Map<String, TaskPrefix> prefixes = new LinkedHashMap<>();
  /** Work stealing's pending requests and counts. */
  private final Stealing stealing = new Stealing();
  /** Where tasks go (dask's decide_worker); reads {@link #workers}. */
  private final Placement placement;
  /** The invariants over these tables, checked after each stimulus when validating. */
  private final Invariants invariants;
  /** The last {@link #TASK_RUNS_KEPT} task executions workers reported, for the task stream. */
  private final TaskStream runs = new TaskStream(TASK_RUNS_KEPT);
  /** Bytes workers have received from peers, summed from their heartbeats; only grows. */
  private long bytesTransferred;
  /** Messages workers rejected, summed from their heartbeats; only grows. */
  private long workerRejections;
  /** Transitions taken per edge since creation (indexed from × to ordinal). */
  private final long[][] taken = new long[TaskStatus.values().length][TaskStatus.values().length];
  /** Tasks transitioned during the current stimulus, for validation. */
  private final Set<TaskState> touched = new LinkedHashSet<>();
  private final TransitionLog log;
  /** Effects produced by the current stimulus; null between stimuli. */
  private List<Effect> effects;
  /** Time of the current stimulus. */
  private long now;
  /** Name of the current stimulus, for the transition log. */
  private String stimulus = "";
  /** Current submission generation; grows when submissions are fifoTimeout apart. */
  private long generation;
  /** Time of the last graph submission. */
  private long lastSubmitMillis = Long.MIN_VALUE / 2;
  /** Graph order handed to the next new task; only grows. */
  private long nextOrder;

  /** A scheduler with no workers, clients or tasks. */
  public SchedulerState(SchedulerConfig config) {
    this.config = config;
    this.log = new TransitionLog(config.transitionLogLength());
    this.placement = new Placement(config, workers);
    this.invariants = new Invariants(tasks, workers, clients, queued, unrunnable, counts, log);
    edge(RELEASED, WAITING, this::releasedToWaiting);
    edge(RELEASED, MEMORY, this::releasedToMemory);
    edge(RELEASED, FORGOTTEN, this::releasedToForgotten);
    edge(WAITING, PROCESSING, this::readyToProcessing);
    edge(WAITING, QUEUED, this::waitingToQueued);
    edge(WAITING, NO_WORKER, this::waitingToNoWorker);
    edge(WAITING, RELEASED, this::unfinishedToReleased);
    edge(WAITING, ERRED, this::waitingToErred);
    edge(QUEUED, PROCESSING, this::readyToProcessing);
    edge(QUEUED, RELEASED, this::unfinishedToReleased);
    edge(NO_WORKER, PROCESSING, this::readyToProcessing);
    edge(NO_WORKER, RELEASED, this::unfinishedToReleased);
    edge(PROCESSING, MEMORY, this::processingToMemory);
    edge(PROCESSING, ERRED, this::processingToErred);
    edge(PROCESSING, RELEASED, this::unfinishedToReleased);
    edge(MEMORY, RELEASED, this::memoryToReleased);
    edge(ERRED, RELEASED, this::erredToReleased);
  }

  private void edge(TaskStatus from, TaskStatus to, Edge e) {
    table.computeIfAbsent(from, f -> new EnumMap<>(TaskStatus.class)).put(to, e);
  }

  /** Every edge of the transition table. */
  public List<Transition> declaredTransitions() {
    List<Transition> out = new ArrayList<>();
    table.forEach((from, tos) -> tos.keySet().forEach(to -> out.add(new Transition(from, to))));
    return out;
  }

  /** How often each edge has been taken. */
  public Map<Transition, Long> transitionCounts() {
    Map<Transition, Long> out = new LinkedHashMap<>();
    for (Transition t : declaredTransitions()) {
      out.put(t, taken[t.from().ordinal()][t.to().ordinal()]);
    }
    return out;
  }

  // ---------------------------------------------------------------- stimuli

  /**
   * Applies one message sent from cluster node {@code sender} and received at {@code nowMillis};
   * returns what to send. A message that no rule admits (see {@link Admission}) changes nothing
   * and throws {@link RejectedMessageException}.
   */
  public List<Effect> handle(ToScheduler message, String sender, long nowMillis) {
    Admission.check(message, sender, workers, connected);
    return stimulus(nowMillis, message.getClass().getSimpleName(), () -> {
      touchClient(message);
      if (message instanceof UpdateGraph m) {
        updateGraph(m);
      } else if (message instanceof TaskFinished m) {
        taskFinished(m);
      } else if (message instanceof TaskErred m) {
        taskErred(m);
      } else if (message instanceof ReleaseKeys m) {
        for (String key : m.keys()) {
          TaskState ts = tasks.get(key);
          if (ts != null) {
            removeWant(m.clientId(), ts);
          }
        }
      } else if (message instanceof CancelKeys m) {
        for (String key : m.keys()) {
          TaskState ts = tasks.get(key);
          if (ts != null) {
            cancel(m.clientId(), ts, new HashSet<>());
          }
        }
      } else if (message instanceof ScatterData m) {
        scatter(m);
      } else if (message instanceof AddKeys m) {
        addKeys(m);
      } else if (message instanceof MissingData m) {
        missingData(m);
      } else if (message instanceof Heartbeat m) {
        heartbeat(m);
      } else if (message instanceof UploadJar m) {
        jars.add(m);
        for (WorkerRecord ws : workers.values()) {
          effects.add(new SendToWorker(ws.id, m));
        }
      } else if (message instanceof LongRunning m) {
        longRunning(m);
      } else if (message instanceof StealResponse m) {
        stealAnswered(m);
      } else if (message instanceof RegisterWorker m) {
        addWorker(m);
      } else if (message instanceof WorkerGoodbye m) {
        WorkerRecord ws = workers.get(m.workerId());
        if (ws != null) {
          removeWorker(ws, false);
        }
      } else if (message instanceof ClientHello m) {
        connected.computeIfAbsent(m.clientId(), c -> new ClientRecord(c, m.nodeId(), now)).lastSeen = now;
        clients.computeIfAbsent(m.clientId(), c -> new LinkedHashSet<>());
      } else if (message instanceof ClientGoodbye m) {
        removeClient(m.clientId());
      } else if (!(message instanceof Query) && !(message instanceof ClientHeartbeat)) {
        throw new IllegalArgumentException("unhandled message " + message.getClass().getName());
      }
    });
  }

  /**
   * Checks that {@code message} from node {@code sender} would be admitted now, changing nothing;
   * throws {@link RejectedMessageException} when it would not.
   */
  public void admit(ToScheduler message, String sender) {
    Admission.check(message, sender, workers, connected);
  }

  /** Names of the workers registered from cluster node {@code nodeId}. */
  public List<String> workerIdsOn(String nodeId) {
    List<String> out = new ArrayList<>();
    for (WorkerRecord ws : workers.values()) {
      if (ws.nodeId.equals(nodeId)) {
        out.add(ws.id);
      }
    }
    return out;
  }

  /** A nanny saw its worker's process die (only from the scheduler's own JVM): remove it at once. */
  public List<Effect> workerLost(WorkerLost m, long nowMillis) {
    return stimulus(nowMillis, "WorkerLost", () -> {
      WorkerRecord ws = workers.get(m.workerId());
      if (ws != null) {
        removeWorker(ws, true);
      }
    });
  }

  /**
   * The cluster manager says node {@code nodeId} left (its JVM died or was cut off): its workers
   * are removed as dead and its clients as gone, at once.
   */
  public List<Effect> nodeLeft(String nodeId, long nowMillis) {
    return stimulus(nowMillis, "NodeLeft", () -> {
      for (WorkerRecord ws : new ArrayList<>(workers.values())) {
        if (ws.nodeId.equals(nodeId)) {
          removeWorker(ws, true);
        }
      }
      for (ClientRecord c : new ArrayList<>(connected.values())) {
        if (c.nodeId.equals(nodeId)) {
          removeClient(c.id);
        }
      }
    });
  }

  /**
   * Clock-driven housekeeping: removes workers silent for longer than the worker TTL and clients
   * silent for longer than the client TTL.
   */
  public List<Effect> tick(long nowMillis) {
    return stimulus(nowMillis, "Tick", () -> {
      for (WorkerRecord ws : new ArrayList<>(workers.values())) {
        if (nowMillis - ws.lastSeen > config.workerTtlMillis()) {
          removeWorker(ws, true);
        }
      }
      for (ClientRecord c : new ArrayList<>(connected.values())) {
        if (nowMillis - c.lastSeen > config.clientTtlMillis()) {
          removeClient(c.id);
        }
      }
      if (stealing.due(nowMillis, config.stealIntervalMillis())) {
        for (Map.Entry<WorkerRecord, TaskState> steal : stealing.balance(workers.values(), config.bandwidthBytesPerSecond())) {
          effects.add(new SendToWorker(steal.getKey().id, new StealRequest(steal.getValue().key)));
        }
      }
    });
  }

  /**
   * A victim answered a steal request: if it gave the task up, the task goes to the thief (logged
   * as a steal in its story), or back through placement if the thief has left meanwhile.
   */
  private void stealAnswered(StealResponse m) {
    Stealing.Pending p = stealing.answered(m.key());
    TaskState ts = tasks.get(m.key());
    if (!m.stolen() || ts == null || ts.status != PROCESSING || !ts.processingOn.id.equals(m.workerId())) {
      return;
    }
    WorkerRecord victim = ts.processingOn;
    WorkerRecord thief = p == null ? null : p.thief();
    if (thief == null || workers.get(thief.id) != thief) {
      transition(ts, RELEASED, m);
      return;
    }
    victim.processing.remove(ts);
    victim.occupancy -= ts.expectedMillis;
    ts.processingOn = thief;
    thief.processing.add(ts);
    thief.occupancy += ts.expectedMillis;
    stealing.carriedOut();
    log.add(new TransitionRecord(ts.key, PROCESSING, PROCESSING, "steal " + victim.id + "->" + thief.id, now));
    effects.add(new SendToWorker(thief.id, computeTask(ts)));
  }

  /** The worker {@code key} is processing on; null when it is not processing. */
  public String processingOn(String key) {
    TaskState ts = tasks.get(key);
    return ts == null || ts.processingOn == null ? null : ts.processingOn.id;
  }

  /** Tasks moved from a busy worker to an idle one since start. */
  public long steals() {
    return stealing.steals();
  }

  /** Any message of a connected client shows it alive. */
  private void touchClient(ToScheduler message) {
    String id = Admission.clientOf(message);
    ClientRecord c = id == null ? null : connected.get(id);
    if (c != null) {
      c.lastSeen = now;
    }
  }

  /** A client left (goodbye, TTL, or its node left): every key it wanted loses that want. */
  private void removeClient(String clientId) {
    connected.remove(clientId);
    Set<TaskState> wanted = clients.get(clientId);
    if (wanted != null) {
      for (TaskState ts : new ArrayList<>(wanted)) {
        removeWant(clientId, ts);
      }
      clients.remove(clientId);
    }
  }

  /**
   * Runs one stimulus: {@code body} changes the state, then recommendations run and the queue
   * drains. If anything throws, the stimulus's pending work is dropped so the next one starts
   * clean (the state is never left "in a stimulus").
   */
  private List<Effect> stimulus(long nowMillis, String name, Runnable body) {
    begin(nowMillis, name);
    boolean finished = false;
    try {
      body.run();
      List<Effect> out = end();
      finished = true;
      return out;
    } finally {
      if (!finished) {
        effects = null;
        recommendations.clear();
        touched.clear();
      }
    }
  }

  private void begin(long nowMillis, String name) {
    if (effects != null) {
      throw new IllegalStateException("SchedulerState is not re-entrant");
    }
    now = nowMillis;
    stimulus = name;
    effects = new ArrayList<>();
  }

  private List<Effect> end() {
    runRecommendations();
    drainQueue();
    if (config.validate()) {
      for (TaskState ts : touched) {
        invariants.validateTask(ts);
      }
      invariants.validateCounts();
    }
    touched.clear();
    List<Effect> out = effects;
    effects = null;
    return out;
  }

  private void updateGraph(UpdateGraph m) {
    if (now - lastSubmitMillis > config.fifoTimeoutMillis()) {
      generation++;
    }
    lastSubmitMillis = now;
    clients.computeIfAbsent(m.clientId(), c -> new LinkedHashSet<>());
    Map<String, TaskSpec> fresh = new LinkedHashMap<>();
    Map<String, String> broken = new HashMap<>();
    for (TaskSpec spec : m.tasks()) {
      if (tasks.containsKey(spec.key()) || fresh.containsKey(spec.key())) {
        continue;
      }
      for (String dep : spec.dependencies()) {
        if (!tasks.containsKey(dep) && !fresh.containsKey(dep)) {
          broken.put(spec.key(), broken.getOrDefault(dep, "dependency " + dep + " is no longer known"));
        } else if (broken.containsKey(dep)) {
          broken.put(spec.key(), broken.get(dep));
        }
      }
      if (!broken.containsKey(spec.key())) {
        fresh.put(spec.key(), spec);
      }
    }
    Map<String, Long> order = GraphOrder.order(fresh, nextOrder);
    nextOrder += fresh.size();
    for (TaskSpec spec : fresh.values()) {
      List<TaskState> deps = new ArrayList<>(spec.dependencies().size());
      for (String d : spec.dependencies()) {
        deps.add(tasks.get(d));
      }
      Priority p = new Priority(spec.options().priority(), generation, order.get(spec.key()));
      TaskState ts = new TaskState(spec.key(), spec, spec.options(), p, deps.isEmpty() ? List.of() : deps);
      for (TaskState dep : deps) {
        dep.dependents().add(ts);
      }
      admit(ts);
    }
    for (String key : m.wanted()) {
      TaskState ts = tasks.get(key);
      if (ts == null) {
        String why = broken.getOrDefault(key, "key " + key + " has no task");
        send(m.clientId(), new KeyCancelled(key, why));
      } else {
        addWant(m.clientId(), ts);
      }
    }
    for (String key : fresh.keySet()) {
      TaskState ts = tasks.get(key);
      if (ts.status == RELEASED && !ts.isWanted() && !ts.hasDependents()) {
        recommend(ts, FORGOTTEN);
      }
    }
  }

  private void addWant(String clientId, TaskState ts) {
    if (ts.wantedBy().contains(clientId)) {
      return;
    }
    if (clientId.equals(UpdateGraph.FIRE_AND_FORGET) && (ts.status == MEMORY || ts.status == ERRED)) {
      return; // done already: fire-and-forget has nothing left to keep it for
    }
    ts.wantedBy().add(clientId);
    clients.computeIfAbsent(clientId, c -> new LinkedHashSet<>()).add(ts);
    switch (ts.status) {
      case MEMORY -> send(clientId, new KeyInMemory(ts.key, ts.type, workerIds(ts), null));
      case ERRED -> send(clientId, new KeyErred(ts.key, ts.exception));
      case RELEASED -> {
        if (ts.recomputable()) {
          recommend(ts, WAITING);
        }
      }
      default -> { }
    }
  }

  private void removeWant(String clientId, TaskState ts) {
    if (ts.wantedBy == null || !ts.wantedBy.remove(clientId)) {
      return;
    }
    Set<TaskState> wanted = clients.get(clientId);
    if (wanted != null) {
      wanted.remove(ts);
    }
    if (ts.isWanted() || ts.hasWaiters()) {
      return;
    }
    if (ts.status == RELEASED) {
      if (!ts.hasDependents()) {
        recommend(ts, FORGOTTEN);
      }
    } else {
      recommend(ts, RELEASED);
    }
  }

  /** Cancels {@code ts} and everything downstream of it for one client (iteratively). */
  private void cancel(String clientId, TaskState root, Set<TaskState> seen) {
    List<TaskState> order = new ArrayList<>();
    List<TaskState> stack = new ArrayList<>(List.of(root));
    while (!stack.isEmpty()) {
      TaskState ts = stack.remove(stack.size() - 1);
      if (seen.add(ts)) {
        order.add(ts);
        if (ts.dependents != null) {
          stack.addAll(ts.dependents);
        }
      }
    }
    for (int i = order.size() - 1; i >= 0; i--) {
      TaskState ts = order.get(i);
      if (ts.wantedBy != null && ts.wantedBy.contains(clientId)) {
        send(clientId, new KeyCancelled(ts.key, KeyCancelled.CANCELLED));
        removeWant(clientId, ts);
      }
    }
  }

  private void taskFinished(TaskFinished m) {
    WorkerRecord ws = workers.get(m.workerId());
    if (ws == null) {
      return;
    }
    ws.lastSeen = now;
    TaskState ts = tasks.get(m.key());
    if (ts != null && ts.status == PROCESSING && ts.processingOn == ws) {
      recordRun(ts, ws, m.startMillis(), m.stopMillis(), true);
      transition(ts, MEMORY, m);
    } else if (ts != null && ts.status == MEMORY) {
      addReplica(ts, ws, m.nbytes());
    } else {
      sendFree(ws, m.key());
    }
  }

  /** Adds an execution to the task stream; a value the worker received instead of computing (start 0) is none. */
  private void recordRun(TaskState ts, WorkerRecord ws, long start, long stop, boolean ok) {
    if (start > 0) {
      runs.add(ts.key, ts.name(), ws.id, ws.nthreads, start, stop, ok);
    }
  }

  private void taskErred(TaskErred m) {
    WorkerRecord ws = workers.get(m.workerId());
    TaskState ts = tasks.get(m.key());
    if (ws == null || ts == null || ts.status != PROCESSING || ts.processingOn != ws) {
      return;
    }
    ws.lastSeen = now;
    recordRun(ts, ws, m.startMillis(), m.stopMillis(), false);
    if (ts.retriesLeft > 0) {
      ts.retriesLeft--;
      transition(ts, RELEASED, null);
    } else {
      transition(ts, ERRED, m.error());
    }
  }

  private void scatter(ScatterData m) {
    clients.computeIfAbsent(m.clientId(), c -> new LinkedHashSet<>());
    List<WorkerRecord> targets = new ArrayList<>(workers.values());
    Map<WorkerRecord, Map<String, Payload>> perWorker = new LinkedHashMap<>();
    int next = 0;
    targets.sort(Comparator.comparingLong((WorkerRecord w) -> w.nbytes).thenComparingInt(w -> w.hasWhat.size()));
    for (Map.Entry<String, Payload> e : m.data().entrySet()) {
      TaskState ts = tasks.get(e.getKey());
      if (ts == null) {
        ts = new TaskState(e.getKey(), null, TaskOptions.DEFAULT, new Priority(0, generation, nextOrder++), List.of());
        admit(ts);
      }
      if (targets.isEmpty()) {
        send(m.clientId(), new KeyErred(ts.key, new RemoteError(IllegalStateException.class.getName(),
            "no workers to scatter to", List.of(), null)));
        if (!ts.isWanted() && ts.status == RELEASED && !ts.hasDependents()) {
          recommend(ts, FORGOTTEN);
        }
        continue;
      }
      addWant(m.clientId(), ts);
      if (ts.status == MEMORY || ts.status == PROCESSING) {
        continue;
      }
      List<WorkerRecord> to = m.broadcast() ? targets : List.of(targets.get(next++ % targets.size()));
      for (WorkerRecord ws : to) {
        perWorker.computeIfAbsent(ws, w -> new LinkedHashMap<>()).put(ts.key, e.getValue());
      }
    }
    perWorker.forEach((ws, data) -> effects.add(new SendToWorker(ws.id, new StoreData(data))));
  }

  private void addKeys(AddKeys m) {
    WorkerRecord ws = workers.get(m.workerId());
    if (ws == null) {
      return;
    }
    ws.lastSeen = now;
    for (Map.Entry<String, Long> e : m.nbytes().entrySet()) {
      TaskState ts = tasks.get(e.getKey());
      if (ts != null && ts.status == MEMORY) {
        addReplica(ts, ws, e.getValue());
      } else if (ts != null && ts.status == RELEASED && ts.spec == null && ts.isWanted()) {
        transition(ts, MEMORY, new Arrival(ws, e.getValue()));
      } else {
        sendFree(ws, e.getKey());
      }
    }
  }

  /** Scattered data reached a worker. */
  private record Arrival(WorkerRecord worker, long nbytes) {}

  private void missingData(MissingData m) {
    TaskState ts = tasks.get(m.key());
    if (ts == null) {
      return;
    }
    WorkerRecord errant = workers.get(m.errantWorker());
    if (errant != null && ts.status == MEMORY && ts.whoHas().contains(errant)) {
      removeReplica(ts, errant);
      if (ts.whoHas().isEmpty()) {
        transition(ts, RELEASED, Cause.LOST);
        return;
      }
    }
    WorkerRecord asker = workers.get(m.workerId());
    if (asker != null && ts.status == MEMORY && ts.dependents != null) {
      for (TaskState dts : ts.dependents) {
        if (dts.processingOn == asker) {
          effects.add(new SendToWorker(asker.id, computeTask(dts)));
        }
      }
    }
  }


  private void longRunning(LongRunning m) {
    WorkerRecord ws = workers.get(m.workerId());
    TaskState ts = tasks.get(m.key());
    if (ws != null && ts != null && ts.processingOn == ws && !ts.longRunning) {
      ts.longRunning = true;
      ws.longRunning++;
      ws.occupancy = Math.max(0, ws.occupancy - ts.expectedMillis);
    }
  }

  private void heartbeat(Heartbeat m) {
    WorkerRecord ws = workers.get(m.workerId());
    if (ws != null) {
      ws.lastSeen = now;
      ws.executing = m.executing();
      ws.memoryBytes = m.memoryBytes();
      ws.cpuPercent = m.cpuPercent();
      ws.storedKeys = m.storedKeys();
      workerRejections += Math.max(0, m.rejected() - ws.rejected);
      ws.rejected = Math.max(ws.rejected, m.rejected());
      bytesTransferred += Math.max(0, m.bytesFetched() - ws.bytesFetched);
      ws.bytesFetched = Math.max(ws.bytesFetched, m.bytesFetched());
    }
  }

  private void addWorker(RegisterWorker m) {
    WorkerRecord old = workers.get(m.workerId());
    if (old != null) {
      removeWorker(old, false);
    }
    WorkerRecord ws = new WorkerRecord(m.workerId(), m.nodeId(), m.nthreads(), m.memoryLimit(),
        Map.copyOf(m.resources()), now);
    workers.put(ws.id, ws);
    placement.workerAdded(ws);
    for (UploadJar jar : jars) {
      effects.add(new SendToWorker(ws.id, jar));
    }
    for (TaskState ts : new ArrayList<>(unrunnable)) {
      // Not over a pending recommendation: removing an old incarnation may have lost its inputs.
      if (!recommendations.containsKey(ts)) {
        recommend(ts, PROCESSING);
      }
    }
  }

  private void removeWorker(WorkerRecord ws, boolean died) {
    workers.remove(ws.id);
    placement.workerRemoved(ws);
    stealing.workerLeft(ws);
    runs.removeWorker(ws.id);
    for (TaskState ts : new ArrayList<>(ws.processing)) {
      if (died && ++ts.suspicious > config.allowedFailures()) {
        transition(ts, ERRED, killedWorker(ts, ws));
      } else {
        transition(ts, RELEASED, Cause.LOST);
      }
    }
    for (TaskState ts : new ArrayList<>(ws.hasWhat)) {
      removeReplica(ts, ws);
      if (ts.status == MEMORY && ts.whoHas().isEmpty()) {
        transition(ts, RELEASED, Cause.LOST);
      }
    }
  }

  private RemoteError killedWorker(TaskState ts, WorkerRecord ws) {
    return new RemoteError("dev.weft.client.KilledWorkerException",
        "Attempted to run task " + ts.key + " on " + ts.suspicious + " different workers, but all"
            + " those workers died while running it. The last worker that attempted to run the task"
            + " was " + ws.id + ".", List.of(), null);
  }

  // ---------------------------------------------------------------- the transitions loop

  private void recommend(TaskState ts, TaskStatus to) {
    recommendations.put(ts, to);
  }

  private void runRecommendations() {
    long guard = 0;
    while (!recommendations.isEmpty()) {
      Iterator<Map.Entry<TaskState, TaskStatus>> it = recommendations.entrySet().iterator();
      Map.Entry<TaskState, TaskStatus> next = it.next();
      it.remove();
      TaskState ts = next.getKey();
      if (ts.status != FORGOTTEN) {
        transition(ts, next.getValue(), null);
      }
      if (++guard > 10_000_000L + 100L * tasks.size()) {
        throw new IllegalStateException("transition loop does not settle");
      }
    }
  }

  /** Adds a new RELEASED task to the task table and the counters. */
  private void admit(TaskState ts) {
    tasks.put(ts.key, ts);
    counts[RELEASED.ordinal()]++;
    ts.prefix = prefixes.computeIfAbsent(ts.name(), TaskPrefix::new);
    ts.prefix.counts[RELEASED.ordinal()]++;
  }

  private void transition(TaskState ts, TaskStatus to, Object cause) {
    TaskStatus from = ts.status;
    if (from == to) {
      return;
    }
    Edge e = table.getOrDefault(from, Map.of()).get(to);
    if (e == null) {
      if (from != RELEASED && to != RELEASED && table.getOrDefault(from, Map.of()).containsKey(RELEASED)
          && table.get(RELEASED).containsKey(to)) {
        transition(ts, RELEASED, cause);
        if (ts.status == RELEASED) {
          transition(ts, to, null);
        }
        return;
      }
      throw new InvalidTransitionException(ts.key, from, to, log.story(ts.key));
    }
    e.apply(ts, cause);
    if (ts.status != from) {
      counts[from.ordinal()]--;
      counts[ts.status.ordinal()]++;
      ts.prefix.counts[from.ordinal()]--;
      ts.prefix.counts[ts.status.ordinal()]++;
      taken[from.ordinal()][ts.status.ordinal()]++;
      log.add(new TransitionRecord(ts.key, from, ts.status, stimulus, now));
      if (config.validate()) {
        touched.add(ts);
      }
    }
  }

  // ---------------------------------------------------------------- the edges

  private void releasedToWaiting(TaskState ts, Object cause) {
    if (ts.spec == null) {
      throw new IllegalStateException("scattered data " + ts.key + " has no recipe to wait for");
    }
    ts.status = WAITING;
    boolean depErred = false;
    for (TaskState dep : ts.dependencies) {
      dep.waiters().add(ts);
      if (dep.status != MEMORY) {
        ts.waitingOn().add(dep);
        if (dep.status == RELEASED && dep.recomputable()) {
          recommend(dep, WAITING);
        } else if (dep.status == ERRED) {
          depErred = true;
        }
      }
    }
    if (depErred) {
      recommend(ts, ERRED);
    } else if (!ts.isWaiting()) {
      recommend(ts, PROCESSING);
    }
  }

  private void readyToProcessing(TaskState ts, Object cause) {
    WorkerRecord ws;
    if (placement.isRootish(ts)) {
      ws = placement.rootishWorker();
      if (ws == null) {
        // With queuing off (saturation = infinity) a root task waits only for lack of workers: dask's no-worker.
        recommend(ts, Double.isInfinite(config.workerSaturation()) ? NO_WORKER : QUEUED);
        return;
      }
    } else {
      List<WorkerRecord> valid = placement.validWorkers(ts);
      if (valid.isEmpty()) {
        recommend(ts, NO_WORKER);
        return;
      }
      ws = placement.bestWorker(ts, valid);
    }
    if (ts.status == QUEUED) {
      queued.remove(ts);
    } else if (ts.status == NO_WORKER) {
      unrunnable.remove(ts);
    }
    ts.status = PROCESSING;
    ts.processingOn = ws;
    ts.expectedMillis = durations.getOrDefault(ts.name(), config.unknownTaskDurationMillis());
    ws.processing.add(ts);
    ws.occupancy += ts.expectedMillis;
    effects.add(new SendToWorker(ws.id, computeTask(ts)));
  }

  /** The instruction to run {@code ts}, with where each dependency is held now. */
  private static ComputeTask computeTask(TaskState ts) {
    Map<String, List<String>> whoHas = new HashMap<>();
    for (TaskState dep : ts.dependencies) {
      whoHas.put(dep.key, workerIds(dep));
    }
    return new ComputeTask(ts.spec, ts.priority, whoHas);
  }

  private void waitingToQueued(TaskState ts, Object cause) {
    ts.status = QUEUED;
    queued.add(ts);
  }

  private void waitingToNoWorker(TaskState ts, Object cause) {
    ts.status = NO_WORKER;
    unrunnable.add(ts);
  }

  /** WAITING, QUEUED, NO_WORKER or PROCESSING back to RELEASED: unwanted, retried or lost. */
  private void unfinishedToReleased(TaskState ts, Object cause) {
    switch (ts.status) {
      case QUEUED -> queued.remove(ts);
      case NO_WORKER -> unrunnable.remove(ts);
      case PROCESSING -> {
        WorkerRecord ws = stopProcessing(ts);
        if (cause != Cause.LOST) {
          sendFree(ws, ts.key);
        }
      }
      default -> { }
    }
    ts.waitingOn = null;
    ts.status = RELEASED;
    afterRelease(ts);
  }

  private void waitingToErred(TaskState ts, Object cause) {
    RemoteError blame = null;
    for (TaskState dep : ts.dependencies) {
      if (dep.status == ERRED && blame == null) {
        blame = dep.exception;
      }
    }
    if (blame == null) {
      throw new IllegalStateException(ts.key + " recommended erred without an erred dependency");
    }
    ts.waitingOn = null;
    dropDependencies(ts);
    fail(ts, blame);
  }

  private void processingToMemory(TaskState ts, Object cause) {
    TaskFinished f = (TaskFinished) cause;
    WorkerRecord ws = stopProcessing(ts);
    double took = Math.max(0, f.stopMillis() - f.startMillis());
    durations.merge(ts.name(), took, (old, x) -> 0.5 * old + 0.5 * x);
    ts.type = f.type();
    ts.status = MEMORY;
    addReplica(ts, ws, f.nbytes());
    arrived(ts, f.inline());
    dropDependencies(ts);
  }

  private void releasedToMemory(TaskState ts, Object cause) {
    Arrival a = (Arrival) cause;
    ts.status = MEMORY;
    addReplica(ts, a.worker(), a.nbytes());
    arrived(ts, null);
  }

  private void processingToErred(TaskState ts, Object cause) {
    // The worker keeps a failed task, and ignores a new ComputeTask for its key, until freed.
    sendFree(stopProcessing(ts), ts.key);
    dropDependencies(ts);
    fail(ts, (RemoteError) cause);
  }

  private void memoryToReleased(TaskState ts, Object cause) {
    boolean lost = cause == Cause.LOST;
    for (WorkerRecord ws : new ArrayList<>(ts.whoHas())) {
      removeReplica(ts, ws);
      sendFree(ws, ts.key);
    }
    ts.whoHas = null;
    ts.status = RELEASED;
    if (ts.dependents != null) {
      for (TaskState dts : ts.dependents) {
        switch (dts.status) {
          case WAITING -> dts.waitingOn().add(ts);
          case PROCESSING, QUEUED, NO_WORKER -> recommend(dts, RELEASED);
          default -> { }
        }
      }
    }
    if (!ts.recomputable()) {
      cancelEverywhere(ts, ts.spec == null ? KeyCancelled.LOST_SCATTERED_TASKS : UNRECOVERABLE);
      recommend(ts, FORGOTTEN);
      return;
    }
    if (lost && ts.wantedBy != null) {
      for (String c : ts.wantedBy) {
        send(c, new KeyLost(ts.key));
      }
    }
    afterRelease(ts);
  }

  private void erredToReleased(TaskState ts, Object cause) {
    ts.exception = null;
    ts.status = RELEASED;
    afterRelease(ts);
  }

  private void releasedToForgotten(TaskState ts, Object cause) {
    ts.status = FORGOTTEN;
    tasks.remove(ts.key);
    if (ts.dependents != null) {
      for (TaskState dts : ts.dependents) {
        if (dts.waitingOn != null) {
          dts.waitingOn.remove(ts);
        }
        if (dts.status == MEMORY || dts.status == ERRED) {
          dts.lostDependencies = true;
          dts.dependencies.removeIf(d -> d == ts);
        } else if (dts.status != FORGOTTEN) {
          cancelEverywhere(dts, "dependency " + ts.key + " was lost");
          recommend(dts, FORGOTTEN);
        }
      }
      ts.dependents = null;
    }
    for (TaskState dep : ts.dependencies) {
      if (dep.dependents != null) {
        dep.dependents.remove(ts);
      }
      if (dep.waiters != null) {
        dep.waiters.remove(ts);
      }
      if (!dep.hasDependents() && !dep.isWanted() && dep.status != FORGOTTEN) {
        recommend(dep, FORGOTTEN);
      }
    }
    ts.waiters = null;
  }

  // ---------------------------------------------------------------- helpers of the edges

  /** A value became available: unblock waiting dependents, tell wanting clients. */
  private void arrived(TaskState ts, Payload inline) {
    if (ts.dependents != null) {
      for (TaskState dts : ts.dependents) {
        if (dts.waitingOn != null && dts.waitingOn.remove(ts) && dts.status == WAITING && !dts.isWaiting()) {
          recommend(dts, PROCESSING);
        }
      }
    }
    if (ts.wantedBy != null) {
      List<String> holders = workerIds(ts);
      for (String c : ts.wantedBy) {
        if (!c.equals(UpdateGraph.FIRE_AND_FORGET)) {
          send(c, new KeyInMemory(ts.key, ts.type, holders, inline));
        }
      }
      removeWant(UpdateGraph.FIRE_AND_FORGET, ts);
    }
    if (!ts.isWanted() && !ts.hasWaiters()) {
      recommend(ts, RELEASED);
    }
  }

  /** A finished or failed task no longer needs its dependencies' values. */
  private void dropDependencies(TaskState ts) {
    for (TaskState dep : ts.dependencies) {
      if (dep.waiters != null && dep.waiters.remove(ts) && !dep.hasWaiters() && !dep.isWanted()) {
        recommend(dep, RELEASED);
      }
    }
  }

  private void fail(TaskState ts, RemoteError error) {
    ts.exception = error;
    ts.status = ERRED;
    if (ts.dependents != null) {
      for (TaskState dts : ts.dependents) {
        if (dts.status == WAITING) {
          recommend(dts, ERRED);
        }
      }
    }
    if (ts.wantedBy != null) {
      for (String c : ts.wantedBy) {
        if (!c.equals(UpdateGraph.FIRE_AND_FORGET)) {
          send(c, new KeyErred(ts.key, error));
        }
      }
      removeWant(UpdateGraph.FIRE_AND_FORGET, ts);
    }
  }

  /** After any edge into RELEASED: recompute if still needed, else let go of it. */
  private void afterRelease(TaskState ts) {
    if (ts.lostDependencies) {
      cancelEverywhere(ts, UNRECOVERABLE);
      recommend(ts, FORGOTTEN);
      return;
    }
    boolean needed = ts.isWanted() || ts.hasWaiters();
    if (needed && ts.spec != null) {
      recommend(ts, WAITING);
      return;
    }
    for (TaskState dep : ts.dependencies) {
      if (dep.waiters != null && dep.waiters.remove(ts) && !dep.hasWaiters() && !dep.isWanted()) {
        recommend(dep, dep.status == RELEASED ? FORGOTTEN : RELEASED);
      }
    }
    if (!needed && !ts.hasDependents()) {
      recommend(ts, FORGOTTEN);
    }
  }

  /** Every client wanting {@code ts} is told it is cancelled and stops wanting it. */
  private void cancelEverywhere(TaskState ts, String reason) {
    if (ts.wantedBy == null) {
      return;
    }
    for (String c : ts.wantedBy) {
      send(c, new KeyCancelled(ts.key, reason));
      Set<TaskState> wanted = clients.get(c);
      if (wanted != null) {
        wanted.remove(ts);
      }
    }
    ts.wantedBy = null;
  }

  private WorkerRecord stopProcessing(TaskState ts) {
    WorkerRecord ws = ts.processingOn;
    ws.processing.remove(ts);
    if (ts.longRunning) {
      ts.longRunning = false;
      ws.longRunning--;
    } else {
      ws.occupancy = Math.max(0, ws.occupancy - ts.expectedMillis);
    }
    if (ws.processing.isEmpty()) {
      ws.occupancy = 0;
    }
    ts.processingOn = null;
    return ws;
  }

  private void addReplica(TaskState ts, WorkerRecord ws, long nbytes) {
    ts.nbytes = nbytes;
    if (!ts.whoHas().contains(ws)) {
      ts.whoHas().add(ws);
      ws.hasWhat.add(ts);
      ws.nbytes += Math.max(0, nbytes);
    }
  }

  private void removeReplica(TaskState ts, WorkerRecord ws) {
    if (ts.whoHas != null && ts.whoHas.remove(ws)) {
      ws.hasWhat.remove(ts);
      ws.nbytes -= Math.max(0, ts.nbytes);
    }
  }

  private void sendFree(WorkerRecord ws, String key) {
    if (workers.get(ws.id) == ws) {
      effects.add(new SendToWorker(ws.id, new FreeKeys(List.of(key))));
    }
  }

  private void send(String clientId, ToClient message) {
    effects.add(new SendToClient(clientId, message));
  }

  private static List<String> workerIds(TaskState ts) {
    if (ts.whoHas == null || ts.whoHas.isEmpty()) {
      return List.of();
    }
    List<String> ids = new ArrayList<>(ts.whoHas.size());
    for (WorkerRecord ws : ts.whoHas) {
      ids.add(ws.id);
    }
    return ids;
  }

  // ---------------------------------------------------------------- placement

  /** Moves queued root tasks onto workers with free slots. */
  private void drainQueue() {
    while (!queued.isEmpty() && placement.rootishWorker() != null) {
      transition(queued.first(), PROCESSING, null);
      runRecommendations();
    }
  }

  // ---------------------------------------------------------------- queries

  /** The state of {@code key} ({@link TaskStatus#FORGOTTEN} when unknown). */
  public TaskStatus status(String key) {
    TaskState ts = tasks.get(key);
    return ts == null ? FORGOTTEN : ts.status;
  }

  /** Number of tasks the scheduler knows. */
  public int taskCount() {
    return tasks.size();
  }

  /** Tasks per state (without FORGOTTEN), kept as counters, not counted on demand. */
  public Map<TaskStatus, Long> countsByStatus() {
    Map<TaskStatus, Long> out = new EnumMap<>(TaskStatus.class);
    for (TaskStatus s : TaskStatus.values()) {
      if (s != FORGOTTEN) {
        out.put(s, counts[s.ordinal()]);
      }
    }
    return out;
  }

  /** The logged transitions of {@code key}, oldest first. */
  public List<TransitionRecord> story(String key) {
    return log.story(key);
  }

  /** Key → workers holding it, for {@code keys} (all keys in memory when empty). */
  public Map<String, List<String>> whoHas(Collection<String> keys) {
    Map<String, List<String>> out = new TreeMap<>();
    if (keys.isEmpty()) {
      for (TaskState ts : tasks.values()) {
        if (ts.status == MEMORY) {
          out.put(ts.key, workerIds(ts));
        }
      }
    } else {
      for (String k : keys) {
        TaskState ts = tasks.get(k);
        out.put(k, ts == null ? List.of() : workerIds(ts));
      }
    }
    return out;
  }

  /** Worker → keys it holds. */
  public Map<String, List<String>> hasWhat() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (WorkerRecord ws : workers.values()) {
      List<String> keys = new ArrayList<>();
      for (TaskState ts : ws.hasWhat) {
        keys.add(ts.key);
      }
      keys.sort(null);
      out.put(ws.id, keys);
    }
    return out;
  }

  /** Names of the registered workers, in join order. */
  public List<String> workerIds() {
    return new ArrayList<>(workers.keySet());
  }

  /** The recent task executions (read only; on the scheduler's context). */
  public TaskStream taskStream() {
    return runs;
  }

  /** The workers as the dashboard shows them, in join order. */
  public List<WorkerView> workerViews() {
    List<WorkerView> out = new ArrayList<>(workers.size());
    for (WorkerRecord w : workers.values()) {
      out.add(new WorkerView(w.id, w.nthreads, w.processing.size(), w.executing, w.cpuPercent,
          w.memoryBytes, w.memoryLimit, w.hasWhat.size(), w.nbytes, w.lastSeen, w.resources));
    }
    return out;
  }

  /** Tasks per function name and state, names in the order first seen. */
  public List<PrefixView> prefixViews() {
    List<PrefixView> out = new ArrayList<>(prefixes.size());
    for (TaskPrefix p : prefixes.values()) {
      Map<TaskStatus, Long> byState = new EnumMap<>(TaskStatus.class);
      for (TaskStatus s : TaskStatus.values()) {
        byState.put(s, p.counts[s.ordinal()]);
      }
      out.add(new PrefixView(p.name, byState));
    }
    return out;
  }

  /** The task graph when it has at most {@code maxTasks} tasks, else an empty truncated view. */
  public GraphView graphView(int maxTasks) {
    if (tasks.size() > maxTasks) {
      return new GraphView(true, List.of(), List.of());
    }
    List<GraphView.Node> nodes = new ArrayList<>(tasks.size());
    List<List<String>> edges = new ArrayList<>();
    for (TaskState ts : tasks.values()) {
      nodes.add(new GraphView.Node(ts.key, ts.name(), ts.status));
      for (TaskState dep : ts.dependencies) {
        edges.add(List.of(dep.key, ts.key));
      }
    }
    return new GraphView(false, nodes, edges);
  }

  /** Messages workers have rejected since the scheduler started (as their heartbeats report). */
  public long workerRejections() {
    return workerRejections;
  }

  /** Bytes workers have received from peers since the scheduler started. */
  public long bytesTransferred() {
    return bytesTransferred;
  }

  /**
   * Workers and task counts, as the INFO query answers them ({@code dashboardLink} "" for none) from
   * the scheduler on cluster node {@code nodeId}.
   */
  public SchedulerSnapshot snapshot(String address, String dashboardLink, String nodeId) {
    List<WorkerSnapshot> ws = new ArrayList<>();
    for (WorkerRecord w : workers.values()) {
      ws.add(new WorkerSnapshot(w.id, w.nthreads, w.memoryLimit, w.resources, w.processing.size(),
          w.hasWhat.size(), w.nbytes, w.storedKeys));
    }
    Map<String, Long> byState = new LinkedHashMap<>();
    countsByStatus().forEach((s, n) -> byState.put(s.daskName(), n));
    return new SchedulerSnapshot(address, ws, byState, dashboardLink, nodeId);
  }

  // ---------------------------------------------------------------- invariants

  /** Checks every invariant over the whole state; throws {@link IllegalStateException} if one fails. */
  public void validate() {
    invariants.validate();
  }
}

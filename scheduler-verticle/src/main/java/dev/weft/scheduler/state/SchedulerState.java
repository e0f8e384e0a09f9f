package dev.weft.scheduler.state;

import static dev.weft.scheduler.state.TaskStatus.FORGOTTEN;
import static dev.weft.scheduler.state.TaskStatus.PROCESSING;

import dev.weft.protocol.AdaptiveTarget;
import dev.weft.protocol.Coordination;
import dev.weft.protocol.RetireWorkers;
import dev.weft.protocol.SchedulerSnapshot;
import dev.weft.protocol.TaskErred;
import dev.weft.protocol.TaskFinished;
import dev.weft.protocol.ToScheduler;
import dev.weft.protocol.UpdateGraph;
import dev.weft.protocol.WorkerLost;
import dev.weft.protocol.state.Transition;
import dev.weft.protocol.state.TransitionEngine;
import dev.weft.protocol.state.TransitionRecord;
import dev.weft.scheduler.state.coordination.CoordinationState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * All scheduling logic, as a pure state machine in dask's model: {@link #handle} takes one
 * message (with the current time, since the state reads no clock) and returns the messages to
 * send. No Vert.x, no threads, no I/O; one thread at a time.
 *
 * <p>This class runs stimuli and answers queries; the work is done by its parts around shared
 * {@link Tables} and one {@link Outbox}: {@link ClientStimuli} and {@link WorkerStimuli} take the
 * messages, {@link SchedulerTransitions} (with {@link Consequences}) is the transition table run by
 * the shared {@link TransitionEngine}, {@link Placement} decides where tasks go, {@link Stealing}
 * balances queues, {@link Pausing} moves work off paused workers, {@link Wants} tracks which
 * client wants what, {@link CoordinationPart} holds locks, queues, variables, events, datasets and
 * event topics, {@link SchedulerViews} reads, and {@link Invariants} checks. Every move is
 * logged under its stimulus id for {@link #story(String)}; with {@link SchedulerConfig#validate()}
 * the invariants of every touched task are checked after each stimulus.
 */
public final class SchedulerState {

  /** Task executions {@link #taskStream()} keeps. */
  public static final int TASK_RUNS_KEPT = Tables.TASK_RUNS_KEPT;

  private final SchedulerConfig config;
  private final Tables tables;
  private final TransitionEngine<TaskState, TaskStatus> engine;
  private final Outbox out;
  private final Placement placement;
  private final Stealing stealing = new Stealing();
  private final Wants wants;
  private final CoordinationPart coordination;
  private final ClientStimuli fromClients;
  private final WorkerStimuli fromWorkers;
  private final SchedulerViews views;
  /** Hands each message to the part that takes it. */
  private final MessageRouter router;
  private final Retirement retirement;
  /** Rebuilding from the cluster after this scheduler took over from a lost one. */
  private final Rebuild rebuild;
  private final Invariants invariants;
  /** Tasks moved during the current stimulus, for validation; empty between stimuli. */
  private final Set<TaskState> touched = new LinkedHashSet<>();
  /** Stimuli run since creation; numbers the stimulus ids. */
  private long stimuli;

  /** A scheduler with no workers, clients or tasks. */
  public SchedulerState(SchedulerConfig config) {
    this.config = config;
    this.tables = new Tables(config.fairShare());
    this.engine = new TransitionEngine<TaskState, TaskStatus>(TaskStatus.class, ts -> ts.status, ts -> ts.key,
        config.transitionLogLength())
        .onMove((ts, from, to) -> {
          tables.moved(ts, from, to);
          if (config.validate()) {
            touched.add(ts);
          }
        });
    this.out = new Outbox(tables, engine);
    this.placement = new Placement(config, tables.workers, tables.durations);
    this.wants = new Wants(tables, out);
    new SchedulerTransitions(config, tables, out, placement, new Consequences(out, wants)).declare(engine);
    this.coordination = new CoordinationPart(config, tables, out, wants);
    this.rebuild = new Rebuild(tables, out);
    this.fromClients = new ClientStimuli(config, tables, out, wants, rebuild);
    this.fromWorkers = new WorkerStimuli(config, tables, out, placement, stealing,
        new Pausing(config, tables, out, stealing), coordination.state, rebuild);
    this.retirement = new Retirement(tables, out, fromWorkers.pausing);
    this.views = new SchedulerViews(tables);
    this.router = new MessageRouter(tables, fromClients, fromWorkers, new Restarts(tables, out, wants, fromWorkers),
        this::removeClient);
    this.invariants = new Invariants(tables, engine);
  }

  // ---------------------------------------------------------------- stimuli

  /**
   * Applies one message sent from cluster node {@code sender} and received at {@code nowMillis};
   * returns what to send. A message that no rule admits (see {@link Admission}) changes nothing
   * and throws {@link RejectedMessageException}.
   */
  public List<Effect> handle(ToScheduler message, String sender, long nowMillis) {
    Admission.check(message, sender, tables.workers, tables.connected);
    if (rebuild.park(message, nowMillis)) {
      fromClients.touch(Admission.clientOf(message));
      return List.of();
    }
    return stimulus(nowMillis, stimulusId(message), () -> {
      fromClients.touch(Admission.clientOf(message));
      router.dispatch(message);
    });
  }

  /** As {@link #handle}, for coordination request {@code requestId}: its {@link Answer} comes now or with a later stimulus. */
  public List<Effect> request(Coordination message, String sender, long requestId, long nowMillis) {
    Admission.check(message, sender, tables.workers, tables.connected);
    return stimulus(nowMillis, stimulusId(message), () -> {
      fromClients.touch(message.clientId());
      coordination.state.handle(message, requestId);
    });
  }

  /** Retires workers gracefully (only from the scheduler's own JVM; see {@link Retirement}), answered as request {@code requestId}. */
  public List<Effect> retire(RetireWorkers m, long requestId, long nowMillis) {
    return stimulus(nowMillis, nextId("RetireWorkers"), () -> retirement.request(m, requestId));
  }

  /** A client left (goodbye, TTL, or its node left): its wants, leases, waits and subscriptions go. */
  private void removeClient(String clientId) {
    wants.removeClient(clientId);
    coordination.state.clientGone(clientId);
  }

  /** The id a stimulus is logged under: the worker's own for a task outcome (so both stories join), else type-sequence. */
  private String stimulusId(ToScheduler message) {
    String carried = message instanceof TaskFinished f ? f.stimulusId()
        : message instanceof TaskErred e ? e.stimulusId() : "";
    return carried.isEmpty() ? nextId(message.getClass().getSimpleName()) : carried;
  }

  private String nextId(String name) {
    return name + "-" + (++stimuli);
  }

  /**
   * Checks that {@code message} from node {@code sender} would be admitted now, changing nothing;
   * throws {@link RejectedMessageException} when it would not.
   */
  public void admit(ToScheduler message, String sender) {
    Admission.check(message, sender, tables.workers, tables.connected);
  }

  /** A nanny saw its worker's process die (only from the scheduler's own JVM): remove it at once. */
  public List<Effect> workerLost(WorkerLost m, long nowMillis) {
    return stimulus(nowMillis, nextId("WorkerLost"), () -> fromWorkers.workerLost(m));
  }

  /**
   * The cluster manager says node {@code nodeId} left (its JVM died or was cut off): its workers
   * are removed as dead and its clients as gone, at once.
   */
  public List<Effect> nodeLeft(String nodeId, long nowMillis) {
    return stimulus(nowMillis, nextId("NodeLeft"), () -> {
      rebuild.heardFrom(nodeId);
      fromWorkers.removeWorkersOn(nodeId);
      for (ClientRecord c : new ArrayList<>(tables.connected.values())) {
        if (c.nodeId.equals(nodeId)) {
          removeClient(c.id);
        }
      }
    });
  }

  /**
   * This scheduler took over at {@code nowMillis} from the active one on node {@code lostNode},
   * which left, while the cluster nodes {@code workerNodes} ran workers: it rebuilds its state from
   * the cluster (see {@link Rebuild}), and logs a "failover" event to every scheduler-event topic.
   */
  public List<Effect> tookOver(String lostNode, Collection<String> workerNodes, long nowMillis) {
    return stimulus(nowMillis, nextId("Failover"), () -> {
      rebuild.tookOver(workerNodes, nowMillis);
      Map<String, Object> event = new java.util.LinkedHashMap<>();
      event.put("action", "failover");
      event.put("lost-scheduler-node", lostNode);
      event.put("worker-nodes", List.copyOf(workerNodes));
      coordination.state.schedulerEvent(event, CoordinationState.ALL);
    });
  }

  /**
   * Clock-driven housekeeping: removes workers silent for longer than the worker TTL and clients
   * silent for longer than the client TTL, times out waiting coordination requests and expires
   * leases, and runs a stealing round when one is due. After a takeover, it frees the values no
   * task claimed in time, and once settled handles the parked client messages, each as a
   * stimulus of its own ("Failover-&lt;Message&gt;-n" in the stories), those of clients that
   * left meanwhile excepted.
   */
  public List<Effect> tick(long nowMillis) {
    List<Effect> effects = new ArrayList<>(housekeeping(nowMillis));
    for (ToScheduler m : rebuild.unpark(nowMillis)) {
      String client = m instanceof UpdateGraph u ? u.clientId() : Admission.clientOf(m);
      if (tables.connected.containsKey(client) || UpdateGraph.FIRE_AND_FORGET.equals(client)) {
        effects.addAll(stimulus(nowMillis, nextId("Failover-" + m.getClass().getSimpleName()), () -> router.dispatch(m)));
      }
    }
    return effects;
  }

  private List<Effect> housekeeping(long nowMillis) {
    return stimulus(nowMillis, nextId("Tick"), () -> {
      rebuild.expire(nowMillis);
      fromWorkers.removeSilent(nowMillis);
      for (ClientRecord c : new ArrayList<>(tables.connected.values())) {
        if (nowMillis - c.lastSeen > config.clientTtlMillis()) {
          removeClient(c.id);
        }
      }
      coordination.state.tick();
      retirement.advance();
      if (stealing.due(nowMillis, config.stealIntervalMillis())) {
        fromWorkers.balance();
      }
    });
  }

  /**
   * Runs one stimulus: {@code body} changes the state, then recommendations run and the queue
   * drains. If anything throws, the stimulus's pending work is dropped so the next one starts
   * clean (the state is never left "in a stimulus").
   */
  private List<Effect> stimulus(long nowMillis, String id, Runnable body) {
    out.open(id, nowMillis);
    boolean finished = false;
    try {
      body.run();
      settle();
      drainQueue();
      if (config.validate()) {
        for (TaskState ts : touched) {
          invariants.validateTask(ts);
        }
        invariants.validateCounts();
      }
      finished = true;
    } finally {
      touched.clear();
      if (!finished) {
        out.abandon();
      }
    }
    return out.close();
  }

  private void settle() {
    engine.settle(ts -> ts.status == FORGOTTEN, 10_000_000L + 100L * tables.tasks.size());
  }

  /** Moves queued root tasks onto workers with free slots. */
  private void drainQueue() {
    while (!tables.queued.isEmpty() && placement.rootishWorker(tables.queued.first()) != null) {
      engine.transition(tables.queued.first(), PROCESSING, null);
      settle();
    }
  }

  // ---------------------------------------------------------------- queries

  /** Every edge of the transition table. */
  public List<Transition<TaskStatus>> declaredTransitions() {
    return engine.declared();
  }

  /** How often each edge has been taken. */
  public Map<Transition<TaskStatus>, Long> transitionCounts() {
    return engine.counts();
  }

  /** The logged transitions of {@code key}, oldest first, each with the id of the stimulus that caused it. */
  public List<TransitionRecord<TaskStatus>> story(String key) {
    return engine.story(key);
  }

  /** Names of the workers registered from cluster node {@code nodeId}. */
  public List<String> workerIdsOn(String nodeId) {
    return views.workerIdsOn(nodeId);
  }

  /** The worker {@code key} is processing on; null when it is not processing. */
  public String processingOn(String key) {
    return views.processingOn(key);
  }

  /** The coordination objects (read only: semaphores and queues for {@code /metrics}). */
  public CoordinationState coordination() {
    return coordination.state;
  }

  /** How many workers the work in sight asks for, and which may close (see {@link ScalingAdvice}). */
  public AdaptiveTarget adaptiveTarget() {
    return new ScalingAdvice(tables, placement).advise();
  }

  /** Failovers this scheduler took over in (0 or 1). */
  public long failovers() {
    return rebuild.failovers();
  }

  /** Values workers kept through a failover that no task has claimed yet. */
  public int unclaimedValues() {
    return rebuild.unclaimedCount();
  }

  /** Tasks moved from a busy worker to an idle one since start. */
  public long steals() {
    return stealing.steals();
  }

  /** The state of {@code key} ({@link TaskStatus#FORGOTTEN} when unknown). */
  public TaskStatus status(String key) {
    return views.status(key);
  }

  /** Number of tasks the scheduler knows. */
  public int taskCount() {
    return tables.tasks.size();
  }

  /** Tasks per state (without FORGOTTEN), kept as counters, not counted on demand. */
  public Map<TaskStatus, Long> countsByStatus() {
    return views.countsByStatus();
  }

  /** Key → workers holding it, for {@code keys} (all keys in memory when empty). */
  public Map<String, List<String>> whoHas(Collection<String> keys) {
    return views.whoHas(keys);
  }

  /** Worker → keys it holds. */
  public Map<String, List<String>> hasWhat() {
    return views.hasWhat();
  }

  /** Names of the registered workers, in join order. */
  public List<String> workerIds() {
    return new ArrayList<>(tables.workers.keySet());
  }

  /** The recent task executions (read only; on the scheduler's context). */
  public TaskStream taskStream() {
    return tables.runs;
  }

  /** The workers as the dashboard shows them, in join order. */
  public List<WorkerView> workerViews() {
    return views.workerViews();
  }

  /** Tasks per function name and state, names in the order first seen. */
  public List<PrefixView> prefixViews() {
    return views.prefixViews();
  }

  /** The task graph when it has at most {@code maxTasks} tasks, else an empty truncated view. */
  public GraphView graphView(int maxTasks) {
    return views.graphView(maxTasks);
  }

  /** Messages workers have rejected since the scheduler started (as their heartbeats report). */
  public long workerRejections() {
    return tables.workerRejections;
  }

  /** Bytes workers have received from peers since the scheduler started. */
  public long bytesTransferred() {
    return tables.bytesTransferred;
  }

  /**
   * Workers and task counts, as the INFO query answers them ({@code dashboardLink} "" for none) from
   * the scheduler on cluster node {@code nodeId}.
   */
  public SchedulerSnapshot snapshot(String address, String dashboardLink, String nodeId) {
    return views.snapshot(address, dashboardLink, nodeId);
  }

  /** Checks every invariant over the whole state; throws {@link IllegalStateException} if one fails. */
  public void validate() {
    invariants.validate();
  }
}

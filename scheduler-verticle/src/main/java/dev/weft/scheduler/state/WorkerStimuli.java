package dev.weft.scheduler.state;

import static dev.weft.scheduler.state.TaskStatus.ERRED;
import static dev.weft.scheduler.state.TaskStatus.MEMORY;
import static dev.weft.scheduler.state.TaskStatus.PROCESSING;
import static dev.weft.scheduler.state.TaskStatus.RELEASED;

import dev.weft.protocol.AddKeys;
import dev.weft.protocol.Heartbeat;
import dev.weft.protocol.LongRunning;
import dev.weft.protocol.MissingData;
import dev.weft.protocol.RegisterWorker;
import dev.weft.protocol.RemoteError;
import dev.weft.protocol.StealRequest;
import dev.weft.protocol.StealResponse;
import dev.weft.protocol.TaskErred;
import dev.weft.protocol.TaskFinished;
import dev.weft.protocol.UploadJar;
import dev.weft.protocol.WorkerLost;
import dev.weft.protocol.WorkerStatusChange;
import dev.weft.scheduler.state.SchedulerTransitions.Arrival;
import dev.weft.scheduler.state.SchedulerTransitions.Cause;
import dev.weft.scheduler.state.coordination.CoordinationState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What workers tell the scheduler (dask's worker stimuli): a task finished or failed, values
 * arrived or went missing, a task seceded, a heartbeat, a worker joined or left. Messages about a
 * task the worker no longer runs are answered by freeing it there, never by a move. Joins, losses,
 * steals and memory restarts are logged to the scheduler's event topics, as dask logs them.
 */
final class WorkerStimuli {

  private final SchedulerConfig config;
  private final Tables tables;
  private final Outbox out;
  private final Placement placement;
  private final Stealing stealing;
  /** Paused workers' bookkeeping; also moves the tasks off retiring workers. */
  final Pausing pausing;
  /** Where the scheduler's own events are logged. */
  private final CoordinationState events;
  /** Keeps values no task claims yet, after a failover. */
  private final Rebuild rebuild;

  WorkerStimuli(SchedulerConfig config, Tables tables, Outbox out, Placement placement, Stealing stealing,
      Pausing pausing, CoordinationState events, Rebuild rebuild) {
    this.config = config;
    this.tables = tables;
    this.out = out;
    this.placement = placement;
    this.stealing = stealing;
    this.pausing = pausing;
    this.events = events;
    this.rebuild = rebuild;
  }

  void taskFinished(TaskFinished m) {
    WorkerRecord ws = tables.workers.get(m.workerId());
    if (ws == null) {
      return;
    }
    ws.lastSeen = out.now();
    TaskState ts = tables.tasks.get(m.key());
    if (ts != null && ts.status == PROCESSING && ts.processingOn == ws) {
      recordRun(ts, ws, m.startMillis(), m.stopMillis(), true);
      out.transition(ts, MEMORY, m);
    } else if (ts != null && ts.status == MEMORY) {
      ws.addReplica(ts, m.nbytes());
    } else if (ts != null || !rebuild.hold(ws, m.key(), m.nbytes())) {
      out.free(ws, m.key());
    }
  }

  void taskErred(TaskErred m) {
    WorkerRecord ws = tables.workers.get(m.workerId());
    TaskState ts = tables.tasks.get(m.key());
    if (ws == null || ts == null || ts.status != PROCESSING || ts.processingOn != ws) {
      return;
    }
    ws.lastSeen = out.now();
    recordRun(ts, ws, m.startMillis(), m.stopMillis(), false);
    if (ts.retriesLeft > 0) {
      ts.retriesLeft--;
      out.transition(ts, RELEASED, null);
    } else {
      out.transition(ts, ERRED, m.error());
    }
  }

  /** Adds an execution to the task stream; a value the worker received instead of computing (start 0) is none. */
  private void recordRun(TaskState ts, WorkerRecord ws, long start, long stop, boolean ok) {
    if (start > 0) {
      tables.runs.add(ts.key, ts.name(), ws.id, ws.nthreads, start, stop, ok);
    }
  }

  /** Values reached a worker (scattered, or fetched from a peer): one more replica each. */
  void addKeys(AddKeys m) {
    WorkerRecord ws = tables.workers.get(m.workerId());
    if (ws == null) {
      return;
    }
    ws.lastSeen = out.now();
    m.nbytes().forEach((key, nbytes) -> held(ws, key, nbytes));
  }

  /**
   * Worker {@code ws} holds {@code key}: a replica of a value in memory, the arrival of a wanted
   * scattered value, a value kept through a failover that no task claims yet; otherwise freed.
   */
  private void held(WorkerRecord ws, String key, long nbytes) {
    TaskState ts = tables.tasks.get(key);
    if (ts != null && ts.status == MEMORY) {
      ws.addReplica(ts, nbytes);
    } else if (ts != null && ts.status == RELEASED && ts.spec == null && ts.isWanted()) {
      out.transition(ts, MEMORY, new Arrival(ws, nbytes));
    } else if (ts != null || !rebuild.hold(ws, key, nbytes)) {
      out.free(ws, key);
    }
  }

  /** A worker could not get a value from the holder it was told of: drop that replica, re-send the task. */
  void missingData(MissingData m) {
    TaskState ts = tables.tasks.get(m.key());
    if (ts == null) {
      return;
    }
    WorkerRecord errant = tables.workers.get(m.errantWorker());
    if (errant != null && ts.status == MEMORY && ts.whoHas().contains(errant)) {
      errant.removeReplica(ts);
      if (ts.whoHas().isEmpty()) {
        out.transition(ts, RELEASED, Cause.LOST);
        return;
      }
    }
    WorkerRecord asker = tables.workers.get(m.workerId());
    if (asker != null && ts.status == MEMORY && ts.dependents != null) {
      for (TaskState dts : ts.dependents) {
        if (dts.processingOn == asker) {
          out.compute(asker, dts);
        }
      }
    }
  }

  /** A task seceded: it no longer counts against its worker's threads or occupancy. */
  void longRunning(LongRunning m) {
    WorkerRecord ws = tables.workers.get(m.workerId());
    TaskState ts = tables.tasks.get(m.key());
    if (ws != null && ts != null && ts.processingOn == ws && !ts.longRunning) {
      ts.longRunning = true;
      ws.longRunning++;
      ws.occupancy = Math.max(0, ws.occupancy - ts.expectedMillis);
    }
  }

  void heartbeat(Heartbeat m) {
    WorkerRecord ws = tables.workers.get(m.workerId());
    if (ws != null) {
      ws.lastSeen = out.now();
      ws.executing = m.executing();
      ws.memory = m.memory();
      ws.cpuPercent = m.cpuPercent();
      ws.storedKeys = m.storedKeys();
      tables.workerRejections += Math.max(0, m.rejected() - ws.rejected);
      ws.rejected = Math.max(ws.rejected, m.rejected());
      tables.bytesTransferred += Math.max(0, m.bytesFetched() - ws.bytesFetched);
      ws.bytesFetched = Math.max(ws.bytesFetched, m.bytesFetched());
      // The beat repeats the worker's status: a lost WorkerStatusChange is corrected here.
      pausing.statusReported(ws, m.memory().paused(), m.memory().pauseReason());
    }
  }

  /** A worker paused or resumed (see {@link Pausing}). */
  void statusChanged(WorkerStatusChange m) {
    WorkerRecord ws = tables.workers.get(m.workerId());
    if (ws != null) {
      ws.lastSeen = out.now();
      pausing.statusReported(ws, m.paused(), m.reason());
    }
  }

  /**
   * A worker joined (a re-registration replaces the old incarnation): it gets the jars, and waiting
   * tasks and those stuck on paused workers a chance. The values it holds already (kept through a
   * failover) count as arrived, as {@link #addKeys} takes them.
   */
  void addWorker(RegisterWorker m) {
    WorkerRecord old = tables.workers.get(m.workerId());
    if (old != null) {
      removeWorker(old, false);
    }
    WorkerRecord ws = new WorkerRecord(m.workerId(), m.nodeId(), m.nthreads(), m.memoryLimit(),
        Map.copyOf(m.resources()), out.now());
    tables.workers.put(ws.id, ws);
    placement.workerAdded(ws);
    for (UploadJar jar : tables.jars) {
      out.toWorker(ws, jar);
    }
    events.schedulerEvent(event("add-worker", "worker", ws.id), CoordinationState.ALL);
    m.held().forEach((key, nbytes) -> held(ws, key, nbytes));
    rebuild.heardFrom(ws.nodeId);
    pausing.workerRuns();
  }

  /**
   * A worker left; {@code died} when it did not say goodbye. Its tasks are rescheduled (or fail as
   * killed after {@code allowedFailures} deaths) and values only it held are lost.
   */
  void removeWorker(WorkerRecord ws, boolean died) {
    removeWorker(ws, died, "");
  }

  /**
   * As {@link #removeWorker(WorkerRecord, boolean)}, for a worker that died as {@code deathReason}
   * says (a phrase following "it", see {@code WorkerLost}; empty: unknown), which a task failing
   * as killed now names.
   */
  void removeWorker(WorkerRecord ws, boolean died, String deathReason) {
    tables.workers.remove(ws.id);
    events.schedulerEvent(event("remove-worker", "worker", ws.id, "expected", !died, "processing-tasks", ws.processing.size(),
        "reason", deathReason), CoordinationState.ALL);
    if (died && memoryDeath(deathReason)) {
      events.schedulerEvent(event("worker-restart-memory", "worker", ws.id, "reason", deathReason), CoordinationState.MEMORY_RESTARTS);
    }
    placement.workerRemoved(ws);
    stealing.workerLeft(ws);
    tables.runs.removeWorker(ws.id);
    for (TaskState ts : new ArrayList<>(ws.processing)) {
      if (died && ++ts.suspicious > config.allowedFailures()) {
        out.transition(ts, ERRED, killedWorker(ts, ws, deathReason));
      } else {
        out.transition(ts, RELEASED, Cause.LOST);
      }
    }
    for (TaskState ts : new ArrayList<>(ws.hasWhat)) {
      ws.removeReplica(ts);
      if (ts.status == MEMORY && ts.whoHas().isEmpty()) {
        out.transition(ts, RELEASED, Cause.LOST);
      }
    }
  }

  /** A nanny saw {@code m}'s worker die: removed at once, as dead for the reason it gives. */
  void workerLost(WorkerLost m) {
    WorkerRecord ws = tables.workers.get(m.workerId());
    if (ws != null) {
      removeWorker(ws, true, m.reason());
    }
  }

  /** Removes the workers silent for longer than the worker TTL at {@code nowMillis}, as dead. */
  void removeSilent(long nowMillis) {
    for (WorkerRecord ws : new ArrayList<>(tables.workers.values())) {
      if (nowMillis - ws.lastSeen > config.workerTtlMillis()) {
        removeWorker(ws, true);
      }
    }
  }

  /** Removes the workers registered from cluster node {@code nodeId} (it left), as dead. */
  void removeWorkersOn(String nodeId) {
    for (WorkerRecord ws : new ArrayList<>(tables.workers.values())) {
      if (ws.nodeId.equals(nodeId)) {
        removeWorker(ws, true);
      }
    }
  }

  /** A balance round: ask busy workers to give up unstarted tasks to idle ones (see {@link Stealing}). */
  void balance() {
    for (Map.Entry<WorkerRecord, TaskState> steal : stealing.balance(tables.workers.values(), config.bandwidthBytesPerSecond())) {
      out.toWorker(steal.getKey(), new StealRequest(steal.getValue().key));
    }
  }

  /**
   * A victim answered a steal request: if it gave the task up, the task goes to the thief (noted
   * as a steal in its story), or back through placement if the thief has left or paused meanwhile.
   */
  void stealAnswered(StealResponse m) {
    Stealing.Pending p = stealing.answered(m.key());
    TaskState ts = tables.tasks.get(m.key());
    if (!m.stolen() || ts == null || ts.status != PROCESSING || !ts.processingOn.id.equals(m.workerId())) {
      return;
    }
    WorkerRecord victim = ts.processingOn;
    WorkerRecord thief = p == null ? null : p.thief();
    if (thief == null || !tables.registered(thief) || !thief.running()) {
      out.transition(ts, RELEASED, m);
      return;
    }
    victim.unassign(ts);
    thief.assign(ts);
    stealing.carriedOut();
    out.engine.note(ts.key, PROCESSING, PROCESSING, "steal " + victim.id + "->" + thief.id);
    events.schedulerEvent(event("steal", "key", ts.key, "victim", victim.id, "thief", thief.id), CoordinationState.STEALING);
    out.compute(thief, ts);
  }

  /** dask's KilledWorker message, with how the last worker died when that is known. */
  private static RemoteError killedWorker(TaskState ts, WorkerRecord ws, String deathReason) {
    String how = deathReason == null || deathReason.isBlank() ? "" : "; it " + deathReason.strip();
    return new RemoteError("dev.weft.client.KilledWorkerException",
        "Attempted to run task " + ts.key + " on " + ts.suspicious + " different workers, but all"
            + " those workers died while running it. The last worker that attempted to run the task"
            + " was " + ws.id + how + ".", List.of(), null);
  }

  /** A scheduler event as dask logs one: its action, then name/value pairs. */
  private static Map<String, Object> event(String action, Object... pairs) {
    Map<String, Object> msg = new LinkedHashMap<>();
    msg.put("action", action);
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      msg.put((String) pairs[i], pairs[i + 1]);
    }
    return msg;
  }

  /** A nanny's reason for a death caused by memory: its heap ran out, or it killed the worker for memory. */
  private static boolean memoryDeath(String reason) {
    return reason != null && (reason.contains("OutOfMemoryError") || reason.contains("killed by its nanny"));
  }
}

package dev.weft.scheduler.state;

import dev.weft.protocol.ComputeTask;
import dev.weft.protocol.FreeKeys;
import dev.weft.protocol.ToClient;
import dev.weft.protocol.ToWorker;
import dev.weft.protocol.state.TransitionEngine;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one stimulus produces: the messages to send (effects) and the moves it recommends (through
 * the shared {@link TransitionEngine}). Every part of the scheduler writes here; the stimulus
 * runner collects the effects when the recommendations have settled.
 */
final class Outbox {

  private final Tables tables;
  /** The transition engine whose recommendations and log this stimulus feeds. */
  final TransitionEngine<TaskState, TaskStatus> engine;
  /** Effects produced by the current stimulus; null between stimuli. */
  private List<Effect> effects;
  /** Whether runs freed in the current stimulus are interrupted (a forced cancel); false between stimuli. */
  private boolean interrupting;

  Outbox(Tables tables, TransitionEngine<TaskState, TaskStatus> engine) {
    this.tables = tables;
    this.engine = engine;
  }

  /** Starts collecting for stimulus {@code stimulusId} at {@code nowMillis}. */
  void open(String stimulusId, long nowMillis) {
    if (effects != null) {
      throw new IllegalStateException("SchedulerState is not re-entrant");
    }
    engine.begin(stimulusId, nowMillis);
    effects = new ArrayList<>();
  }

  /** Ends the stimulus, returning its effects. */
  List<Effect> close() {
    List<Effect> done = effects;
    effects = null;
    interrupting = false;
    return done;
  }

  /** Ends a stimulus that failed: its effects and pending recommendations are dropped. */
  void abandon() {
    effects = null;
    interrupting = false;
    engine.abandon();
  }

  /**
   * For the rest of this stimulus, a running task the scheduler lets go has its thread interrupted
   * (a forced cancel: {@code mayInterruptIfRunning}). Only tasks actually released are touched; one
   * another client still wants is not.
   */
  void interruptReleasedRuns() {
    interrupting = true;
  }

  /** Time of the current stimulus. */
  long now() {
    return engine.now();
  }

  void recommend(TaskState ts, TaskStatus to) {
    engine.recommend(ts, to);
  }

  void transition(TaskState ts, TaskStatus to, Object cause) {
    engine.transition(ts, to, cause);
  }

  void toWorker(WorkerRecord ws, ToWorker message) {
    effects.add(new SendToWorker(ws.id, message));
  }

  /** News for {@code clientId}; dropped unless it is a connected client (holders of keys are not). */
  void toClient(String clientId, ToClient message) {
    if (tables.connected.containsKey(clientId)) {
      effects.add(new SendToClient(clientId, message));
    }
  }

  /** Any other effect of the current stimulus (a coordination answer or event). */
  void add(Effect effect) {
    effects.add(effect);
  }

  /** Tells {@code ws} to drop {@code key}, unless it has left (or been replaced) meanwhile. */
  void free(WorkerRecord ws, String key) {
    free(ws, key, false);
  }

  /** As {@link #free}, for a task released while processing: its run is interrupted during a forced cancel. */
  void freeProcessing(WorkerRecord ws, String key) {
    free(ws, key, interrupting);
  }

  private void free(WorkerRecord ws, String key, boolean interrupt) {
    if (tables.registered(ws)) {
      effects.add(new SendToWorker(ws.id, new FreeKeys(List.of(key), engine.stimulusId(), interrupt)));
    }
  }

  /** Tells {@code ws} to run {@code ts}, with where each dependency is held now. */
  void compute(WorkerRecord ws, TaskState ts) {
    Map<String, List<String>> whoHas = new HashMap<>();
    for (TaskState dep : ts.dependencies) {
      whoHas.put(dep.key, dep.holderIds());
    }
    effects.add(new SendToWorker(ws.id, new ComputeTask(ts.spec, ts.priority, whoHas, engine.stimulusId())));
  }
}
